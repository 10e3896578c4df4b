using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Reference;

namespace Gkr.NeuralLayers.Zoo;

/// <summary>
/// Deterministic synthetic networks of the shapes the field benchmarks on (zkCNN's LeNet-5 and VGG-16, and ResNet-18 in
/// CIFAR-10 shape): int8 weights from a seeded He initialisation, each requantization calibrated on seeded synthetic
/// inputs so that the activations use the int8 range. Same name and seed, same model (and digest), on every machine.
/// </summary>
/// <remarks>
/// Calibration: after each Conv2d or Dense the model built so far runs (<see cref="ReferenceInference"/>) on
/// <see cref="CalibrationSamples"/> inputs; the next Requantize gets the scale 127 / max|acc| (per tensor), with a fused
/// ReLU except after the last layer. Weights are He-initialised (σ = √(2 / fan-in)) and quantized per tensor to int8
/// with scale max|w| / 127, biases drawn small. The values are synthetic: the models measure cost, not accuracy.
/// </remarks>
public static class ModelZoo
{
    /// <summary>Inputs used to calibrate each requantization.</summary>
    public const int CalibrationSamples = 2;

    /// <summary>The names <see cref="Create"/> knows.</summary>
    public static IReadOnlyList<string> Names { get; } = ["lenet5", "vgg16", "resnet18", "tiny-cnn"];

    /// <summary>The synthetic model called <paramref name="name"/> (see <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException">An unknown name (the message lists the known ones).</exception>
    public static QuantizedModel Create(string name, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name switch
        {
            "lenet5" => LeNet5(seed),
            "vgg16" => Vgg16(seed),
            "resnet18" => ResNet18(seed),
            "tiny-cnn" => TinyCnn(seed),
            _ => throw new ArgumentException($"Unknown zoo model \"{name}\"; known: {string.Join(", ", Names)}.", nameof(name)),
        };
    }

    /// <summary>LeNet-5 on 1×28×28 (Fashion-MNIST): conv 6@5×5 pad 2, ReLU, max-pool 2, conv 16@5×5, ReLU, max-pool 2, dense 120, 84, 10.</summary>
    public static QuantizedModel LeNet5(int seed = 1)
    {
        var b = new Builder(TensorShape.Chw(1, 28, 28), seed);
        b.Conv(6, 5, 1, 2).Relu().MaxPool(2).Conv(16, 5, 1, 0).Relu().MaxPool(2).Flatten().Dense(120).Relu().Dense(84).Relu().Dense(10).Logits();
        return b.Build();
    }

    /// <summary>VGG-16 on 3×32×32 (CIFAR-10): 13 convolutions 3×3 pad 1 in five blocks (64, 128, 256, 512, 512) with 2×2 max-pools, then dense 512, 512, 10.</summary>
    public static QuantizedModel Vgg16(int seed = 1)
    {
        var b = new Builder(TensorShape.Chw(3, 32, 32), seed);
        foreach ((int channels, int convs) in new[] { (64, 2), (128, 2), (256, 3), (512, 3), (512, 3) })
        {
            for (int i = 0; i < convs; i++)
            {
                b.Conv(channels, 3, 1, 1).Relu();
            }

            b.MaxPool(2);
        }

        b.Flatten().Dense(512).Relu().Dense(512).Relu().Dense(10).Logits();
        return b.Build();
    }

    /// <summary>
    /// ResNet-18-shaped on 3×32×32 (CIFAR-10): conv 64@3×3, four stages (64, 128, 256, 512) of two basic blocks with
    /// identity shortcuts, global sum-pool, dense 10. Where ResNet-18 changes width and resolution inside a block with a
    /// 1×1 projection shortcut, this model (a layer list whose only branch is <see cref="ResidualAdd"/>) uses a
    /// 3×3 stride-2 convolution before the stage's blocks: 20 convolutions, as ResNet-18 has with its projections.
    /// </summary>
    public static QuantizedModel ResNet18(int seed = 1)
    {
        var b = new Builder(TensorShape.Chw(3, 32, 32), seed);
        b.Conv(64, 3, 1, 1).Relu();
        foreach (int width in new[] { 64, 128, 256, 512 })
        {
            if (width != 64)
            {
                b.Conv(width, 3, 2, 1).Relu(); // the stage transition (see the summary)
            }

            b.BasicBlock().BasicBlock();
        }

        b.GlobalSumPool().Flatten().Dense(10).Logits();
        return b.Build();
    }

