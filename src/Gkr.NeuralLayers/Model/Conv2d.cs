namespace Gkr.NeuralLayers.Model;

/// <summary>
/// 2-D convolution (cross-correlation, as PyTorch and ONNX define Conv), no groups, no dilation:
/// acc[o, i, j] = bias[o] + Σ_{c, u, v} W[o, c, u, v]·(x[c, i·sh + u − ph, j·sw + v − pw] − z_in), where a
/// position outside the input is padding and contributes 0 (the padded value is the zero point: real zero).
/// Weights [C_out, C_in, kh, kw].
/// </summary>
public sealed record Conv2d : LinearLayer
{
    /// <summary>A convolution with weights [C_out, C_in, kh, kw], C_out biases, strides and zero paddings.</summary>
    /// <exception cref="ArgumentException">The weights are not rank 4, the bias count is not C_out, the zero point is outside −128..255, or the window is invalid (<see cref="Window2d"/>).</exception>
    public Conv2d(QuantizedTensor weights, ReadOnlySpan<int> bias, int inputZeroPoint, int strideHeight, int strideWidth, int paddingHeight, int paddingWidth)
        : base(weights, bias, inputZeroPoint, 4, "[C_out, C_in, kh, kw]")
    {
        Window = new Window2d(weights.Shape[2], weights.Shape[3], strideHeight, strideWidth, paddingHeight, paddingWidth);
    }

    /// <summary>A convolution with the same stride and padding along both axes.</summary>
    /// <exception cref="ArgumentException">As the full constructor.</exception>
    public Conv2d(QuantizedTensor weights, ReadOnlySpan<int> bias, int inputZeroPoint, int stride = 1, int padding = 0)
        : this(weights, bias, inputZeroPoint, stride, stride, padding, padding)
    {
    }

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.Conv2d;

    /// <summary>The kernel size (from the weights), strides and paddings.</summary>
    public Window2d Window { get; }

    /// <summary>C_in.</summary>
    public int InputChannels => Weights.Shape[1];

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier)
    {
        RequireImage(input, "Conv2d");
        RequireZeroPoint(input);
        if (input.Shape.Channels != InputChannels)
        {
            throw new ArgumentException($"input has {input.Shape.Channels} channels, weights expect {InputChannels}.");
        }

        return ValueSpec.Accumulator(Window.Output(input.Shape, OutputChannels));
    }
}
