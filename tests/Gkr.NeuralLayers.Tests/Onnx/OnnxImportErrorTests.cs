using Gkr.NeuralLayers.Onnx;

namespace Gkr.NeuralLayers.Tests.Onnx;

public sealed class OnnxImportErrorTests
{
    private static OnnxImportException Fails(Func<OnnxBuilder, string> build, long[] input, int opset = 17)
    {
        var b = new OnnxBuilder { Opset = opset };
        byte[] bytes = b.Build(input, build(b));
        return Assert.Throws<OnnxImportException>(() => OnnxImporter.Import(OnnxModel.Load(bytes)));
    }

    private static string Conv(OnnxBuilder b, params (string, object)[] attributes) =>
        b.Op("Conv", ["input", b.Random([2, 2, 3, 3], 1)], attributes);

    [Fact]
    public void GroupOtherThanOneNamesTheNode()
    {
        OnnxImportException ex = Fails(b => Conv(b, ("group", 2L)), [1, 2, 8, 8]);
        Assert.Contains("node 'conv", ex.Message);
        Assert.Contains("group", ex.Message);
        Assert.Equal("Conv", ex.OpType);
    }

    [Fact]
    public void DilationNamesTheNode() =>
        Assert.Contains("dilations", Fails(b => Conv(b, ("dilations", new long[] { 2, 2 })), [1, 2, 8, 8]).Message);

    [Fact]
    public void AsymmetricPadsNameTheNode()
    {
        OnnxImportException ex = Fails(b => Conv(b, ("pads", new long[] { 0, 0, 1, 1 })), [1, 2, 8, 8]);
        Assert.StartsWith("node 'conv", ex.Message);
        Assert.Contains("pads", ex.Message);
    }

    [Fact]
    public void UnknownOperatorNamesTheNode()
    {
        OnnxImportException ex = Fails(b => b.Op("Sigmoid", ["input"]), [1, 4]);
        Assert.StartsWith("node 'sigmoid", ex.Message);
        Assert.Contains("not supported", ex.Message);
    }

    [Fact]
    public void TransposeThatMovesDataIsRefused() =>
        Assert.Contains("pure reshape", Fails(b => b.Op("Transpose", ["input"], ("perm", new long[] { 0, 1, 3, 2 })), [1, 2, 3, 4]).Message);

    [Fact]
    public void UnknownAttributeIsNamed() =>
        Assert.Contains("attribute foo", Fails(b => b.Op("Relu", [Conv(b)], ("foo", 1L)), [1, 2, 8, 8]).Message);

    [Theory]
    [InlineData(10)]
    [InlineData(22)]
    public void UnsupportedOpsetIsRefused(int opset)
    {
        var b = new OnnxBuilder { Opset = opset };
        byte[] bytes = b.Build([1, 4], b.Op("Relu", ["input"]));
        Assert.Contains($"opset {opset}", Assert.Throws<OnnxImportException>(() => OnnxModel.Load(bytes)).Message);
    }

    [Fact]
    public void EveryTruncationIsATypedError()
    {
        byte[] bytes = OnnxModels.Residual();
        for (int cut = 0; cut < bytes.Length; cut += Math.Max(1, bytes.Length / 400))
        {
            try
            {
                OnnxImporter.Import(OnnxModel.Load(bytes.AsSpan(0, cut)));
            }
            catch (OnnxImportException ex)
            {
                Assert.DoesNotContain('\n', ex.Message);
            }
        }
    }
}
