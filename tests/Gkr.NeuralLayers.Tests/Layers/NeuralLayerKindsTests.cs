using Gkr.NeuralLayers.Layers;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>The tags and names this assembly registers: known answers, since both enter circuit files.</summary>
public class NeuralLayerKindsTests
{
    [Theory]
    [InlineData(16, "dense", typeof(DenseLayer))]
    [InlineData(17, "requantize", typeof(RequantizeLayer))]
    [InlineData(18, "maxpool2x2", typeof(MaxPoolLayer))]
    [InlineData(21, "argmax", typeof(ArgmaxLayer))]
    [InlineData(22, "scaled-sum", typeof(ScaledSumLayer))]
    public void KindsAreRegisteredUnderTheirTagsAndNames(byte tag, string name, Type type)
    {
        NeuralLayerKinds.EnsureRegistered();
        GraphLayerKind kind = GraphLayerKinds.Get(tag);
        Assert.Equal((tag, name, type), (kind.Tag, kind.Name, kind.Type));
    }
}
