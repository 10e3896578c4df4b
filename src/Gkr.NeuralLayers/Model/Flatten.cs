namespace Gkr.NeuralLayers.Model;

/// <summary>Flattens any value to a vector of its element count; the index map is the identity on the row-major order ([C, H, W] → c·H·W + h·W + w).</summary>
public sealed record Flatten : ModelLayer
{
    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.Flatten;

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier) =>
        input.Reshaped(TensorShape.Flat(input.Shape.ElementCount));
}
