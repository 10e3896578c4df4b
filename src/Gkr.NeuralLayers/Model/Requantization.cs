namespace Gkr.NeuralLayers.Model;

/// <summary>
/// Requantization of an integer accumulator x to an activation:
/// y = clamp(round(x·M / 2^(31+s)) + z, qmin, qmax), with (M, s) the <see cref="ChannelScale"/> of x's channel,
/// round the <see cref="Rounding"/> mode, z the output <see cref="ZeroPoint"/> and [qmin, qmax] =
/// [<see cref="Min"/>, <see cref="Max"/>] inside the <see cref="OutputType"/> range.
/// </summary>
/// <remarks>
/// <para>The arithmetic is exact: x·M is formed in <see cref="Int128"/> (|x| &lt; 2^63, M &lt; 2^31), rounded by
/// the integer formulas of <see cref="RoundingMode"/>, clamped, then narrowed. Nothing saturates before the clamp.</para>
/// <para>A fused ReLU is qmin = z (for int8 with z = −128 that is the whole type range). A divisor folded in
/// from a <see cref="SumPool2d"/> is part of the scale.</para>
/// <para>Per-channel: one scale per channel, the channel being dimension 0 of the accumulator (the output
/// channel of a <see cref="Conv2d"/>, the output feature of a <see cref="Dense"/>); or one scale for the tensor.</para>
/// </remarks>
public sealed record Requantization
{
    private readonly ChannelScale[] _scales;

    /// <summary>Requantization with per-tensor (one) or per-channel scales.</summary>
    /// <exception cref="ArgumentException">No scale, an undefined rounding mode or type, a zero point outside the type, or a clamp range not inside the type with qmin ≤ qmax.</exception>
    public Requantization(IEnumerable<ChannelScale> scales, RoundingMode rounding, QuantizedType outputType, int zeroPoint, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(scales);
        _scales = [.. scales];
        if (_scales.Length == 0 || _scales.Any(s => s is null))
        {
            throw new ArgumentException("A requantization needs one scale per tensor or one per channel, none null.", nameof(scales));
        }

        if (!Enum.IsDefined(rounding))
        {
            throw new ArgumentException($"Unknown rounding mode {(int)rounding}.", nameof(rounding));
        }

        outputType.RequireValue(zeroPoint, "The output zero point", nameof(zeroPoint));
        outputType.RequireValue(min, "The clamp minimum", nameof(min));
        outputType.RequireValue(max, "The clamp maximum", nameof(max));
        if (min > max)
        {
            throw new ArgumentException($"The clamp range [{min}, {max}] is empty.", nameof(min));
        }

        Rounding = rounding;
        OutputType = outputType;
        ZeroPoint = zeroPoint;
        Min = min;
        Max = max;
    }

    /// <summary>Per-tensor requantization clamped to the whole output type (no activation).</summary>
    public static Requantization PerTensor(ChannelScale scale, RoundingMode rounding, QuantizedType outputType, int zeroPoint) =>
        new([scale], rounding, outputType, zeroPoint, outputType.MinValue(), outputType.MaxValue());

    /// <summary>The scales: one for the whole tensor, or one per channel.</summary>
    public IReadOnlyList<ChannelScale> Scales => _scales;

    /// <summary>Whether there is one scale per channel.</summary>
    public bool IsPerChannel => _scales.Length > 1;

    /// <summary>The rounding of x·M / 2^(31+s).</summary>
    public RoundingMode Rounding { get; }

    /// <summary>The type of the output activation.</summary>
    public QuantizedType OutputType { get; }

    /// <summary>The output zero point z.</summary>
    public int ZeroPoint { get; }

    /// <summary>The clamp minimum qmin (z for a fused ReLU).</summary>
    public int Min { get; }

    /// <summary>The clamp maximum qmax.</summary>
    public int Max { get; }

    /// <summary>The scale of channel <paramref name="channel"/>.</summary>
    public ChannelScale ScaleOf(int channel) => _scales.Length == 1 ? _scales[0] : _scales[channel];

    /// <summary>round(<paramref name="accumulator"/>·M / 2^(31+s)) for the channel's scale, before the zero point and the clamp.</summary>
    public Int128 RoundedProduct(long accumulator, int channel)
    {
        ChannelScale scale = ScaleOf(channel);
        return RoundShift((Int128)accumulator * scale.ReducedMultiplier, scale.ReducedShift, Rounding);
    }

    /// <summary>The requantized activation y = clamp(round(x·M / 2^(31+s)) + z, qmin, qmax) of channel <paramref name="channel"/>.</summary>
    public int Apply(long accumulator, int channel) =>
        (int)Int128.Clamp(RoundedProduct(accumulator, channel) + ZeroPoint, Min, Max);

    /// <summary>
    /// round(<paramref name="value"/> / 2^<paramref name="shift"/>) by <paramref name="mode"/>, exactly (see
    /// <see cref="RoundingMode"/>); shift 0 returns the value.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Shift outside [0, 126].</exception>
    public static Int128 RoundShift(Int128 value, int shift, RoundingMode mode)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(shift);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(shift, 126);
        if (shift == 0)
        {
            return value;
        }

        Int128 half = Int128.One << (shift - 1);
        if (mode == RoundingMode.RoundHalfUp)
        {
            return (value + half) >> shift; // >> on Int128 is arithmetic: floor division by 2^shift.
        }

        Int128 floor = value >> shift;
        Int128 remainder = value - (floor << shift);
        return remainder > half ? floor + 1
            : remainder < half ? floor
            : floor + (floor & 1);
    }
}
