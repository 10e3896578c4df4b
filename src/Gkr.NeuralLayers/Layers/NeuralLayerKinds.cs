using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Layers;

/// <summary>Registers this assembly's layer kinds with <see cref="GraphLayerKinds"/> (dense 16, requantize 17, max-pool 18, conv2d 19, sum-pool 20, argmax 21, scaled-sum 22, window max-pool 23, compact flatten 24), so graph-circuit files that use them decode.</summary>
public static class NeuralLayerKinds
{
    private static readonly Lazy<bool> Registered = new(() =>
    {
        GraphLayerKinds.Register(DenseLayer.Kind);
        GraphLayerKinds.Register(RequantizeLayer.Kind);
        GraphLayerKinds.Register(MaxPoolLayer.Kind);
        GraphLayerKinds.Register(Conv2dLayer.Kind);
        GraphLayerKinds.Register(SumPoolLayer.Kind);
        GraphLayerKinds.Register(ArgmaxLayer.Kind);
        GraphLayerKinds.Register(ScaledSumLayer.Kind);
        GraphLayerKinds.Register(WindowMaxPoolLayer.Kind);
        GraphLayerKinds.Register(CompactFlattenLayer.Kind);
        return true;
    });

    /// <summary>Registers the kinds once (safe to call any number of times, from any thread).</summary>
    public static void EnsureRegistered() => _ = Registered.Value;
}
