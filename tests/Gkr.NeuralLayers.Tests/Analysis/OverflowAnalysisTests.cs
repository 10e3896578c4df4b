using FsCheck.Xunit;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Reference;

namespace Gkr.NeuralLayers.Tests.Analysis;

/// <summary>The overflow analysis: sound bounds on random models, exact bounds on known ones, and refusals naming the layer.</summary>
public sealed class OverflowAnalysisTests
{
    private static QuantizedTensor Filled(sbyte value, params int[] dims) =>
        new(new TensorShape(dims), [.. Enumerable.Repeat(value, new TensorShape(dims).ElementCount)]);

    private static Requantize PerTensor(int multiplier, int shift) =>
        new(Requantization.PerTensor(new ChannelScale(multiplier, shift), RoundingMode.RoundHalfUp, QuantizedType.Int8, 0));

    [Property(MaxTest = 60)]
    public void BoundsHoldEveryValueTheReferenceProduces(int seed)
    {
        QuantizedModel model = TestModels.Random(seed);
        ModelBounds bounds = OverflowAnalysis.Analyze(model);
        const int batch = 4;
        InferenceTrace trace = ReferenceInference.Run(model, TestModels.Input(model, batch, seed), batch);
        for (int l = 0; l < model.Layers.Count; l++)
        {
            for (int b = 0; b < batch; b++)
            {
                for (int i = 0; i < trace.Layers[l].SampleLength; i++)
                {
                    long v = trace.Layers[l][b, i];
                    Assert.True(bounds.Elements[l][i].Contains(v), $"seed {seed}: layer {l} element {i} = {v} outside {bounds.Elements[l][i]}");
                    Assert.True(bounds.Layers[l].Output.Contains(v));
                }
            }
        }
    }

    [Fact]
    public void ExtremeInputsReachTheDenseBound()
    {
        // 64 weights of 127 on uint8 input with zero point 0: acc ∈ [5, 5 + 127·255·64].
        var model = new QuantizedModel(TensorShape.Flat(64), QuantizedType.UInt8, 0, [new Dense(Filled(127, 1, 64), [5], 0)]);
        LayerBound bound = OverflowAnalysis.Analyze(model).Layers[0];
        Assert.Equal(new Interval(5, 5 + (127 * 255 * 64)), bound.Output);
        Assert.Equal(21, bound.MagnitudeBits);
        Assert.Equal(5 + (127L * 255 * 64), ReferenceInference.Run(model, [.. Enumerable.Repeat(255, 64)]).Output[0, 0]);
    }

    [Fact]
    public void RequantizeReportsProductPreClampAndRemainder()
    {
        // Input int8 [-128, 127], Dense weight 1 → acc ∈ [-128, 127]; M = 3·2^29 (M' = 3, n' = 2 + 2 = 4), scale 3/16.
        var model = new QuantizedModel(TensorShape.Flat(1), QuantizedType.Int8, 0, [new Dense(Filled(1, 1, 1), [0], 0), PerTensor(3 << 29, 2)]);
        LayerBound bound = OverflowAnalysis.Analyze(model).Layers[1];
        Assert.Equal(4, bound.RemainderBits);
        Assert.Equal(new Interval(-384, 381 + 8), bound.Product);
        Assert.Equal(new Interval(-24, 24), bound.PreClamp); // −384/16 = −24, 381/16 = 23.8 → 24
        Assert.Equal(new Interval(-24, 24), bound.Output);
    }

    [Fact]
    public void AccumulatorAboveTheLimitIsRefusedNamingTheLayer()
    {
        var model = new QuantizedModel(TensorShape.Flat(64), QuantizedType.UInt8, 0,
            [new Dense(Filled(1, 64, 64), new int[64], 0), PerTensor(1 << 30, 0), new Dense(Filled(127, 1, 64), [0], 0)]);
        var ex = Assert.Throws<ModelOverflowException>(() => OverflowAnalysis.Analyze(model, new OverflowLimits(maxMagnitudeBits: 19)));
        Assert.Equal((2, ModelLayerKind.Dense, 20, 19), (ex.Layer, ex.Kind, ex.Bits, ex.LimitBits));
        Assert.StartsWith("layer 2 (Dense): the output can reach [0, 1032256] (20 bits), above the limit of 19 bits", ex.Message);
        Assert.Equal(20, OverflowAnalysis.Analyze(model).MagnitudeBits);
    }

    [Fact]
    public void ProductBeforeTheShiftAbove2To62IsRefused()
    {
        // Residual sum up to 2·255·(2^31 − 1) ≈ 2^40, times an odd multiplier near 2^31: the product x·M needs 71 bits.
        var model = new QuantizedModel(TensorShape.Flat(4), QuantizedType.UInt8, 0,
            [new ResidualAdd(QuantizedModel.InputIndex, int.MaxValue, int.MaxValue), PerTensor(int.MaxValue, 0)]);
        var ex = Assert.Throws<ModelOverflowException>(() => OverflowAnalysis.Analyze(model, new OverflowLimits(maxRangeCheckBits: 40)));
        Assert.Equal((1, ModelLayerKind.Requantize, "the product x·M before the shift", 62), (ex.Layer, ex.Kind, ex.What, ex.LimitBits));
        Assert.Equal(71, ex.Bits);
    }

    [Fact]
    public void RemainderWiderThanTheRangeCheckIsRefused()
    {
        // A full-precision multiplier (odd, ≥ 2^30) with s = 3 needs a 34-bit remainder; the default check is 24 bits.
        var model = new QuantizedModel(TensorShape.Flat(1), QuantizedType.Int8, 0, [new Dense(Filled(1, 1, 1), [0], 0), PerTensor((1 << 30) + 1, 3)]);
        var ex = Assert.Throws<ModelOverflowException>(() => OverflowAnalysis.Analyze(model));
        Assert.Equal((1, ModelLayerKind.Requantize, "the requantization remainder", 34, 24), (ex.Layer, ex.Kind, ex.What, ex.Bits, ex.LimitBits));
        Assert.Equal(34, OverflowAnalysis.Analyze(model, new OverflowLimits(maxRangeCheckBits: 34)).RemainderBits);
    }

    [Fact]
    public void PaddingTapsAddNothing()
    {
        // 3×3 conv of ones, padding 1, on a 1×3×3 uint8 image: a corner sees 4 inputs, the centre 9.
        var model = new QuantizedModel(TensorShape.Chw(1, 3, 3), QuantizedType.UInt8, 0,
            [new Conv2d(Filled(1, 1, 1, 3, 3), [0], 0, padding: 1)]);
        Interval[] elements = OverflowAnalysis.Analyze(model).Elements[0];
        Assert.Equal(new Interval(0, 4 * 255), elements[0]);
        Assert.Equal(new Interval(0, 9 * 255), elements[4]);
    }

    [Fact]
    public void LimitsAreValidated()
    {
        Assert.Throws<ArgumentException>(() => new OverflowLimits(maxMagnitudeBits: 63));
        Assert.Throws<ArgumentException>(() => new OverflowLimits(maxRangeCheckBits: 0));
    }
}