    /// <summary>A small CNN on 1×8×8 for quick tests and CI: conv 4@3×3 pad 1, ReLU, max-pool 2, dense 10.</summary>
    public static QuantizedModel TinyCnn(int seed = 1)
    {
        var b = new Builder(TensorShape.Chw(1, 8, 8), seed);
        b.Conv(4, 3, 1, 1).Relu().MaxPool(2).Flatten().Dense(10).Logits();
        return b.Build();
    }

    /// <summary>Builds a model layer by layer, calibrating each requantization on the model so far.</summary>
    private sealed class Builder
    {
        private readonly TensorShape _inputShape;
        private readonly Random _random;
        private readonly List<ModelLayer> _layers = [];
        private readonly int[] _calibration;
        private TensorShape _shape;
        private int _zeroPoint;

        public Builder(TensorShape input, int seed)
        {
            _inputShape = input;
            _shape = input;
            _random = new Random(seed);
            _calibration = [.. Enumerable.Range(0, CalibrationSamples * input.ElementCount).Select(_ => _random.Next(-128, 128))];
        }

        public Builder Conv(int outChannels, int kernel, int stride, int padding)
        {
            var conv = new Conv2d(Weights(outChannels, _shape.Channels, kernel, kernel), Biases(outChannels), _zeroPoint, stride, padding);
            _shape = conv.Window.Output(_shape, outChannels);
            _layers.Add(conv);
            return this;
        }

        public Builder Dense(int outFeatures)
        {
            int inFeatures = _shape.ElementCount;
            _layers.Add(new Dense(Weights(outFeatures, inFeatures), Biases(outFeatures), _zeroPoint));
            _shape = TensorShape.Flat(outFeatures);
            return this;
        }

        public Builder Relu() => Requantize(relu: true);

        public Builder Logits() => Requantize(relu: false);

        public Builder MaxPool(int k)
        {
            _layers.Add(new MaxPool2d(k));
            _shape = new Window2d(k, k, k, k).Output(_shape, _shape.Channels);
            return this;
        }

        /// <summary>A sum over each whole plane (global average pooling without the divisor), then a requantization.</summary>
        public Builder GlobalSumPool()
        {
            _layers.Add(new SumPool2d(_shape[1], _shape[2], 1, 1));
            _shape = TensorShape.Chw(_shape.Channels, 1, 1);
            return Requantize(relu: false);
        }

        public Builder Flatten()
        {
            _layers.Add(new Flatten());
            _shape = TensorShape.Flat(_shape.ElementCount);
            return this;
        }

        /// <summary>A basic block with an identity shortcut: conv 3×3 → ReLU → conv 3×3 → add the block input → ReLU.</summary>
        public Builder BasicBlock()
        {
            int shortcut = _layers.Count - 1;
            Conv(_shape.Channels, 3, 1, 1).Relu().Conv(_shape.Channels, 3, 1, 1).Logits();
            _layers.Add(new ResidualAdd(shortcut, 1, 1));
            return Requantize(relu: true);
        }

        public QuantizedModel Build() => new(_inputShape, QuantizedType.Int8, 0, _layers);

        /// <summary>Calibrates a requantization of the last accumulators: scale 127 / max|acc| over the calibration inputs.</summary>
        private Builder Requantize(bool relu)
        {
            var prefix = new QuantizedModel(_inputShape, QuantizedType.Int8, 0, _layers);
            InferenceTrace trace = ReferenceInference.Run(prefix, _calibration, CalibrationSamples);
            long max = 1;
            foreach (long v in trace.Output.Accumulators)
            {
                max = Math.Max(max, Math.Abs(v));
            }

            double scale = Math.Min(0.999, 127.0 / max);
            var requantization = new Requantization([ChannelScale.FromReal(scale, 15)], RoundingMode.RoundHalfUp, QuantizedType.Int8, 0, relu ? 0 : -128, 127);
            _layers.Add(new Requantize(requantization));
            _zeroPoint = 0;
            return this;
        }

        private QuantizedTensor Weights(params int[] dims)
        {
            var shape = new TensorShape(dims);
            int fanIn = shape.ElementCount / dims[0];
            double sigma = Math.Sqrt(2.0 / fanIn);
            double[] w = [.. Enumerable.Range(0, shape.ElementCount).Select(_ => Gaussian() * sigma)];
            double scale = w.Max(Math.Abs) / 127;
            return new QuantizedTensor(shape, [.. w.Select(v => (sbyte)Math.Clamp(Math.Round(v / scale), -127, 127))]);
        }

        private int[] Biases(int count) => [.. Enumerable.Range(0, count).Select(_ => _random.Next(-256, 257))];

        private double Gaussian() =>
            Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
    }
}
