using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gkr.Field.Simd;

/// <summary>
/// Σ x·y over 4 Goldilocks lanes with the reduction delayed to the end: the four 32×32 partial
/// products of each lane product (each &lt; 2^64) are added to 64-bit accumulators, where a
/// compare detects each wraparound and a counter records it (lh and hl share the 2^32 weight).
/// 18 vector operations per step instead of the ≈ 40 of a reduced multiply-add.
/// </summary>
/// <remarks>
/// <para>AVX2 compares only signed 64-bit lanes, so each accumulator word is stored XOR 2^63, where a
/// signed compare orders the true words as unsigned. A zero-initialised accumulator (default, or
/// <c>stackalloc</c>) therefore starts at the true value 2^63; <see cref="Lane"/> subtracts that bias.</para>
/// <para>Inputs may be any 64-bit words (each partial product is below 2^64). A counter grows by at most 2 per step, so fewer than 2^62 steps are
/// safe (a span has fewer than 2^31 elements).</para>
/// </remarks>
internal struct ProductAccumulator256
{
    private Vector256<ulong> _low, _mid, _high;
    private Vector256<ulong> _lowCarries, _midCarries, _highCarries;

    /// <summary>Adds x·y lane-wise.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(Vector256<ulong> x, Vector256<ulong> y)
    {
        GoldilocksPacked256.PartialProducts(x, y, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh);
        Accumulate(ref _low, ref _lowCarries, ll);
        Accumulate(ref _mid, ref _midCarries, lh);
        Accumulate(ref _mid, ref _midCarries, hl);
        Accumulate(ref _high, ref _highCarries, hh);
    }

    /// <summary>The reduced sum of one lane.</summary>
    public readonly Goldilocks Lane(int lane)
    {
        const ulong sign = 0x8000_0000_0000_0000UL;
        Goldilocks epsilon = Goldilocks.FromCanonical(Goldilocks.Epsilon);
        Goldilocks two32 = Goldilocks.FromCanonical(1UL << 32);

        // (word + carries·2^64 − 2^63) for each accumulator, with 2^64 ≡ ε.
        Goldilocks bias = Goldilocks.FromCanonical(sign);
        Goldilocks low = new Goldilocks(_low[lane] ^ sign) + (new Goldilocks(_lowCarries[lane]) * epsilon) - bias;
        Goldilocks mid = new Goldilocks(_mid[lane] ^ sign) + (new Goldilocks(_midCarries[lane]) * epsilon) - bias;
        Goldilocks high = new Goldilocks(_high[lane] ^ sign) + (new Goldilocks(_highCarries[lane]) * epsilon) - bias;
        return low + (mid * two32) + (high * epsilon);
    }

    /// <summary>The reduced sum of all four lanes.</summary>
    public readonly Goldilocks Total() => Lane(0) + Lane(1) + Lane(2) + Lane(3);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref Vector256<ulong> stored, ref Vector256<ulong> carries, Vector256<ulong> addend)
    {
        // stored = true ^ 2^63; adding to the stored form adds to the true form (mod 2^64).
        Vector256<ulong> sum = stored + addend;
        carries -= Vector256.GreaterThan(stored.AsInt64(), sum.AsInt64()).AsUInt64();
        stored = sum;
    }
}
