using System.Numerics;

namespace Gkr.NeuralLayers.Model;

/// <summary>
/// A fixed-point scale as gemmlowp/TFLite write it: the real scale M·2^−31·2^−s with the int32 multiplier
/// 0 &lt; M &lt; 2^31 and the right shift 0 ≤ s ≤ <see cref="MaxShift"/>.
/// </summary>
/// <remarks>
/// <para>The same scale with the common factor 2^t (t = trailing zeros of M) cancelled is the
/// <see cref="ReducedMultiplier"/> M' = M / 2^t and the <see cref="ReducedShift"/> n' = 31 + s − t ≥ 1. Both
/// rounding modes give the same integer for x·M / 2^(31+s) and x·M' / 2^n', so a circuit proves the reduced
/// form: its remainder needs n' bits. A full-precision multiplier (M ≥ 2^30, odd) needs 31 + s bits; a
/// multiplier rounded to b significant bits needs about b + s.</para>
/// </remarks>
public sealed record ChannelScale
{
    /// <summary>The largest right shift s.</summary>
    public const int MaxShift = 62;

    /// <summary>A scale M·2^−31·2^−s.</summary>
    /// <exception cref="ArgumentException">M not in (0, 2^31), or s not in [0, <see cref="MaxShift"/>].</exception>
    public ChannelScale(int multiplier, int shift)
    {
        if (multiplier <= 0)
        {
            throw new ArgumentException($"A requantization multiplier M must satisfy 0 < M < 2^31; got {multiplier}.", nameof(multiplier));
        }

        if (shift is < 0 or > MaxShift)
        {
            throw new ArgumentException($"A requantization right shift must be in [0, {MaxShift}]; got {shift}.", nameof(shift));
        }

        Multiplier = multiplier;
        Shift = shift;
    }

    /// <summary>The int32 multiplier M, 0 &lt; M &lt; 2^31.</summary>
    public int Multiplier { get; }

    /// <summary>The right shift s applied after the 2^−31 of the fixed-point multiplier.</summary>
    public int Shift { get; }

    /// <summary>The total right shift n = 31 + s.</summary>
    public int TotalShift => 31 + Shift;

    /// <summary>M with its trailing zero bits removed: M' = M / 2^t.</summary>
    public int ReducedMultiplier => Multiplier >> BitOperations.TrailingZeroCount(Multiplier);

    /// <summary>n' = 31 + s − t, the shift of the reduced form (at least 1): the bits of the requantization remainder.</summary>
    public int ReducedShift => TotalShift - BitOperations.TrailingZeroCount(Multiplier);

    /// <summary>The real scale M·2^−(31+s) (for reports; the arithmetic never uses it).</summary>
    public double RealScale => Math.ScaleB(Multiplier, -TotalShift);

    /// <summary>
    /// The scale nearest to <paramref name="scale"/> whose multiplier has at most <paramref name="significantBits"/>
    /// significant bits (M = m·2^(31−b) with m &lt; 2^b), so the reduced remainder needs at most b + s bits.
    /// </summary>
    /// <exception cref="ArgumentException">The scale is not positive and finite, is 1 or more (would need a left shift), or is too small for any shift.</exception>
    public static ChannelScale FromReal(double scale, int significantBits = 31)
    {
        if (!double.IsFinite(scale) || scale <= 0 || scale >= 1)
        {
            throw new ArgumentException($"A requantization scale must be in (0, 1); got {scale}.", nameof(scale));
        }

        if (significantBits is < 1 or > 31)
        {
            throw new ArgumentException($"Significant bits must be in [1, 31]; got {significantBits}.", nameof(significantBits));
        }

        // scale = f·2^e with f in [0.5, 1): M = round(f·2^b)·2^(31−b), s = −e.
        int exponent = Math.ILogB(scale) + 1;
        int shift = -exponent;
        long mantissa = (long)Math.Round(Math.ScaleB(scale, significantBits - exponent), MidpointRounding.AwayFromZero);
        if (mantissa == 1L << significantBits)
        {
            mantissa >>= 1;
            shift--;
        }

        if (shift > MaxShift)
        {
            throw new ArgumentException($"The scale {scale} needs a right shift above {MaxShift}.", nameof(scale));
        }

        return shift < 0
            ? throw new ArgumentException($"The scale {scale} rounds to 1 and would need a left shift.", nameof(scale))
            : new ChannelScale((int)(mantissa << (31 - significantBits)), shift);
    }
}
