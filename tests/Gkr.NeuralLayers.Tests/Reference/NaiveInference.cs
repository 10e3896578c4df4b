using System.Numerics;
using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Tests.Reference;

/// <summary>
/// The straightforward reference: each layer written from its formula with nested loops over one sample,
/// long arithmetic, and requantization as "the nearest integer to v / 2^n" computed in BigInteger.
/// </summary>
internal static class NaiveInference
{
    /// <summary>Every layer's output for one sample, as long.</summary>
    public static long[][] Run(QuantizedModel model, long[] input)
    {
        var values = new long[model.Layers.Count][];
        for (int l = 0; l < values.Length; l++)
        {
            long[] x = l == 0 ? input : values[l - 1];
            ValueSpec from = model.ValueOf(l - 1), to = model.Values[l];
            values[l] = model.Layers[l] switch
            {
                Dense d => Dense(d, x),
                Conv2d c => Conv(c, x, from.Shape, to.Shape),
                Requantize r => [.. x.Select((v, i) => Requantize(r.Parameters, v, i / (x.Length / from.Shape.Channels)))],
                MaxPool2d p => Pool(p.Window, x, from.Shape, to.Shape, 0, long.MinValue, Math.Max),
                SumPool2d p => Pool(p.Window, x, from.Shape, to.Shape, from.ZeroPoint, 0, (a, b) => a + b),
                ResidualAdd a => [.. x.Select((v, i) => ((v - from.ZeroPoint) * a.MainMultiplier) + ((Skip(a)[i] - model.ValueOf(a.SkipFrom).ZeroPoint) * a.SkipMultiplier))],
                _ => x,
            };
        }

        return values;

        long[] Skip(ResidualAdd a) => a.SkipFrom == QuantizedModel.InputIndex ? input : values[a.SkipFrom];
    }

    /// <summary>clamp(nearest(v·M / 2^(31+s)) + z): the nearest integer, ties up or to even.</summary>
    public static long Requantize(Requantization q, long x, int channel)
    {
        ChannelScale scale = q.ScaleOf(channel);
        BigInteger v = (BigInteger)x * scale.Multiplier, d = BigInteger.One << scale.TotalShift;
        BigInteger low = BigInteger.Divide(v, d);
        if (low * d > v)
        {
            low -= 1; // floor for negatives
        }

        BigInteger below = v - (low * d), above = ((low + 1) * d) - v;
        BigInteger nearest = below < above ? low
            : below > above ? low + 1
            : q.Rounding == RoundingMode.RoundHalfUp ? low + 1
            : low.IsEven ? low : low + 1;
        return (long)BigInteger.Clamp(nearest + q.ZeroPoint, q.Min, q.Max);
    }

    private static long[] Dense(Dense d, long[] x)
    {
        var y = new long[d.OutFeatures];
        for (int o = 0; o < d.OutFeatures; o++)
        {
            y[o] = d.Bias[o];
            for (int i = 0; i < d.InFeatures; i++)
            {
                y[o] += d.Weights.Values[(o * d.InFeatures) + i] * (x[i] - d.InputZeroPoint);
            }
        }

        return y;
    }

    private static long[] Conv(Conv2d c, long[] x, TensorShape input, TensorShape output)
    {
        Window2d w = c.Window;
        var y = new long[output.ElementCount];
        for (int o = 0; o < output[0]; o++)
        {
            for (int i = 0; i < output[1]; i++)
            {
                for (int j = 0; j < output[2]; j++)
                {
                    long sum = c.Bias[o];
                    for (int ch = 0; ch < input[0]; ch++)
                    {
                        for (int u = 0; u < w.KernelHeight; u++)
                        {
                            for (int v = 0; v < w.KernelWidth; v++)
                            {
                                int row = (i * w.StrideHeight) + u - w.PaddingHeight, col = (j * w.StrideWidth) + v - w.PaddingWidth;
                                long centered = row < 0 || row >= input[1] || col < 0 || col >= input[2] ? 0 : x[(((ch * input[1]) + row) * input[2]) + col] - c.InputZeroPoint;
                                sum += c.Weights.Values[(((((o * input[0]) + ch) * w.KernelHeight) + u) * w.KernelWidth) + v] * centered;
                            }
                        }
                    }

                    y[(((o * output[1]) + i) * output[2]) + j] = sum;
                }
            }
        }

        return y;
    }

    private static long[] Pool(Window2d w, long[] x, TensorShape input, TensorShape output, int zeroPoint, long seed, Func<long, long, long> combine)
    {
        var y = new long[output.ElementCount];
        for (int ch = 0; ch < output[0]; ch++)
        {
            for (int i = 0; i < output[1]; i++)
            {
                for (int j = 0; j < output[2]; j++)
                {
                    long acc = seed;
                    for (int u = 0; u < w.KernelHeight; u++)
                    {
                        for (int v = 0; v < w.KernelWidth; v++)
                        {
                            acc = combine(acc, x[(((ch * input[1]) + (i * w.StrideHeight) + u) * input[2]) + (j * w.StrideWidth) + v] - zeroPoint);
                        }
                    }

                    y[(((ch * output[1]) + i) * output[2]) + j] = acc;
                }
            }
        }

        return y;
    }
}
