namespace Gkr.NeuralLayers.Analysis;

/// <summary>What a model must satisfy to be proven over Goldilocks (p ≈ 2^64): the caller may tighten or loosen the defaults.</summary>
public sealed record OverflowLimits
{
    /// <summary>Limits: every intermediate |v| &lt; 2^<paramref name="maxMagnitudeBits"/>, every requantization remainder below 2^<paramref name="maxRangeCheckBits"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="maxMagnitudeBits"/> not in [1, 62] or <paramref name="maxRangeCheckBits"/> not in [1, 62].</exception>
    public OverflowLimits(int maxMagnitudeBits = 62, int maxRangeCheckBits = 24)
    {
        // 62 keeps every signed value v with |v| < 2^62 far from p/2 ≈ 2^63, so v and p + v never meet; a bit
        // decomposition has at most 63 bits (64 bits are not unique below p).
        if (maxMagnitudeBits is < 1 or > 62)
        {
            throw new ArgumentException($"The magnitude limit must be in [1, 62] bits; got {maxMagnitudeBits}.", nameof(maxMagnitudeBits));
        }

        if (maxRangeCheckBits is < 1 or > 62)
        {
            throw new ArgumentException($"The range-check width must be in [1, 62] bits; got {maxRangeCheckBits}.", nameof(maxRangeCheckBits));
        }

        MaxMagnitudeBits = maxMagnitudeBits;
        MaxRangeCheckBits = maxRangeCheckBits;
    }

    /// <summary>The defaults: 62 magnitude bits, 24 range-check bits.</summary>
    public static OverflowLimits Default { get; } = new();

    /// <summary>Every accumulator, product and sum must satisfy |v| &lt; 2^MaxMagnitudeBits.</summary>
    public int MaxMagnitudeBits { get; }

    /// <summary>A requantization remainder r ∈ [0, 2^n') must have n' ≤ MaxRangeCheckBits (the width of one range check).</summary>
    public int MaxRangeCheckBits { get; }
}
