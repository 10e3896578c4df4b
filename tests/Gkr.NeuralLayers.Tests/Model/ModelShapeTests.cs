using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Tests.Model;

/// <summary>Shape inference: every mismatch is a <see cref="ModelShapeException"/> naming the layer.</summary>
public sealed class ModelShapeTests
{
    private static readonly Requantize Requant = new(Requantization.PerTensor(new ChannelScale(1 << 30, 0), RoundingMode.RoundHalfUp, QuantizedType.Int8, 0));

    private static QuantizedTensor Zeros(params int[] dims) => new(new TensorShape(dims), new sbyte[new TensorShape(dims).ElementCount]);

    private static Conv2d Conv(int cOut, int cIn, int k = 3, int zeroPoint = 0) => new(Zeros(cOut, cIn, k, k), new int[cOut], zeroPoint, padding: k / 2);

    private static ModelShapeException Refused(TensorShape input, params ModelLayer[] layers) =>
        Assert.Throws<ModelShapeException>(() => new QuantizedModel(input, QuantizedType.Int8, 0, layers));

    [Fact]
    public void ChannelMismatchNamesTheLayer()
    {
        ModelShapeException ex = Refused(TensorShape.Chw(3, 8, 8), Conv(16, 3), Requant, new MaxPool2d(1), Conv(4, 8));
        Assert.Equal("layer 3 (Conv2d): input has 16 channels, weights expect 8.", ex.Message);
        Assert.Equal((3, ModelLayerKind.Conv2d), (ex.Layer, ex.Kind));
    }

    [Fact]
    public void EveryMismatchIsReported()
    {
        TensorShape image = TensorShape.Chw(2, 4, 4);
        Assert.Contains("layer 1 (Conv2d): input is accumulators", Refused(image, Conv(2, 2), Conv(2, 2)).Message);
        Assert.Contains("layer 0 (Dense): input has shape [2, 4, 4]; Dense needs a flat vector (insert a Flatten)", Refused(image, new Dense(Zeros(3, 32), new int[3], 0)).Message);
        Assert.Contains("layer 1 (Dense): input has 32 features, weights expect 31", Refused(image, new Flatten(), new Dense(Zeros(3, 31), new int[3], 0)).Message);
        Assert.Contains("layer 1 (Dense): the input zero point is 0, the layer subtracts 5", Refused(image, new Flatten(), new Dense(Zeros(3, 32), new int[3], 5)).Message);
        Assert.Contains("layer 0 (Requantize): input is Int8 activations", Refused(image, Requant).Message);
        Assert.Contains("2 channels (dimension 0 of [2, 4, 4]), the requantization has 3 per-channel scales",
            Refused(image, Conv(2, 2), new Requantize(new Requantization([new(1, 0), new(1, 0), new(1, 0)], RoundingMode.RoundHalfUp, QuantizedType.Int8, 0, -128, 127))).Message);
        Assert.Contains("layer 0 (MaxPool2d): the 5×5 window does not fit", Refused(image, new MaxPool2d(5)).Message);
        Assert.Contains("layer 0 (SumPool2d): input has shape [32]", Refused(TensorShape.Flat(32), new SumPool2d(2)).Message);
        Assert.Contains("layer 1 (ResidualAdd): input has shape [2, 2, 2], the skip input (value -1) has [2, 4, 4]", Refused(image, new MaxPool2d(2), new ResidualAdd(-1, 1, 1)).Message);
        Assert.Contains("layer 0 (ResidualAdd): it reads value 0, which is not an earlier layer", Refused(image, new ResidualAdd(0, 1, 1)).Message);
        Assert.Contains("layer 2 (ResidualAdd): the skip input (value 0) is accumulators", Refused(image, Conv(2, 2), Requant, new ResidualAdd(0, 1, 1)).Message);
        Assert.Contains("layer 0 (Reshape): input [2, 4, 4] has 32 elements, the target [31] has 31", Refused(image, new Reshape(TensorShape.Flat(31))).Message);
    }

    [Fact]
    public void ValidModelHasEveryValueSpec()
    {
        QuantizedModel model = TestModels.Fixed();
        Assert.Equal(
            ["accumulators [2, 4, 4]", "Int8 activations [2, 4, 4] (zero point -128)", "Int8 activations [2, 2, 2] (zero point -128)",
             "Int8 activations [8] (zero point -128)", "accumulators [3]", "Int8 activations [3] (zero point 0)"],
            model.Values.Select(v => v.ToString()));
    }

    [Fact]
    public void ConstructorsValidate()
    {
        Assert.Contains("more than 268435456 elements", Assert.Throws<ArgumentException>(() => new TensorShape(1 << 15, 1 << 15)).Message);
        Assert.Contains("at least 1", Assert.Throws<ArgumentException>(() => TensorShape.Chw(1, 0, 1)).Message);
        Assert.Contains("1 to 4 dimensions", Assert.Throws<ArgumentException>(() => new TensorShape(1, 1, 1, 1, 1)).Message);
        Assert.Contains("holds 4 values, not 3", Assert.Throws<ArgumentException>(() => new QuantizedTensor(new TensorShape(2, 2), new sbyte[3])).Message);
        Assert.Contains("2 output channels but 1 biases", Assert.Throws<ArgumentException>(() => new Dense(Zeros(2, 2), [1], 0)).Message);
        Assert.Contains("[C_out, C_in, kh, kw]", Assert.Throws<ArgumentException>(() => new Conv2d(Zeros(2, 2), new int[2], 0)).Message);
        Assert.Contains("must be below the kernel size", Assert.Throws<ArgumentException>(() => new Conv2d(Zeros(1, 1, 2, 2), new int[1], 0, padding: 2)).Message);
        Assert.Contains("stride height", Assert.Throws<ArgumentException>(() => new MaxPool2d(2, 2, 0, 1)).Message);
        Assert.Contains("(0, 2^31)", Assert.Throws<ArgumentException>(() => new ResidualAdd(0, 0, 1)).Message);
        Assert.Contains("1 to 65536 layers", Assert.Throws<ArgumentException>(() => new QuantizedModel(TensorShape.Flat(1), QuantizedType.Int8, 0, [])).Message);
        Assert.Equal(TensorShape.Chw(1, 2, 3), new TensorShape(1, 2, 3));
    }
}
