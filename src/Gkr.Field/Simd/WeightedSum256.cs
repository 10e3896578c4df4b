using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Gkr.Field.Simd;

/// <summary>
/// A constant factor w prepared for <see cref="WeightedSum256"/>: the 22-bit limbs of w and of
/// w' = w·2^32 mod p, broadcast to four lanes.
/// </summary>
/// <remarks>With x = x_lo + x_hi·2^32, x·w ≡ x_lo·w + x_hi·w' (mod p), so a lane product needs only
/// x_lo and x_hi times the limbs: six 32×22-bit products, each below 2^54, that can be summed without any
/// carry handling (see <see cref="WeightedSum256"/>).</remarks>
internal readonly struct PackedFactor256
{
    /// <summary>Bits 0–21, 22–43 and 44–63 of w.</summary>
    public readonly Vector256<ulong> Limb0, Limb22, Limb44;

    /// <summary>Bits 0–21, 22–43 and 44–63 of w·2^32 mod p.</summary>
    public readonly Vector256<ulong> ShiftedLimb0, ShiftedLimb22, ShiftedLimb44;

    /// <summary>Prepares the factor <paramref name="factor"/>.</summary>
    public PackedFactor256(Goldilocks factor)
    {
        ulong w = factor.Value, shifted = (factor * Goldilocks.FromCanonical(1UL << 32)).Value;
        (Limb0, Limb22, Limb44) = (Vector256.Create(w & WeightedSum256.LimbMask), Vector256.Create((w >> 22) & WeightedSum256.LimbMask), Vector256.Create(w >> 44));
        (ShiftedLimb0, ShiftedLimb22, ShiftedLimb44) =
            (Vector256.Create(shifted & WeightedSum256.LimbMask), Vector256.Create((shifted >> 22) & WeightedSum256.LimbMask), Vector256.Create(shifted >> 44));
    }
}

/// <summary>
/// c + Σ_k w_k·x_k over four Goldilocks lanes, for constant factors w_k (<see cref="PackedFactor256"/>),
/// reduced once by <see cref="Reduce"/> instead of once per product: the fused materialise and fold
/// kernels of the product sumcheck compute each output coefficient as such a short sum.
/// </summary>
/// <remarks>
/// <para>The sum is kept as three columns of weight 2^0, 2^22 and 2^44. A product adds x_lo·l and
/// x_hi·l' (<c>vpmuludq</c>, each below 2^32·2^22 = 2^54) to the column of each limb l of w and l' of
/// w' = w·2^32 mod p: six multiplications and six additions, with no carry detection, because a column
/// cannot reach 2^64 within <see cref="Capacity"/> products. (Splitting w into 32-bit halves needs four
/// multiplications but a carry check on each of four 64-bit additions: sixteen operations against
/// twelve, and these kernels are bound by vector-operation throughput, not by multiplications.)</para>
/// <para>Inputs x and the addend c may be any 64-bit words (not necessarily canonical); the factors are
/// canonical; <see cref="Reduce"/> returns canonical lanes. The scalar reference is <see cref="Scalar"/>.</para>
/// </remarks>
internal struct WeightedSum256
{
    /// <summary>The most products one sum may take: column 0 starts below 2^44 and each product adds less than 2^55.</summary>
    public const int Capacity = 511;

    internal const ulong LimbMask = (1UL << 22) - 1;

    private Vector256<ulong> _c0, _c22, _c44;

    private static Vector256<ulong> SignBit => Vector256.Create(0x8000_0000_0000_0000UL);

    /// <summary>A sum holding only the addend c (any 64-bit words).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static WeightedSum256 Start(Vector256<ulong> addend) => new()
    {
        _c0 = addend & Vector256.Create((1UL << 44) - 1),
        _c44 = addend >>> 44,
    };

    /// <summary>Adds w·x lane-wise; <paramref name="xHigh"/> must be x &gt;&gt;&gt; 32 (callers share it between factors).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(in PackedFactor256 w, Vector256<ulong> x, Vector256<ulong> xHigh)
    {
        _c0 += GoldilocksPacked256.MulEven(x, w.Limb0) + GoldilocksPacked256.MulEven(xHigh, w.ShiftedLimb0);
        _c22 += GoldilocksPacked256.MulEven(x, w.Limb22) + GoldilocksPacked256.MulEven(xHigh, w.ShiftedLimb22);
        _c44 += GoldilocksPacked256.MulEven(x, w.Limb44) + GoldilocksPacked256.MulEven(xHigh, w.ShiftedLimb44);
    }

    /// <summary>The canonical lanes of the sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Vector256<ulong> Reduce()
    {
        // value = c0 + c22·2^22 + c44·2^44 = lo + hi·2^64 with lo = (c0 + (c22 << 22) + (c44 << 44)) mod 2^64
        // and hi = (c22 >> 42) + (c44 >> 20) + the two carries (< 2^23 + 2^44). Carries are detected on values
        // kept XOR 2^63, where a signed compare is the unsigned one.
        Vector256<ulong> c0Shifted = _c0 ^ SignBit;
        Vector256<ulong> sumShifted = c0Shifted + (_c22 << 22);
        Vector256<ulong> carry0 = Vector256.GreaterThan(c0Shifted.AsInt64(), sumShifted.AsInt64()).AsUInt64();
        Vector256<ulong> loShifted = sumShifted + (_c44 << 44);
        Vector256<ulong> carry1 = Vector256.GreaterThan(sumShifted.AsInt64(), loShifted.AsInt64()).AsUInt64();
        Vector256<ulong> hi = (_c22 >>> 42) + (_c44 >>> 20) - carry0 - carry1;
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
}
