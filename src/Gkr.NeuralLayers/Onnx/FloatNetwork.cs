namespace Gkr.NeuralLayers.Onnx;

/// <summary>A clamp fused into the layer that produces a value: ReLU is [0, ∞), ReLU6 is [0, 6]; none is (−∞, ∞).</summary>
/// <param name="Min">The lower bound (0 or −∞).</param>
/// <param name="Max">The upper bound (+∞ for none or ReLU).</param>
internal readonly record struct FloatActivation(float Min, float Max)
{
    /// <summary>No clamp.</summary>
    public static FloatActivation None => new(float.NegativeInfinity, float.PositiveInfinity);

    /// <summary>True when the clamp changes nothing.</summary>
    public bool IsNone => float.IsNegativeInfinity(Min) && float.IsPositiveInfinity(Max);

    internal float Apply(float x) => Math.Clamp(x, Min, Max);
}

/// <summary>One layer of a <see cref="FloatNetwork"/>; it reads the previous layer's value (or the input for the first).</summary>
internal abstract record FloatLayer
{
    private protected FloatLayer()
    {
    }

    /// <summary>The ONNX node the layer came from (its name, or its first output).</summary>
    public required string Node { get; init; }
}

/// <summary>A 2-D convolution with BatchNormalization and bias folded in: weights [C_out, C_in, kh, kw] row-major.</summary>
internal sealed record FloatConv(float[] Weights, int OutChannels, int InChannels, int KernelHeight, int KernelWidth, float[] Bias, int StrideHeight, int StrideWidth, int PadHeight, int PadWidth, FloatActivation Activation) : FloatLayer;

/// <summary>A fully connected layer (Gemm or MatMul + Add, BatchNormalization folded in): weights [out, in] row-major.</summary>
internal sealed record FloatDense(float[] Weights, int OutFeatures, int InFeatures, float[] Bias, FloatActivation Activation) : FloatLayer;

/// <summary>Max pooling without padding.</summary>
internal sealed record FloatMaxPool(int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth) : FloatLayer;

/// <summary>Average pooling without padding (GlobalAveragePool is the window of the whole plane).</summary>
internal sealed record FloatAveragePool(int KernelHeight, int KernelWidth, int StrideHeight, int StrideWidth, FloatActivation Activation) : FloatLayer;

/// <summary>The sum of the previous value and the earlier value <paramref name="SkipFrom"/> (−1: the input), then the clamp.</summary>
internal sealed record FloatResidualAdd(int SkipFrom, FloatActivation Activation) : FloatLayer;

/// <summary>A reshape (Flatten, Reshape, or a Transpose that moves only unit dimensions) to <paramref name="Target"/> (no batch dimension).</summary>
internal sealed record FloatReshape(int[] Target) : FloatLayer;

/// <summary>
/// The float network imported from ONNX: a chain of layers over one input of shape <see cref="InputShape"/>
/// ([C, H, W] or [features], batch dimension removed), where a residual add may also read an earlier value.
/// </summary>
public sealed class FloatNetwork
{
    internal FloatNetwork(int[] inputShape, IReadOnlyList<FloatLayer> layers, IReadOnlyList<int[]> shapes, string? droppedOutputOp)
    {
        InputShape = inputShape;
        Layers = layers;
        Shapes = shapes;
        DroppedOutputOp = droppedOutputOp;
    }

    /// <summary>The input shape without the batch dimension.</summary>
    public IReadOnlyList<int> InputShape { get; }

    internal IReadOnlyList<FloatLayer> Layers { get; }

    internal IReadOnlyList<int[]> Shapes { get; }

    /// <summary>One line per layer: its kind, the ONNX node it came from and its output shape.</summary>
    public IReadOnlyList<string> Describe() =>
        [.. Layers.Select((l, i) => $"{l.GetType().Name[5..]} '{l.Node}' -> [{string.Join(", ", Shapes[i])}]")];

    /// <summary>"Softmax" or "LogSoftmax" when that output operator was dropped (it does not change the argmax); otherwise null.</summary>
    public string? DroppedOutputOp { get; }

    /// <summary>The number of input elements.</summary>
    public int InputLength => InputShape.Aggregate(1, static (a, b) => a * b);

    /// <summary>Runs the network in float on one sample (layout of <see cref="InputShape"/>) and returns the output.</summary>
    /// <exception cref="ArgumentException">The input does not have <see cref="InputLength"/> elements.</exception>
    public float[] Evaluate(ReadOnlySpan<float> input) => Run(input)[^1];

