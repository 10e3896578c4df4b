namespace Gkr.NeuralLayers.Model;

/// <summary>
/// One step of a <see cref="QuantizedModel"/>: it reads the previous layer's output (the model input for
/// layer 0) and, where it needs one, an earlier value named by index (<see cref="ResidualAdd.SkipFrom"/>).
/// </summary>
/// <remarks>Layers are immutable records validated in their constructors (<see cref="ArgumentException"/>);
/// what depends on the input (shapes, kinds, zero points) is checked by <see cref="QuantizedModel"/>.</remarks>
public abstract record ModelLayer
{
    /// <summary>The kind (the tag in the model file).</summary>
    public abstract ModelLayerKind Kind { get; }

    /// <summary>
    /// The output's spec from the previous value's spec <paramref name="input"/>; <paramref name="earlier"/> gives
    /// the spec of an earlier value by index (−1 = model input). Throws <see cref="ArgumentException"/>
    /// with a message the model prefixes with the layer's index and kind.
    /// </summary>
    internal abstract ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier);

    /// <summary>Requires activations.</summary>
    private protected static void RequireActivation(ValueSpec input, string why)
    {
        if (!input.IsActivation)
        {
            throw new ArgumentException($"input is {input}; {why} needs activations (insert a Requantize).");
        }
    }

    /// <summary>Requires a [C, H, W] activation image.</summary>
    private protected static void RequireImage(ValueSpec input, string why)
    {
        RequireActivation(input, why);
        if (!input.Shape.IsChw)
        {
            throw new ArgumentException($"input has shape {input.Shape}; {why} needs a [C, H, W] image.");
        }
    }
}
