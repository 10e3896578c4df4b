using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gkr.Field.Simd;

/// <summary>
/// Goldilocks arithmetic on 4 lanes of a <see cref="Vector256{T}"/> (AVX2).
/// </summary>
/// <remarks>
/// <para>Every public method takes canonical lanes (&lt; p) and returns canonical lanes.</para>
/// <para>AVX2 has only signed 64-bit comparisons, so carries and borrows are detected on values
/// XOR-ed with 2^63 ("shifted"), where a signed comparison orders them as unsigned. The 64×64→128
/// product is assembled from four 32×32→64 <c>vpmuludq</c> products. Technique after Plonky2's
/// <c>goldilocks/src/x86_64_avx2</c> (Polygon Zero), rewritten here.</para>
/// <para>Without AVX2 the same code runs on the runtime's software vectors; only
/// <see cref="MulEven"/> needs a separate fallback.</para>
/// </remarks>
internal static class GoldilocksPacked256
{
    private static Vector256<ulong> SignBit => Vector256.Create(0x8000_0000_0000_0000UL);

    private static Vector256<ulong> Low32 => Vector256.Create(0xFFFF_FFFFUL);

    private static Vector256<ulong> EpsilonVector => Vector256.Create(Goldilocks.Epsilon);

    private static Vector256<long> ModulusMinusOneShifted => Vector256.Create((long)((Goldilocks.Modulus - 1) ^ 0x8000_0000_0000_0000UL));

    /// <summary>(a + b) mod p for canonical a and any 64-bit b (b need not be canonical).</summary>
    /// <remarks>
    /// With a &lt; p and b &lt; 2^64 the sum is &lt; p + 2^64: at most one wraparound (worth ε, and adding
    /// it cannot wrap again), and then one conditional subtraction of p leaves a value below p.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b)
    {
        // a + b < 2^65: wraparound lost 2^64 ≡ ε, detected as (a + b) < a on shifted values.
        Vector256<ulong> aShifted = a ^ SignBit;
        Vector256<ulong> sumShifted = aShifted + b;
        Vector256<ulong> carry = Vector256.GreaterThan(aShifted.AsInt64(), sumShifted.AsInt64()).AsUInt64();
        sumShifted += carry >>> 32;
        return CanonicalizeShifted(sumShifted);
    }

    /// <summary>(a − b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Subtract(Vector256<ulong> a, Vector256<ulong> b)
    {
        // On borrow a − b wrapped by +2^64; the answer a − b + p is that minus ε, and is < p.
        Vector256<ulong> borrow = Vector256.GreaterThan((b ^ SignBit).AsInt64(), (a ^ SignBit).AsInt64()).AsUInt64();
        return (a - b) - (borrow >>> 32);
    }

