namespace Gkr.NeuralLayers.Model;

/// <summary>
/// A residual connection: acc = (a − z_a)·M_a + (b − z_b)·M_b, with a the previous layer's activations, b the
/// activations of the earlier value <see cref="SkipFrom"/> (same shape), z_a and z_b their zero points.
/// </summary>
/// <remarks>
/// The two branches are brought to a common scale S_c by exact integer multipliers: with real scales S_a, S_b,
/// pick S_c so that M_a = S_a / S_c and M_b = S_b / S_c are (rounded to) positive integers, e.g. S_c = min(S_a, S_b) / 2^k.
/// The branch rescales are exact (a left shift is a power-of-two multiplier), so the only rounding is that of
/// the next <see cref="Requantize"/>, whose scale is S_c / S_out: one remainder to prove, not three as in TFLite's ADD.
/// </remarks>
public sealed record ResidualAdd : ModelLayer
{
    /// <summary>A residual add of the previous output and value <paramref name="skipFrom"/> (a layer index, or <see cref="QuantizedModel.InputIndex"/>).</summary>
    /// <exception cref="ArgumentException">A multiplier not in (0, 2^31), or an index below −1.</exception>
    public ResidualAdd(int skipFrom, int mainMultiplier, int skipMultiplier)
    {
        if (skipFrom < QuantizedModel.InputIndex)
        {
            throw new ArgumentException($"A residual reads an earlier layer (index ≥ 0) or the model input ({QuantizedModel.InputIndex}); got {skipFrom}.", nameof(skipFrom));
        }

        if (mainMultiplier <= 0 || skipMultiplier <= 0)
        {
            throw new ArgumentException($"Residual branch multipliers must be in (0, 2^31); got {mainMultiplier} and {skipMultiplier}.", nameof(mainMultiplier));
        }

        SkipFrom = skipFrom;
        MainMultiplier = mainMultiplier;
        SkipMultiplier = skipMultiplier;
    }

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.ResidualAdd;

    /// <summary>The index of the layer whose output is added (−1: the model input); it must be before the previous layer.</summary>
    public int SkipFrom { get; }

    /// <summary>M_a, the integer multiplier of the previous layer's branch.</summary>
    public int MainMultiplier { get; }

    /// <summary>M_b, the integer multiplier of the skip branch.</summary>
    public int SkipMultiplier { get; }

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier)
    {
        RequireActivation(input, "ResidualAdd");
        ValueSpec skip = earlier(SkipFrom);
        if (!skip.IsActivation)
        {
            throw new ArgumentException($"the skip input (value {SkipFrom}) is {skip}; ResidualAdd needs activations.");
        }

        if (skip.Shape != input.Shape)
        {
            throw new ArgumentException($"input has shape {input.Shape}, the skip input (value {SkipFrom}) has {skip.Shape}.");
        }

        return ValueSpec.Accumulator(input.Shape);
    }
}
