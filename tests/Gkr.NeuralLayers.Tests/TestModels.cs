using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Tests;

/// <summary>Small models for the tests: a fixed one (golden bytes) and seeded random ones of every layer kind.</summary>
internal static class TestModels
{
    /// <summary>A fixed model: conv 3×3 pad 1, per-channel requantize with ReLU, max pool, residual-free flatten, dense, requantize, argmax.</summary>
    public static QuantizedModel Fixed()
    {
        sbyte[] convWeights = [.. Enumerable.Range(0, 2 * 1 * 3 * 3).Select(i => (sbyte)((i * 37 % 255) - 127))];
        sbyte[] denseWeights = [.. Enumerable.Range(0, 3 * 8).Select(i => (sbyte)((i * 53 % 251) - 125))];
        return new QuantizedModel(
            TensorShape.Chw(1, 4, 4),
            QuantizedType.UInt8,
            3,
            [
                new Conv2d(new QuantizedTensor(new TensorShape(2, 1, 3, 3), convWeights), [100, -200], 3, stride: 1, padding: 1),
                new Requantize(new Requantization([new ChannelScale(181 << 23, 4), new ChannelScale(3 << 29, 5)], RoundingMode.RoundHalfUp, QuantizedType.Int8, -128, -128, 127)),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(new QuantizedTensor(new TensorShape(3, 8), denseWeights), [7, -7, 0], -128),
                new Requantize(Requantization.PerTensor(new ChannelScale(1 << 30, 6), RoundingMode.RoundHalfToEven, QuantizedType.Int8, 0)),
            ],
            ModelOutput.Argmax);
    }

    /// <summary>A random model of every layer kind, from <paramref name="seed"/>: small shapes, random strides, paddings, channels and quantization.</summary>
    public static QuantizedModel Random(int seed)
    {
        var random = new Random(seed);
        QuantizedType inputType = RandomType(random);
        int zeroPoint = random.Next(inputType.MinValue(), inputType.MaxValue() + 1);
        int channels = random.Next(1, 4), height = random.Next(3, 8), width = random.Next(3, 8);
        var layers = new List<ModelLayer>();
        var shape = TensorShape.Chw(channels, height, width);

        // Conv2d with random kernel, stride and padding, then per-channel requantization.
        int kh = random.Next(1, Math.Min(4, height + 1)), kw = random.Next(1, Math.Min(4, width + 1));
        int outChannels = random.Next(1, 4);
        var conv = new Conv2d(
            Weights(random, outChannels, channels, kh, kw), Biases(random, outChannels), zeroPoint,
            random.Next(1, 3), random.Next(1, 3), random.Next(0, kh), random.Next(0, kw));
        layers.Add(conv);
        shape = conv.Window.Output(shape, outChannels);
        (Requantize requantize, zeroPoint) = RandomRequantize(random, outChannels);
        layers.Add(requantize);

        // A residual of the requantized conv output with itself through a same-shape branch.
        if (random.Next(2) == 0)
        {
            int skip = layers.Count - 1;
            layers.Add(new MaxPool2d(1, 1, 1, 1));
            layers.Add(new ResidualAdd(skip, random.Next(1, 1 << 12), random.Next(1, 1 << 12)));
            (requantize, zeroPoint) = RandomRequantize(random, 1);
            layers.Add(requantize);
        }

        // A pool when it fits.
        int ph = random.Next(1, Math.Min(3, shape[1]) + 1), pw = random.Next(1, Math.Min(3, shape[2]) + 1);
        var window = new Window2d(ph, pw, random.Next(1, 3), random.Next(1, 3));
        if (random.Next(2) == 0)
        {
            layers.Add(new MaxPool2d(window.KernelHeight, window.KernelWidth, window.StrideHeight, window.StrideWidth));
        }
        else
        {
            layers.Add(new SumPool2d(window.KernelHeight, window.KernelWidth, window.StrideHeight, window.StrideWidth));
            (requantize, zeroPoint) = RandomRequantize(random, 1);
            layers.Add(requantize);
        }

        shape = window.Output(shape, shape[0]);
        layers.Add(random.Next(2) == 0 ? new Flatten() : new Reshape(TensorShape.Flat(shape.ElementCount)));
        int outFeatures = random.Next(1, 6);
        layers.Add(new Dense(Weights(random, outFeatures, shape.ElementCount), Biases(random, outFeatures), zeroPoint));
        layers.Add(RandomRequantize(random, random.Next(2) == 0 ? 1 : outFeatures).Layer);
        return new QuantizedModel(TensorShape.Chw(channels, height, width), inputType, layers[0] is Conv2d c ? c.InputZeroPoint : 0, layers, random.Next(2) == 0 ? ModelOutput.Logits : ModelOutput.Argmax);
    }

    /// <summary>Random input values of the model's type for <paramref name="batch"/> samples.</summary>
    public static int[] Input(QuantizedModel model, int batch, int seed)
    {
        var random = new Random(seed);
        QuantizedType type = model.Input.Type!.Value;
        return [.. Enumerable.Range(0, batch * model.Input.Shape.ElementCount).Select(_ => random.Next(type.MinValue(), type.MaxValue() + 1))];
    }

    /// <summary>A random requantization with <paramref name="scales"/> scales of at most 12 significant bits (remainders ≤ 20 bits).</summary>
    public static (Requantize Layer, int ZeroPoint) RandomRequantize(Random random, int scales)
    {
        QuantizedType type = RandomType(random);
        int zeroPoint = random.Next(type.MinValue(), type.MaxValue() + 1);
        int min = random.Next(2) == 0 ? zeroPoint : type.MinValue(); // fused ReLU or the full range
        int max = random.Next(Math.Max(min, zeroPoint), type.MaxValue() + 1);
        ChannelScale[] s = [.. Enumerable.Range(0, scales).Select(_ =>
        {
            int bits = random.Next(1, 13);
            return new ChannelScale(random.Next(1, 1 << bits) << (31 - bits), random.Next(0, 9));
        })];
        var rounding = random.Next(2) == 0 ? RoundingMode.RoundHalfUp : RoundingMode.RoundHalfToEven;
        return (new Requantize(new Requantization(s, rounding, type, zeroPoint, min, max)), zeroPoint);
    }

    private static QuantizedType RandomType(Random random) => random.Next(2) == 0 ? QuantizedType.Int8 : QuantizedType.UInt8;

    private static QuantizedTensor Weights(Random random, params int[] dims)
    {
        var shape = new TensorShape(dims);
        return new QuantizedTensor(shape, [.. Enumerable.Range(0, shape.ElementCount).Select(_ => (sbyte)random.Next(-128, 128))]);
    }

    private static int[] Biases(Random random, int count) => [.. Enumerable.Range(0, count).Select(_ => random.Next(-5000, 5001))];
}