    /// <summary>(a · b) mod p. Inputs may be any 64-bit values; the output is canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> hi = MultiplyFull(a, b, out Vector256<ulong> lo);
        return CanonicalizeShifted(Reduce128Shifted(hi, lo));
    }

    /// <summary>
    /// A value ≡ a · b (mod p) in [0, 2^64), not necessarily canonical: for feeding straight into
    /// <see cref="Add"/> as its second operand, which tolerates any 64-bit word there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyLazy(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> hi = MultiplyFull(a, b, out Vector256<ulong> lo);
        return Reduce128Shifted(hi, lo) ^ SignBit;
    }

    /// <summary>(a · b + c) mod p for canonical a, b and any 64-bit c, with one reduction.</summary>
    /// <remarks>c is added to the 128-bit product: its high word is ≤ 2^64 − 2^33 (a, b &lt; p), so the
    /// carry cannot overflow it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyAdd(Vector256<ulong> a, Vector256<ulong> b, Vector256<ulong> c)
    {
        Vector256<ulong> hi = MultiplyFull(a, b, out Vector256<ulong> lo);
        Vector256<ulong> loShifted = lo ^ SignBit;
        Vector256<ulong> sumShifted = loShifted + c;
        hi -= Vector256.GreaterThan(loShifted.AsInt64(), sumShifted.AsInt64()).AsUInt64();
        return CanonicalizeShifted(Reduce128Shifted(hi, sumShifted ^ SignBit));
    }

    /// <summary>The full 128-bit products: returns the high words, <paramref name="lo"/> the low words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyFull(Vector256<ulong> a, Vector256<ulong> b, out Vector256<ulong> lo)
    {
        PartialProducts(a, b, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh);

        // Each partial product is ≤ (2^32 − 1)^2 = 2^64 − 2^33 + 1, so adding a value < 2^32
        // to one never overflows.
        Vector256<ulong> t0 = hl + (ll >>> 32);
        Vector256<ulong> t1 = lh + (t0 & Low32);
        Vector256<ulong> t2 = hh + (t0 >>> 32);
        lo = Avx2.IsSupported
            ? Avx2.Blend(ll.AsUInt32(), (t1 << 32).AsUInt32(), 0b1010_1010).AsUInt64() // one blend for and + or
            : (t1 << 32) | (ll & Low32);
        return t2 + (t1 >>> 32);
    }

    /// <summary>
    /// The four 32×32 → 64 products of the halves of a and b: a·b = ll + (lh + hl)·2^32 + hh·2^64,
    /// each ≤ (2^32 − 1)^2 = 2^64 − 2^33 + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PartialProducts(
        Vector256<ulong> a, Vector256<ulong> b, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh)
    {
        Vector256<ulong> aHi = a >>> 32;
        Vector256<ulong> bHi = b >>> 32;
        ll = MulEven(a, b);
        lh = MulEven(a, bHi);
        hl = MulEven(aHi, b);
        hh = MulEven(aHi, bHi);
    }

    /// <summary>
    /// hi·2^64 + lo reduced to a value ≡ mod p in [0, 2^64), returned XOR 2^63 (shifted form).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Reduce128Shifted(Vector256<ulong> hi, Vector256<ulong> lo) => Reduce128ShiftedFromShifted(hi, lo ^ SignBit);

    /// <summary>
    /// <see cref="Reduce128Shifted"/> for a low word already given XOR 2^63 (<paramref name="loShifted"/>),
    /// as delayed-reduction sums keep it; any 64-bit hi.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Reduce128ShiftedFromShifted(Vector256<ulong> hi, Vector256<ulong> loShifted)
    {
        // 2^96 ≡ −1: subtract hi >> 32. A borrow gained 2^64 ≡ ε, so remove ε (no second borrow:
        // the wrapped value is ≥ 2^64 − 2^32 > ε).
        Vector256<ulong> hiHi = hi >>> 32;
        Vector256<ulong> t0Shifted = loShifted - hiHi;
        Vector256<ulong> borrow = Vector256.GreaterThan(t0Shifted.AsInt64(), loShifted.AsInt64()).AsUInt64();
        t0Shifted -= borrow >>> 32;

        // 2^64 ≡ ε: add (hi mod 2^32)·ε < 2^64; vpmuludq reads only the low 32 bits of hi.
        Vector256<ulong> t1 = MulEven(hi, EpsilonVector);
        Vector256<ulong> t2Shifted = t0Shifted + t1;
        Vector256<ulong> carry = Vector256.GreaterThan(t0Shifted.AsInt64(), t2Shifted.AsInt64()).AsUInt64();
        return t2Shifted + (carry >>> 32);
    }

    /// <summary>Takes x XOR 2^63 with x &lt; 2^64 and returns x mod p (x − p when x ≥ p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> CanonicalizeShifted(Vector256<ulong> shifted)
    {
        Vector256<ulong> tooLarge = Vector256.GreaterThan(shifted.AsInt64(), ModulusMinusOneShifted).AsUInt64();
        // x − p = x + ε − 2^64: adding ε with wraparound.
        return (shifted ^ SignBit) + (tooLarge >>> 32);
    }

    /// <summary>Lane-wise (a mod 2^32)·(b mod 2^32) as 64-bit products (<c>vpmuludq</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MulEven(Vector256<ulong> a, Vector256<ulong> b)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        }

        return (a & Low32) * (b & Low32);
    }

    /// <summary>Swaps adjacent lanes: [x0, x1, x2, x3] → [x1, x0, x3, x2].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> SwapPairs(Vector256<ulong> x)
    {
        if (Avx2.IsSupported)
        {
            return Avx2.Permute4x64(x, 0b10_11_00_01);
        }

        return Vector256.Shuffle(x, Vector256.Create(1UL, 0, 3, 2));
    }
}
