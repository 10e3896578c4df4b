using Gkr.Protocol.Circuits;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// The geometry of a sliding-window layer (convolution, sum pool, max pool) over a batch of images: 2^β images of
/// C × H × W, a kh × kw window with stride (sh, sw) and zero padding (ph, pw) on each side.
/// </summary>
/// <remarks>
/// <para>Layout, the one convention of every window layer: an image tensor is one polynomial with index bits
/// [b][c][h][w] (high to low), each dimension padded to its power of two,
/// index = ((b·2^cv + c)·2^hv + h)·2^wv + w. Padded input positions may hold anything: the wiring only touches
/// h &lt; H and w &lt; W. Outputs are 0 at padded output positions (y ≥ OutHeight or x ≥ OutWidth).</para>
/// </remarks>
public sealed record WindowGeometry
{
    /// <summary>The largest size of any dimension, kernel, stride or padding.</summary>
    public const int MaxExtent = 1 << 16;

    /// <summary>A geometry; see the class summary.</summary>
    /// <exception cref="ArgumentException">A size below 1 (padding below 0), above 2^16, padding not below the kernel, a window larger than the padded input, or more than <see cref="CircuitLayer.MaxVariables"/> variables.</exception>
    public WindowGeometry(int BatchVariables, int Channels, int InHeight, int InWidth, int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, int PaddingHeight, int PaddingWidth)
    {
        if (BatchVariables < 0 || BatchVariables > CircuitLayer.MaxVariables)
        {
            throw new ArgumentException($"The batch variables must be in [0, {CircuitLayer.MaxVariables}]; got {BatchVariables}.", nameof(BatchVariables));
        }

        Check(Channels, 1, nameof(Channels));
        Check(InHeight, 1, nameof(InHeight));
        Check(InWidth, 1, nameof(InWidth));
        Check(KernelHeight, 1, nameof(KernelHeight));
        Check(KernelWidth, 1, nameof(KernelWidth));
        Check(StrideHeight, 1, nameof(StrideHeight));
        Check(StrideWidth, 1, nameof(StrideWidth));
        Check(PaddingHeight, 0, nameof(PaddingHeight));
        Check(PaddingWidth, 0, nameof(PaddingWidth));
        if (PaddingHeight >= KernelHeight || PaddingWidth >= KernelWidth)
        {
            throw new ArgumentException($"The padding ({PaddingHeight}, {PaddingWidth}) must be below the kernel ({KernelHeight}, {KernelWidth}).");
        }

        if (KernelHeight > InHeight + (2 * PaddingHeight) || KernelWidth > InWidth + (2 * PaddingWidth))
        {
            throw new ArgumentException($"The {KernelHeight}×{KernelWidth} window does not fit the padded {InHeight + (2 * PaddingHeight)}×{InWidth + (2 * PaddingWidth)} input.");
        }

        this.BatchVariables = BatchVariables;
        this.Channels = Channels;
        this.InHeight = InHeight;
        this.InWidth = InWidth;
        this.KernelHeight = KernelHeight;
        this.KernelWidth = KernelWidth;
        this.StrideHeight = StrideHeight;
        this.StrideWidth = StrideWidth;
        this.PaddingHeight = PaddingHeight;
        this.PaddingWidth = PaddingWidth;
        OutHeight = ((InHeight + (2 * PaddingHeight) - KernelHeight) / StrideHeight) + 1;
        OutWidth = ((InWidth + (2 * PaddingWidth) - KernelWidth) / StrideWidth) + 1;
        if (InputVariables > CircuitLayer.MaxVariables || OutputVariables > CircuitLayer.MaxVariables || KernelHeightVariables + KernelWidthVariables + ChannelVariables > CircuitLayer.MaxVariables)
        {
            throw new ArgumentException($"The tensors of {this} have more than 2^{CircuitLayer.MaxVariables} entries.");
        }
    }

    /// <summary>β: log2 of the batch.</summary>
    public int BatchVariables { get; }

    /// <summary>C: input channels.</summary>
    public int Channels { get; }

    /// <summary>H.</summary>
    public int InHeight { get; }

    /// <summary>W.</summary>
    public int InWidth { get; }

