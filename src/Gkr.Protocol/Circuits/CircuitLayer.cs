using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// One layer of a <see cref="LayeredCircuit"/>: a map from the values of the layer before it
/// (2^<see cref="InputVariables"/> of them) to 2^<see cref="NumVariables"/> output values.
/// </summary>
/// <remarks>
/// <para>A layer kind is two things: this description (evaluation and canonical bytes, which enter the
/// circuit digest) and an <see cref="ILayerReducer"/> that reduces a claim on the layer's multilinear
/// extension to claims on the previous layer's. Generic gate layers (<see cref="GateLayer"/>) and matrix
/// products (<see cref="MatMulLayer"/>) are the two kinds so far; a new kind (convolution, element-wise
/// product, lookup) subclasses this and supplies its reducer, and the GKR prover and verifier walk it
/// like any other layer.</para>
/// <para>Values use the variable order of <see cref="Polynomials.MultilinearTable{T}"/>: variable 0 is
/// the most significant bit of the value index.</para>
/// </remarks>
public abstract class CircuitLayer
{
    /// <summary>Largest number of variables of a layer (2^26 values).</summary>
    public const int MaxVariables = 26;

    /// <summary>A layer reading 2^<paramref name="inputVariables"/> values and producing 2^<paramref name="numVariables"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size outside 0..<see cref="MaxVariables"/>.</exception>
    protected CircuitLayer(int inputVariables, int numVariables)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputVariables, MaxVariables);
        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, MaxVariables);
        InputVariables = inputVariables;
        NumVariables = numVariables;
    }

    /// <summary>log2 of the (padded) size of the layer this one reads.</summary>
    public int InputVariables { get; }

    /// <summary>log2 of the (padded) output size.</summary>
    public int NumVariables { get; }

    /// <summary>Number of leading outputs that can be non-zero; outputs from here to 2^n are always zero.</summary>
    public abstract int Width { get; }

    /// <summary>A size figure for reports: gates, or multiply-adds for a matrix product.</summary>
    public abstract long Size { get; }

    /// <summary>The kind tag written first in <see cref="WriteDescription"/>.</summary>
    public abstract byte KindTag { get; }

    /// <summary>The claim reducer that proves and verifies this layer.</summary>
    public abstract ILayerReducer Reducer { get; }

    /// <summary>
    /// Writes the 2^n outputs for the 2^<see cref="InputVariables"/> values in <paramref name="input"/>
    /// (every output is written, the zero padding included).
    /// </summary>
    /// <exception cref="ArgumentException">Wrong lengths.</exception>
    public abstract void Evaluate(Goldilocks[] input, Goldilocks[] output, SumcheckOptions options);

    /// <summary>Writes the layer's canonical description (kind-specific part, after the common header).</summary>
    public abstract void WriteDescription(CircuitDescriptionWriter writer);

    /// <summary>Throws unless the arrays have the sizes this layer reads and writes.</summary>
    protected void CheckSizes(Goldilocks[] input, Goldilocks[] output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (input.Length != 1 << InputVariables || output.Length != 1 << NumVariables)
        {
            throw new ArgumentException($"The layer reads 2^{InputVariables} values and writes 2^{NumVariables}, got {input.Length} and {output.Length}.");
        }
    }
}

/// <summary>Appends the little-endian integers of a canonical circuit description.</summary>
public sealed class CircuitDescriptionWriter
{
    private readonly List<byte> _bytes = [];

    /// <summary>One byte.</summary>
    public void Byte(byte value) => _bytes.Add(value);

    /// <summary>A u32, little-endian.</summary>
    public void UInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
    }

    /// <summary>A u64, little-endian.</summary>
    public void UInt64(ulong value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, value);
        _bytes.AddRange(buffer);
    }

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => [.. _bytes];
}

/// <summary>A circuit description is invalid: an index out of range, a size that is not a power of two, a bad file.</summary>
/// <remarks>Derives from <see cref="Serialization.MalformedEncodingException"/> (a <see cref="FormatException"/>), so the CLI reports it as bad input (exit code 2).</remarks>
public sealed class MalformedCircuitException(string message) : Serialization.MalformedEncodingException(message);
