namespace Gkr.NeuralLayers.Model;

/// <summary>
/// Turns the previous layer's accumulators into activations by <see cref="Parameters"/>
/// (y = clamp(round(x·M / 2^(31+s)) + z, qmin, qmax), per tensor or per channel along dimension 0).
/// </summary>
public sealed record Requantize : ModelLayer
{
    /// <summary>A requantization step.</summary>
    public Requantize(Requantization parameters) => Parameters = parameters ?? throw new ArgumentNullException(nameof(parameters));

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.Requantize;

    /// <summary>The scales, rounding, zero point and clamp.</summary>
    public Requantization Parameters { get; }

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier)
    {
        if (input.IsActivation)
        {
            throw new ArgumentException($"input is {input}; Requantize reads accumulators.");
        }

        if (Parameters.IsPerChannel && Parameters.Scales.Count != input.Shape.Channels)
        {
            throw new ArgumentException($"input has {input.Shape.Channels} channels (dimension 0 of {input.Shape}), the requantization has {Parameters.Scales.Count} per-channel scales.");
        }

        return ValueSpec.Activation(input.Shape, Parameters.OutputType, Parameters.ZeroPoint);
    }
}
