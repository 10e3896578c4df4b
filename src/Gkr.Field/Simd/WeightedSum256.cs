using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gkr.Field.Simd;

/// <summary>
/// A constant factor w prepared for <see cref="WeightedSum256"/>: w and w' = w·2^32 mod p, each with
/// its high half, broadcast to four lanes.
/// </summary>
/// <remarks>With x = x_lo + x_hi·2^32, x·w ≡ x_lo·w + x_hi·w' (mod p), so a lane product needs only
/// 32×32 products of weight 2^0 and 2^32: the 2^64 and 2^96 columns of the plain product never occur.</remarks>
internal readonly struct PackedFactor256
{
    /// <summary>w (<c>vpmuludq</c> reads only its low half).</summary>
    public readonly Vector256<ulong> Low;

    /// <summary>w &gt;&gt; 32.</summary>
    public readonly Vector256<ulong> High;

    /// <summary>w·2^32 mod p.</summary>
    public readonly Vector256<ulong> ShiftedLow;

    /// <summary>(w·2^32 mod p) &gt;&gt; 32.</summary>
    public readonly Vector256<ulong> ShiftedHigh;

    /// <summary>Prepares the factor <paramref name="factor"/>.</summary>
    public PackedFactor256(Goldilocks factor)
    {
        ulong shifted = (factor * Goldilocks.FromCanonical(1UL << 32)).Value;
        Low = Vector256.Create(factor.Value);
        High = Vector256.Create(factor.Value >> 32);
        ShiftedLow = Vector256.Create(shifted);
        ShiftedHigh = Vector256.Create(shifted >> 32);
    }
}

/// <summary>
/// c + Σ_k w_k·x_k over four Goldilocks lanes, for constant factors w_k (<see cref="PackedFactor256"/>),
/// reduced once by <see cref="Reduce"/> instead of once per product: the fused materialise and fold
/// kernels of the product sumcheck compute each output coefficient as such a short sum.
/// </summary>
/// <remarks>
/// <para>Each product contributes four 32×32 products (<c>vpmuludq</c>): x_lo·w_lo and x_hi·w'_lo of weight
/// 2^0, x_lo·w_hi and x_hi·w'_hi of weight 2^32. They are added into two 64-bit accumulators kept XOR 2^63,
/// where a signed compare detects each wraparound and a counter counts it (as the packed inner product
/// does). The value is then low + lowCarries·2^64 + (mid + midCarries·2^64)·2^32.</para>
/// <para>Inputs x and the addend c may be any 64-bit words (not necessarily canonical); the factors are
/// canonical; <see cref="Reduce"/> returns canonical lanes. Each <see cref="Add"/> adds at most 2 to
/// each counter, so fewer than 2^30 products are safe.</para>
/// <para>The scalar reference is <see cref="Scalar"/>.</para>
/// </remarks>
internal struct WeightedSum256
{
    private Vector256<ulong> _lowShifted, _lowCarries, _midShifted, _midCarries;

    private static Vector256<ulong> SignBit => Vector256.Create(0x8000_0000_0000_0000UL);

    /// <summary>A sum holding only the addend c (any 64-bit words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WeightedSum256 Start(Vector256<ulong> addend) => new()
    {
        _lowShifted = addend ^ SignBit,
        _midShifted = SignBit,
    };

    /// <summary>Adds w·x lane-wise; <paramref name="xHigh"/> must be x &gt;&gt;&gt; 32 (callers share it between factors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in PackedFactor256 w, Vector256<ulong> x, Vector256<ulong> xHigh)
    {
        Accumulate(ref _lowShifted, ref _lowCarries, GoldilocksPacked256.MulEven(x, w.Low));
        Accumulate(ref _midShifted, ref _midCarries, GoldilocksPacked256.MulEven(x, w.High));
        Accumulate(ref _lowShifted, ref _lowCarries, GoldilocksPacked256.MulEven(xHigh, w.ShiftedLow));
        Accumulate(ref _midShifted, ref _midCarries, GoldilocksPacked256.MulEven(xHigh, w.ShiftedHigh));
    }

    /// <summary>The canonical lanes of the sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Vector256<ulong> Reduce()
    {
        // value = low + lowCarries·2^64 + mid·2^32 + midCarries·2^96 = lo + hi·2^64 with
        // lo = (low + mid·2^32) mod 2^64 and hi = lowCarries + carry + mid/2^32 + midCarries·2^32 (< 2^64).
        Vector256<ulong> mid = _midShifted ^ SignBit;
        Vector256<ulong> loShifted = _lowShifted + (mid << 32);
        Vector256<ulong> carry = Vector256.GreaterThan(_lowShifted.AsInt64(), loShifted.AsInt64()).AsUInt64();
        Vector256<ulong> hi = _lowCarries + (mid >>> 32) + (_midCarries << 32) - carry;
        return GoldilocksPacked256.CanonicalizeShifted(GoldilocksPacked256.Reduce128ShiftedFromShifted(hi, loShifted));
    }

    /// <summary>Reference: (addend + Σ_k factors[k]·words[k]) mod p, words reduced mod p first.</summary>
    public static Goldilocks Scalar(ulong addend, ReadOnlySpan<Goldilocks> factors, ReadOnlySpan<ulong> words)
    {
        var sum = new Goldilocks(addend);
        for (int k = 0; k < factors.Length; k++)
        {
            sum += factors[k] * new Goldilocks(words[k]);
        }

        return sum;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref Vector256<ulong> accumulatorShifted, ref Vector256<ulong> carries, Vector256<ulong> addend)
    {
        Vector256<ulong> sum = accumulatorShifted + addend;
        carries -= Vector256.GreaterThan(accumulatorShifted.AsInt64(), sum.AsInt64()).AsUInt64();
        accumulatorShifted = sum;
    }
}