    /// <summary>kh.</summary>
    public int KernelHeight { get; }

    /// <summary>kw.</summary>
    public int KernelWidth { get; }

    /// <summary>sh.</summary>
    public int StrideHeight { get; }

    /// <summary>sw.</summary>
    public int StrideWidth { get; }

    /// <summary>ph: zero rows above and below.</summary>
    public int PaddingHeight { get; }

    /// <summary>pw: zero columns left and right.</summary>
    public int PaddingWidth { get; }

    /// <summary>(H + 2ph − kh) / sh + 1.</summary>
    public int OutHeight { get; }

    /// <summary>(W + 2pw − kw) / sw + 1.</summary>
    public int OutWidth { get; }

    /// <summary>log2 of the padded channels.</summary>
    public int ChannelVariables => Variables(Channels);

    /// <summary>log2 of the padded input height.</summary>
    public int InHeightVariables => Variables(InHeight);

    /// <summary>log2 of the padded input width.</summary>
    public int InWidthVariables => Variables(InWidth);

    /// <summary>log2 of the padded output height.</summary>
    public int OutHeightVariables => Variables(OutHeight);

    /// <summary>log2 of the padded output width.</summary>
    public int OutWidthVariables => Variables(OutWidth);

    /// <summary>log2 of the padded kernel height.</summary>
    public int KernelHeightVariables => Variables(KernelHeight);

    /// <summary>log2 of the padded kernel width.</summary>
    public int KernelWidthVariables => Variables(KernelWidth);

    /// <summary>β + cv + hv + wv: the input polynomial's variables.</summary>
    public int InputVariables => BatchVariables + ChannelVariables + InHeightVariables + InWidthVariables;

    /// <summary>β + cv + ohv + owv: the variables of a pool's output (a convolution has its own channel count).</summary>
    internal int OutputVariables => BatchVariables + ChannelVariables + OutHeightVariables + OutWidthVariables;

    /// <summary>⌈log2 n⌉ (0 for n ≤ 1).</summary>
    public static int Variables(int n) => n <= 1 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)(n - 1));

    /// <summary>Writes β as a byte and every other field as a little-endian u16 (the description of every window layer).</summary>
    internal void Write(CircuitDescriptionWriter writer)
    {
        writer.Byte((byte)BatchVariables);
        foreach (int v in (int[])[Channels, InHeight, InWidth, KernelHeight, KernelWidth, StrideHeight, StrideWidth, PaddingHeight, PaddingWidth])
        {
            writer.Byte((byte)(v & 0xFF));
            writer.Byte((byte)(v >> 8));
        }
    }

    /// <summary>Bytes of <see cref="Write"/>.</summary>
    internal const int EncodedLength = 19;

    /// <summary>Reads what <see cref="Write"/> wrote from the start of <paramref name="bytes"/>.</summary>
    /// <exception cref="MalformedCircuitException">Too few bytes, or an invalid geometry.</exception>
    internal static WindowGeometry Read(byte[] bytes)
    {
        if (bytes.Length < EncodedLength)
        {
            throw new MalformedCircuitException($"A window geometry has {EncodedLength} bytes; got {bytes.Length}.");
        }

        int U16(int i) => bytes[1 + (2 * i)] | (bytes[2 + (2 * i)] << 8);
        try
        {
            // A u16 of 0 would be 2^16 if it were allowed; sizes of 0 are refused by the constructor.
            return new WindowGeometry(bytes[0], U16(0), U16(1), U16(2), U16(3), U16(4), U16(5), U16(6), U16(7), U16(8));
        }
        catch (ArgumentException ex)
        {
            throw new MalformedCircuitException($"Invalid window geometry: {ex.Message}");
        }
    }

    /// <summary>For messages.</summary>
    public override string ToString() =>
        $"2^{BatchVariables}×{Channels}×{InHeight}×{InWidth}, window {KernelHeight}×{KernelWidth} stride ({StrideHeight}, {StrideWidth}) padding ({PaddingHeight}, {PaddingWidth})";

    private static void Check(int value, int min, string name)
    {
        if (value < min || value > MaxExtent)
        {
            throw new ArgumentException($"{name} must be in [{min}, {MaxExtent}]; got {value}.", name);
        }
    }
}
