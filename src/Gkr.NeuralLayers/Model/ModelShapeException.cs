namespace Gkr.NeuralLayers.Model;

/// <summary>A layer does not fit what it reads: shape, value kind or zero point. The message names the layer, e.g. "layer 3 (Conv2d): input has 16 channels, weights expect 8".</summary>
public sealed class ModelShapeException : ArgumentException
{
    /// <summary>The error of layer <paramref name="layer"/> of kind <paramref name="kind"/>.</summary>
    public ModelShapeException(int layer, ModelLayerKind kind, string detail)
        : base($"layer {layer} ({kind}): {detail}")
    {
        Layer = layer;
        Kind = kind;
    }

    /// <summary>The index of the failing layer.</summary>
    public int Layer { get; }

    /// <summary>Its kind.</summary>
    public ModelLayerKind Kind { get; }
}
