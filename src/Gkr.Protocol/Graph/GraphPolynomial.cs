namespace Gkr.Protocol.Graph;

/// <summary>A named table or witness column of a <see cref="GraphCircuit"/>: 2^<paramref name="NumVariables"/> values.</summary>
/// <param name="Name">A name for reports and errors (not unique; at most 255 UTF-8 bytes).</param>
/// <param name="NumVariables">log2 of its size.</param>
public sealed record GraphPolynomial(string Name, int NumVariables);
