namespace Gkr.NeuralLayers.Model;

/// <summary>
/// A sliding window over an image: kernel kh×kw, stride (sh, sw), zero padding (ph, pw) on each side.
/// The output size along an axis is ⌊(in + 2p − k) / s⌋ + 1 (PyTorch's rule, no dilation).
/// </summary>
public sealed record Window2d
{
    /// <summary>The largest kernel size, stride or padding (keeps every index computation far from overflow).</summary>
    public const int MaxExtent = 1 << 16;

    /// <summary>A window.</summary>
    /// <exception cref="ArgumentException">A kernel size or stride below 1, a negative padding, a value above <see cref="MaxExtent"/>, or padding not below the kernel size.</exception>
    public Window2d(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth, int paddingHeight = 0, int paddingWidth = 0)
    {
        Check(kernelHeight, 1, "kernel height");
        Check(kernelWidth, 1, "kernel width");
        Check(strideHeight, 1, "stride height");
        Check(strideWidth, 1, "stride width");
        Check(paddingHeight, 0, "padding height");
        Check(paddingWidth, 0, "padding width");
        if (paddingHeight >= kernelHeight || paddingWidth >= kernelWidth)
        {
            throw new ArgumentException($"Padding ({paddingHeight}, {paddingWidth}) must be below the kernel size ({kernelHeight}, {kernelWidth}): a window of padding only has no input.");
        }

        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        StrideHeight = strideHeight;
        StrideWidth = strideWidth;
        PaddingHeight = paddingHeight;
        PaddingWidth = paddingWidth;
    }

    /// <summary>kh.</summary>
    public int KernelHeight { get; }

    /// <summary>kw.</summary>
    public int KernelWidth { get; }

    /// <summary>sh.</summary>
    public int StrideHeight { get; }

    /// <summary>sw.</summary>
    public int StrideWidth { get; }

    /// <summary>ph: rows of zeros (real zeros: the input zero point) above and below.</summary>
    public int PaddingHeight { get; }

    /// <summary>pw: columns of zeros left and right.</summary>
    public int PaddingWidth { get; }

    /// <summary>kh·kw.</summary>
    public int Area => KernelHeight * KernelWidth;

    /// <summary>The output [C, H', W'] for an input image with <paramref name="channels"/> output channels.</summary>
    /// <exception cref="ArgumentException">The padded input is smaller than the kernel.</exception>
    public TensorShape Output(TensorShape input, int channels)
    {
        int height = input[1] + (2 * PaddingHeight) - KernelHeight;
        int width = input[2] + (2 * PaddingWidth) - KernelWidth;
        if (height < 0 || width < 0)
        {
            throw new ArgumentException($"the {KernelHeight}×{KernelWidth} window does not fit the padded {input[1] + (2 * PaddingHeight)}×{input[2] + (2 * PaddingWidth)} input {input}.");
        }

        return TensorShape.Chw(channels, (height / StrideHeight) + 1, (width / StrideWidth) + 1);
    }

    /// <summary>
    /// The offsets, within one H×W plane of <paramref name="height"/> × <paramref name="width"/>, of the kh·kw
    /// window of output position (<paramref name="i"/>, <paramref name="j"/>) in (u, v) row-major order; −1 where
    /// the window lies on padding. The one index map of convolution and pooling.
    /// </summary>
    internal void Gather(int height, int width, int i, int j, Span<int> offsets)
    {
        int k = 0;
        for (int u = 0; u < KernelHeight; u++)
        {
            int y = (i * StrideHeight) + u - PaddingHeight;
            for (int v = 0; v < KernelWidth; v++)
            {
                int x = (j * StrideWidth) + v - PaddingWidth;
                offsets[k++] = y >= 0 && y < height && x >= 0 && x < width ? (y * width) + x : -1;
            }
        }
    }

    /// <summary>For messages, e.g. <c>3×3 stride (1, 1) padding (1, 1)</c>.</summary>
    public override string ToString() => $"{KernelHeight}×{KernelWidth} stride ({StrideHeight}, {StrideWidth}) padding ({PaddingHeight}, {PaddingWidth})";

    private static void Check(int value, int min, string what)
    {
        if (value < min || value > MaxExtent)
        {
            throw new ArgumentException($"The window {what} must be in [{min}, {MaxExtent}]; got {value}.");
        }
    }
}
