namespace Gkr.NeuralLayers.Model;

/// <summary>Gives a value another shape with the same element count; the index map is the identity on the row-major order.</summary>
public sealed record Reshape : ModelLayer
{
    /// <summary>A reshape to <paramref name="target"/>.</summary>
    public Reshape(TensorShape target) => Target = target ?? throw new ArgumentNullException(nameof(target));

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.Reshape;

    /// <summary>The new shape.</summary>
    public TensorShape Target { get; }

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier) =>
        input.Shape.ElementCount == Target.ElementCount
            ? input.Reshaped(Target)
            : throw new ArgumentException($"input {input.Shape} has {input.Shape.ElementCount} elements, the target {Target} has {Target.ElementCount}.");
}
