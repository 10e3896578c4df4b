using System.Collections.Immutable;
using System.Security.Cryptography;
using Gkr.Field;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// A layered arithmetic circuit over Goldilocks: an input layer of <see cref="InputWidth"/> values
/// (padded with zeros to 2^<see cref="InputVariables"/>) and <see cref="Layers"/>, each reading only the
/// layer before it. Layers are listed from the input towards the output; the last one is the output.
/// </summary>
/// <remarks>
/// <para>The input layer is, for now, entirely public: the GKR verifier evaluates its multilinear
/// extension itself. The seam for committed inputs is <see cref="Gkr.IInputClaimChecker"/>.</para>
/// <para>The canonical description (<see cref="CanonicalBytes"/>) is:
/// the <see cref="GkrFormat"/> header (kind <see cref="EncodingKind.Circuit"/>, element size 8), u32 input
/// width, u8 input variables, u32 layer count, then per layer
/// u8 kind tag, u8 input variables, u8 output variables and the kind's own fields (little-endian):
/// gate layer: u8 copy variables, u32 gate count, per gate u8 kind, u32 left, u32 right, u64 constant;
/// matrix product: u32 offset, u32 rows, u32 cols for A then B. <see cref="Digest"/> is its SHA-256,
/// absorbed into the transcript before any challenge. The same bytes are the binary circuit file, read
/// back by <see cref="CircuitEncoding.Decode"/>.</para>
/// </remarks>
public sealed class LayeredCircuit
{
    private byte[]? _digest;

    internal LayeredCircuit(int inputWidth, int inputVariables, ImmutableArray<CircuitLayer> layers)
    {
        InputWidth = inputWidth;
        InputVariables = inputVariables;
        Layers = layers;
    }

    /// <summary>Number of input values.</summary>
    public int InputWidth { get; }

    /// <summary>log2 of the padded input size.</summary>
    public int InputVariables { get; }

    /// <summary>The layers, input side first.</summary>
    public ImmutableArray<CircuitLayer> Layers { get; }

    /// <summary>Number of output values (the output layer's <see cref="CircuitLayer.Width"/>).</summary>
    public int OutputWidth => Layers[^1].Width;

    /// <summary>log2 of the padded output size.</summary>
    public int OutputVariables => Layers[^1].NumVariables;

    /// <summary>Σ layer sizes (gates, and multiply-adds of matrix products).</summary>
    public long Size => Layers.Sum(l => l.Size);

    /// <summary>log2 of the padded size of layer <paramref name="index"/> where −1 is the input layer.</summary>
    public int VariablesOf(int index) => index < 0 ? InputVariables : Layers[index].NumVariables;

    /// <summary>The canonical description (see the type's remarks).</summary>
    public byte[] CanonicalBytes()
    {
        var writer = new CircuitDescriptionWriter();
        foreach (byte b in GkrFormat.Magic)
        {
            writer.Byte(b);
        }

        writer.Byte((byte)(GkrFormat.Version & 0xFF));
        writer.Byte((byte)(GkrFormat.Version >> 8));
        writer.Byte((byte)EncodingKind.Circuit);
        writer.Byte((byte)Goldilocks.EncodedLength);
        writer.UInt32((uint)InputWidth);
        writer.Byte((byte)InputVariables);
        writer.UInt32((uint)Layers.Length);
        foreach (CircuitLayer layer in Layers)
        {
            writer.Byte(layer.KindTag);
            writer.Byte((byte)layer.InputVariables);
            writer.Byte((byte)layer.NumVariables);
            layer.WriteDescription(writer);
        }

        return writer.ToArray();
    }

    /// <summary>SHA-256 of <see cref="CanonicalBytes"/>: the circuit's identity in every statement.</summary>
    public ReadOnlySpan<byte> Digest => _digest ??= SHA256.HashData(CanonicalBytes());

    /// <summary>Evaluates every layer (multi-threaded per layer unless <paramref name="options"/> says otherwise).</summary>
    /// <exception cref="ArgumentException">The input does not have <see cref="InputWidth"/> values.</exception>
    public CircuitValues Evaluate(ReadOnlySpan<Goldilocks> input, SumcheckOptions? options = null)
    {
        if (input.Length != InputWidth)
        {
            throw new ArgumentException($"The circuit takes {InputWidth} inputs, got {input.Length}.", nameof(input));
        }

        SumcheckOptions opts = options ?? SumcheckOptions.Default;
        var values = new Goldilocks[Layers.Length + 1][];
        values[0] = new Goldilocks[1 << InputVariables];
        input.CopyTo(values[0]);
        for (int i = 0; i < Layers.Length; i++)
        {
            values[i + 1] = GC.AllocateUninitializedArray<Goldilocks>(1 << Layers[i].NumVariables);
            Layers[i].Evaluate(values[i], values[i + 1], opts);
        }

        return new CircuitValues(this, values);
    }
}

/// <summary>The values of every layer of an evaluated circuit.</summary>
public sealed class CircuitValues
{
    private readonly Goldilocks[][] _layers;

    internal CircuitValues(LayeredCircuit circuit, Goldilocks[][] layers)
    {
        Circuit = circuit;
        _layers = layers;
    }

    /// <summary>The circuit evaluated.</summary>
    public LayeredCircuit Circuit { get; }

    /// <summary>Values of layer <paramref name="index"/> (−1 = the padded input), 2^n each.</summary>
    public ReadOnlySpan<Goldilocks> Layer(int index) => _layers[index + 1];

    /// <summary>The first <see cref="LayeredCircuit.OutputWidth"/> values of the output layer.</summary>
    public Goldilocks[] Output => _layers[^1][..Circuit.OutputWidth];

    internal Goldilocks[] LayerArray(int index) => _layers[index + 1];
}
