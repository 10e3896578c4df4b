using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Reference;

/// <summary>MaxPool2d and SumPool2d over a batch of [C, H, W] activation images (no padding).</summary>
internal static class PoolKernels
{
    /// <summary>The window maximum of every output position.</summary>
    public static int[] Max(Window2d window, ReadOnlySpan<int> input, TensorShape inputShape, TensorShape outputShape, int batch)
    {
        var output = new int[(long)batch * outputShape.ElementCount];
        int[] source = input.ToArray();
        Pool(window, inputShape, outputShape, batch, (o, offsets) =>
        {
            int max = int.MinValue;
            foreach (int at in offsets)
            {
                max = Math.Max(max, source[at]);
            }

            output[o] = max;
        });
        return output;
    }

    /// <summary>The window sum of x − z of every output position.</summary>
    public static long[] Sum(Window2d window, ReadOnlySpan<int> input, int zeroPoint, TensorShape inputShape, TensorShape outputShape, int batch)
    {
        var output = new long[(long)batch * outputShape.ElementCount];
        int[] source = input.ToArray();
        Pool(window, inputShape, outputShape, batch, (o, offsets) =>
        {
            long sum = 0;
            foreach (int at in offsets)
            {
                sum += source[at] - zeroPoint;
            }

            output[o] = sum;
        });
        return output;
    }

    /// <summary>Calls <paramref name="reduce"/> with each output index and the input offsets of its window.</summary>
    private static void Pool(Window2d win, TensorShape inputShape, TensorShape outputShape, int batch, Action<int, int[]> reduce)
    {
        int channels = inputShape[0], height = inputShape[1], width = inputShape[2];
        int outHeight = outputShape[1], outWidth = outputShape[2];
        var offsets = new int[win.Area];
        int o = 0;
        for (int b = 0; b < batch; b++)
        {
            for (int c = 0; c < channels; c++)
            {
                int plane = ((b * channels) + c) * height * width;
                for (int i = 0; i < outHeight; i++)
                {
                    for (int j = 0; j < outWidth; j++)
                    {
                        win.Gather(height, width, i, j, offsets);
                        for (int k = 0; k < offsets.Length; k++)
                        {
                            offsets[k] += plane; // a pool has no padding: every offset is inside
                        }

                        reduce(o++, offsets);
                    }
                }
            }
        }
    }
}
