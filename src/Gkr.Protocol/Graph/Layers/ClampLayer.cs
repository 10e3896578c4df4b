using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Graph.Layers;

/// <summary>
/// y = clamp(x, Low, High) element-wise (ReLU is Low = 0), x read from an earlier polynomial (signed values):
/// the output is a witness column the layer writes, tied to x only by a two-column lookup (x, y) into a
/// <see cref="Lookups.ClampTable"/> with the same bounds, which the circuit must add
/// (<see cref="GraphCircuitBuilder.AddClamp"/> does both). Its reducer turns each claim on its output into
/// the same claim on the witness column: nothing to prove here, the lookup and the witness opening do it.
/// </summary>
public sealed class ClampLayer : GraphLayer
{
    /// <summary>The registered kind (tag 3, "clamp"; description: i64 low, i64 high).</summary>
    public static GraphLayerKind Kind { get; } = new(3, "clamp", typeof(ClampLayer), Decode);

    private readonly PolynomialRef _source, _column;

    /// <summary>Clamps <paramref name="source"/> to [<paramref name="low"/>, <paramref name="high"/>] into the witness column <paramref name="column"/>.</summary>
    public ClampLayer(PolynomialRef source, PolynomialRef column, int numVariables, long low, long high)
        : base(numVariables)
    {
        if (low > high)
        {
            throw new ArgumentOutOfRangeException(nameof(low), $"Clamp bounds [{low}, {high}] are empty.");
        }

        _source = source;
        _column = column;
        Low = low;
        High = high;
    }

    /// <summary>The witness column holding the output.</summary>
    public PolynomialRef Column => _column;

    /// <summary>The lower bound.</summary>
    public long Low { get; }

    /// <summary>The upper bound.</summary>
    public long High { get; }

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_source, _column];

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Writes => [_column];

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        Reads.All(r => numVariables(r) == NumVariables) ? null : $"every polynomial it reads has 2^{NumVariables} values.";

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Repeat(_column, claimCount)];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([], 1, 0);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_source);
        var y = new Goldilocks[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            y[i] = Goldilocks.FromInt64(Math.Clamp(x[i].ToInt64(), Low, High));
        }

        y.CopyTo(context.Output, 0);
        context.SetWitness(_column, y);
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return (new GkrLayerProof([], []), [.. context.Claims.Select(c => c with { On = _column })]);
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [.. context.Claims.Select(c => c with { On = _column })];
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.UInt64((ulong)Low);
        writer.UInt64((ulong)High);
    }

    private static ClampLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (header.Reads.Count != 2 || header.Writes.Count != 1 || header.Reads[1] != header.Writes[0] || description.Length != 16)
        {
            throw new MalformedCircuitException("A clamp layer reads its source and its column, writes the column, and has two 64-bit bounds.");
        }

        long low = BinaryPrimitives.ReadInt64LittleEndian(description), high = BinaryPrimitives.ReadInt64LittleEndian(description.AsSpan(8));
        return low <= high ? new ClampLayer(header.Reads[0], header.Writes[0], header.NumVariables, low, high) : throw new MalformedCircuitException($"Clamp layer bounds [{low}, {high}] are empty.");
    }
}
