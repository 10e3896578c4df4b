using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Reference;

/// <summary>Requantize and ResidualAdd over a batch: element by element, exact (<see cref="Requantization.Apply"/>, int64 sums).</summary>
internal static class ElementwiseKernels
{
    /// <summary>Requantizes every accumulator; the channel of element i is i / (n / C) (dimension 0).</summary>
    public static int[] Requantize(Requantization q, ReadOnlySpan<long> input, TensorShape shape)
    {
        int n = shape.ElementCount, perChannel = n / shape.Channels;
        var output = new int[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = q.Apply(input[i], i % n / perChannel);
        }

        return output;
    }

    /// <summary>(a − z_a)·M_a + (b − z_b)·M_b for every element.</summary>
    public static long[] Residual(ResidualAdd layer, ReadOnlySpan<int> main, int mainZeroPoint, ReadOnlySpan<int> skip, int skipZeroPoint)
    {
        var output = new long[main.Length];
        for (int i = 0; i < main.Length; i++)
        {
            output[i] = ((long)(main[i] - mainZeroPoint) * layer.MainMultiplier) + ((long)(skip[i] - skipZeroPoint) * layer.SkipMultiplier);
        }

        return output;
    }

    /// <summary>Per sample, the index of the largest value (the lowest index among equal maxima).</summary>
    public static int[] Argmax(LayerTensor value)
    {
        var argmax = new int[value.Batch];
        for (int b = 0; b < value.Batch; b++)
        {
            int best = 0;
            for (int i = 1; i < value.SampleLength; i++)
            {
                if (value[b, i] > value[b, best])
                {
                    best = i;
                }
            }

            argmax[b] = best;
        }

        return argmax;
    }
}