    /// <summary>Every layer's value on one sample (the last is the output).</summary>
    internal float[][] Run(ReadOnlySpan<float> input)
    {
        if (input.Length != InputLength)
        {
            throw new ArgumentException($"The input has {input.Length} values; the network reads {InputLength}.", nameof(input));
        }

        float[] x = input.ToArray();
        int[] shape = [.. InputShape];
        var values = new float[Layers.Count][];
        for (int i = 0; i < Layers.Count; i++)
        {
            float[] current = x;
            values[i] = Layers[i] switch
            {
                FloatConv c => Conv(c, current, shape),
                FloatDense d => Dense(d, current),
                FloatMaxPool p => Pool(current, shape, p.KernelHeight, p.KernelWidth, p.StrideHeight, p.StrideWidth, max: true, FloatActivation.None),
                FloatAveragePool p => Pool(current, shape, p.KernelHeight, p.KernelWidth, p.StrideHeight, p.StrideWidth, max: false, p.Activation),
                FloatResidualAdd r => Add(current, r.SkipFrom < 0 ? input : values[r.SkipFrom], r.Activation),
                FloatReshape => current,
                _ => throw new InvalidOperationException($"Unknown layer {Layers[i]}."),
            };
            x = values[i];
            shape = Shapes[i];
        }

        return values;
    }

    private static float[] Conv(FloatConv c, float[] x, int[] shape)
    {
        int h = shape[1], w = shape[2];
        int oh = ((h + (2 * c.PadHeight) - c.KernelHeight) / c.StrideHeight) + 1;
        int ow = ((w + (2 * c.PadWidth) - c.KernelWidth) / c.StrideWidth) + 1;
        var y = new float[c.OutChannels * oh * ow];
        for (int o = 0; o < c.OutChannels; o++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    double sum = c.Bias[o];
                    for (int ci = 0; ci < c.InChannels; ci++)
                    {
                        for (int u = 0; u < c.KernelHeight; u++)
                        {
                            int yy = (i * c.StrideHeight) + u - c.PadHeight;
                            if (yy < 0 || yy >= h)
                            {
                                continue;
                            }

                            for (int v = 0; v < c.KernelWidth; v++)
                            {
                                int xx = (j * c.StrideWidth) + v - c.PadWidth;
                                if (xx >= 0 && xx < w)
                                {
                                    sum += (double)c.Weights[(((((o * c.InChannels) + ci) * c.KernelHeight) + u) * c.KernelWidth) + v] * x[(((ci * h) + yy) * w) + xx];
                                }
                            }
                        }
                    }

                    y[(((o * oh) + i) * ow) + j] = c.Activation.Apply((float)sum);
                }
            }
        }

        return y;
    }

    private static float[] Dense(FloatDense d, float[] x)
    {
        var y = new float[d.OutFeatures];
        for (int o = 0; o < d.OutFeatures; o++)
        {
            double sum = d.Bias[o];
            for (int i = 0; i < d.InFeatures; i++)
            {
                sum += (double)d.Weights[(o * d.InFeatures) + i] * x[i];
            }

            y[o] = d.Activation.Apply((float)sum);
        }

        return y;
    }

    private static float[] Pool(float[] x, int[] shape, int kh, int kw, int sh, int sw, bool max, FloatActivation activation)
    {
        int c = shape[0], h = shape[1], w = shape[2];
        int oh = ((h - kh) / sh) + 1, ow = ((w - kw) / sw) + 1;
        var y = new float[c * oh * ow];
        for (int ch = 0; ch < c; ch++)
        {
            for (int i = 0; i < oh; i++)
            {
                for (int j = 0; j < ow; j++)
                {
                    double acc = max ? double.NegativeInfinity : 0;
                    for (int u = 0; u < kh; u++)
                    {
                        for (int v = 0; v < kw; v++)
                        {
                            float value = x[(((ch * h) + (i * sh) + u) * w) + (j * sw) + v];
                            acc = max ? Math.Max(acc, value) : acc + value;
                        }
                    }

                    y[(((ch * oh) + i) * ow) + j] = activation.Apply((float)(max ? acc : acc / (kh * kw)));
                }
            }
        }

        return y;
    }

    private static float[] Add(float[] a, ReadOnlySpan<float> b, FloatActivation activation)
    {
        var y = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
        {
            y[i] = activation.Apply(a[i] + b[i]);
        }

        return y;
    }
}
