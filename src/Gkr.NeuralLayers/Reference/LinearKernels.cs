using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Reference;

/// <summary>
/// Dense and Conv2d over a batch: inputs are centered once (x − z_in, within ±255), then every output is
/// bias + an <see cref="IntegerDot"/> of a weight row with an input row. Conv2d gathers its input rows
/// (im2col: the C_in·kh·kw window of each output position, padding as 0) so both layers share the kernel.
/// Integer sums are exact in any order, so the loop order is free.
/// </summary>
internal static class LinearKernels
{
    /// <summary>Dense over <paramref name="batch"/> flat samples.</summary>
    public static long[] Dense(Dense layer, ReadOnlySpan<int> input, int batch)
    {
        int inFeatures = layer.InFeatures, outFeatures = layer.OutFeatures;
        int[] weights = layer.Weights.ToInt32();
        int[] centered = Centered(input, layer.InputZeroPoint);
        var output = new long[(long)batch * outFeatures];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<int> x = centered.AsSpan(b * inFeatures, inFeatures);
            for (int o = 0; o < outFeatures; o++)
            {
                output[(b * outFeatures) + o] = layer.Bias[o] + IntegerDot.Dot(weights.AsSpan(o * inFeatures, inFeatures), x);
            }
        }

        return output;
    }

    /// <summary>Conv2d over <paramref name="batch"/> images of <paramref name="inputShape"/>, giving <paramref name="outputShape"/> per sample.</summary>
    public static long[] Conv2d(Conv2d layer, ReadOnlySpan<int> input, TensorShape inputShape, TensorShape outputShape, int batch)
    {
        Window2d win = layer.Window;
        int channels = inputShape[0], height = inputShape[1], width = inputShape[2];
        int outHeight = outputShape[1], outWidth = outputShape[2], positions = outHeight * outWidth;
        int rowLength = channels * win.Area, inLength = inputShape.ElementCount;
        int[] weights = layer.Weights.ToInt32();
        int[] centered = Centered(input, layer.InputZeroPoint);
        var rows = new int[positions * rowLength];
        var offsets = new int[win.Area];
        var output = new long[(long)batch * outputShape.ElementCount];
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<int> image = centered.AsSpan(b * inLength, inLength);
            for (int p = 0; p < positions; p++)
            {
                win.Gather(height, width, p / outWidth, p % outWidth, offsets);
                Span<int> row = rows.AsSpan(p * rowLength, rowLength);
                for (int c = 0; c < channels; c++)
                {
                    ReadOnlySpan<int> plane = image.Slice(c * height * width, height * width);
                    for (int k = 0; k < offsets.Length; k++)
                    {
                        row[(c * offsets.Length) + k] = offsets[k] < 0 ? 0 : plane[offsets[k]]; // padding: centered 0
                    }
                }
            }

            Span<long> sample = output.AsSpan(b * outputShape.ElementCount, outputShape.ElementCount);
            for (int o = 0; o < layer.OutputChannels; o++)
            {
                ReadOnlySpan<int> w = weights.AsSpan(o * rowLength, rowLength);
                for (int p = 0; p < positions; p++)
                {
                    sample[(o * positions) + p] = layer.Bias[o] + IntegerDot.Dot(w, rows.AsSpan(p * rowLength, rowLength));
                }
            }
        }

        return output;
    }

    /// <summary>x − z for every value.</summary>
    internal static int[] Centered(ReadOnlySpan<int> input, int zeroPoint)
    {
        var centered = new int[input.Length];
        for (int i = 0; i < input.Length; i++)
        {
            centered[i] = input[i] - zeroPoint;
        }

        return centered;
    }
}
