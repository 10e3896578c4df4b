using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gkr.Field.Simd;

/// <summary>
/// Goldilocks arithmetic on 8 lanes of a <see cref="Vector512{T}"/> (AVX-512F).
/// </summary>
/// <remarks>
/// <para>Every public method takes canonical lanes (&lt; p) and returns canonical lanes.</para>
/// <para>The algorithm mirrors <see cref="GoldilocksPacked256"/> lane for lane, so the two are
/// checked against the same scalar reference. Carries and borrows are detected on values
/// XOR-ed with 2^63 ("shifted"), where a signed comparison orders them as unsigned. The 64×64→128
/// product is assembled from four 32×32→64 <c>vpmuludq</c> products. Technique after Plonky2's
/// <c>goldilocks/src/x86_64_avx2</c> (Polygon Zero), rewritten here.</para>
/// <para>Without AVX-512 the same code runs on the runtime's software vectors (the tests use this
/// to check the AVX-512 logic on AVX2-only machines); only <see cref="MulEven"/> needs a separate
/// fallback.</para>
/// </remarks>
internal static class GoldilocksPacked512
{
    private static Vector512<ulong> SignBit => Vector512.Create(0x8000_0000_0000_0000UL);

    private static Vector512<ulong> Low32 => Vector512.Create(0xFFFF_FFFFUL);

    private static Vector512<ulong> EpsilonVector => Vector512.Create(Goldilocks.Epsilon);

    private static Vector512<long> ModulusMinusOneShifted => Vector512.Create((long)((Goldilocks.Modulus - 1) ^ 0x8000_0000_0000_0000UL));

    /// <summary>(a + b) mod p for canonical a and any 64-bit b (b need not be canonical).</summary>
    /// <remarks>
    /// With a &lt; p and b &lt; 2^64 the sum is &lt; p + 2^64: at most one wraparound (worth ε, and adding
    /// it cannot wrap again), and then one conditional subtraction of p leaves a value below p.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b)
    {
        // a + b < 2^65: wraparound lost 2^64 ≡ ε, detected as (a + b) < a on shifted values.
        Vector512<ulong> aShifted = a ^ SignBit;
        Vector512<ulong> sumShifted = aShifted + b;
        Vector512<ulong> carry = Vector512.GreaterThan(aShifted.AsInt64(), sumShifted.AsInt64()).AsUInt64();
        sumShifted += carry >>> 32;
        return CanonicalizeShifted(sumShifted);
    }

    /// <summary>(a − b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Subtract(Vector512<ulong> a, Vector512<ulong> b)
    {
        // On borrow a − b wrapped by +2^64; the answer a − b + p is that minus ε, and is < p.
        Vector512<ulong> borrow = Vector512.GreaterThan((b ^ SignBit).AsInt64(), (a ^ SignBit).AsInt64()).AsUInt64();
        return (a - b) - (borrow >>> 32);
    }

    /// <summary>(a · b) mod p. Inputs may be any 64-bit values; the output is canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply(Vector512<ulong> a, Vector512<ulong> b)
    {
        Vector512<ulong> hi = MultiplyFull(a, b, out Vector512<ulong> lo);
        return CanonicalizeShifted(Reduce128Shifted(hi, lo));
    }

    /// <summary>
    /// A value ≡ a · b (mod p) in [0, 2^64), not necessarily canonical: for feeding straight into
    /// <see cref="Add"/> as its second operand, which tolerates any 64-bit word there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyLazy(Vector512<ulong> a, Vector512<ulong> b)
    {
        Vector512<ulong> hi = MultiplyFull(a, b, out Vector512<ulong> lo);
        return Reduce128Shifted(hi, lo) ^ SignBit;
    }

    /// <summary>(a · b + c) mod p for canonical a, b and any 64-bit c, with one reduction.</summary>
    /// <remarks>c is added to the 128-bit product: its high word is ≤ 2^64 − 2^33 (a, b &lt; p), so the
    /// carry cannot overflow it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyAdd(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c)
    {
        Vector512<ulong> hi = MultiplyFull(a, b, out Vector512<ulong> lo);
        Vector512<ulong> loShifted = lo ^ SignBit;
        Vector512<ulong> sumShifted = loShifted + c;
        hi -= Vector512.GreaterThan(loShifted.AsInt64(), sumShifted.AsInt64()).AsUInt64();
        return CanonicalizeShifted(Reduce128Shifted(hi, sumShifted ^ SignBit));
    }

    /// <summary>The full 128-bit products: returns the high words, <paramref name="lo"/> the low words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyFull(Vector512<ulong> a, Vector512<ulong> b, out Vector512<ulong> lo)
    {
        PartialProducts(a, b, out Vector512<ulong> ll, out Vector512<ulong> lh, out Vector512<ulong> hl, out Vector512<ulong> hh);

        // Each partial product is ≤ (2^32 − 1)^2 = 2^64 − 2^33 + 1, so adding a value < 2^32
        // to one never overflows.
        Vector512<ulong> t0 = hl + (ll >>> 32);
        Vector512<ulong> t1 = lh + (t0 & Low32);
        Vector512<ulong> t2 = hh + (t0 >>> 32);
        lo = (t1 << 32) | (ll & Low32);
        return t2 + (t1 >>> 32);
    }

    /// <summary>
    /// The four 32×32 → 64 products of the halves of a and b: a·b = ll + (lh + hl)·2^32 + hh·2^64,
    /// each ≤ (2^32 − 1)^2 = 2^64 − 2^33 + 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PartialProducts(
        Vector512<ulong> a, Vector512<ulong> b, out Vector512<ulong> ll, out Vector512<ulong> lh, out Vector512<ulong> hl, out Vector512<ulong> hh)
    {
        Vector512<ulong> aHi = a >>> 32;
        Vector512<ulong> bHi = b >>> 32;
        ll = MulEven(a, b);
        lh = MulEven(a, bHi);
        hl = MulEven(aHi, b);
        hh = MulEven(aHi, bHi);
    }

    /// <summary>
    /// hi·2^64 + lo reduced to a value ≡ mod p in [0, 2^64), returned XOR 2^63 (shifted form).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Reduce128Shifted(Vector512<ulong> hi, Vector512<ulong> lo)
    {
        // 2^96 ≡ −1: subtract hi >> 32. A borrow gained 2^64 ≡ ε, so remove ε (no second borrow:
        // the wrapped value is ≥ 2^64 − 2^32 > ε).
        Vector512<ulong> hiHi = hi >>> 32;
        Vector512<ulong> loShifted = lo ^ SignBit;
        Vector512<ulong> t0Shifted = loShifted - hiHi;
        Vector512<ulong> borrow = Vector512.GreaterThan(t0Shifted.AsInt64(), loShifted.AsInt64()).AsUInt64();
        t0Shifted -= borrow >>> 32;

        // 2^64 ≡ ε: add (hi mod 2^32)·ε < 2^64; vpmuludq reads only the low 32 bits of hi.
        Vector512<ulong> t1 = MulEven(hi, EpsilonVector);
        Vector512<ulong> t2Shifted = t0Shifted + t1;
        Vector512<ulong> carry = Vector512.GreaterThan(t0Shifted.AsInt64(), t2Shifted.AsInt64()).AsUInt64();
        return t2Shifted + (carry >>> 32);
    }

    /// <summary>Takes x XOR 2^63 with x &lt; 2^64 and returns x mod p (x − p when x ≥ p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> CanonicalizeShifted(Vector512<ulong> shifted)
    {
        Vector512<ulong> tooLarge = Vector512.GreaterThan(shifted.AsInt64(), ModulusMinusOneShifted).AsUInt64();
        // x − p = x + ε − 2^64: adding ε with wraparound.
        return (shifted ^ SignBit) + (tooLarge >>> 32);
    }

    /// <summary>Lane-wise (a mod 2^32)·(b mod 2^32) as 64-bit products (<c>vpmuludq</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MulEven(Vector512<ulong> a, Vector512<ulong> b)
    {
        if (Avx512F.IsSupported)
        {
            return Avx512F.Multiply(a.AsUInt32(), b.AsUInt32());
        }

        return Vector512.Create(
            GoldilocksPacked256.MulEven(a.GetLower(), b.GetLower()),
            GoldilocksPacked256.MulEven(a.GetUpper(), b.GetUpper()));
    }

    /// <summary>Swaps adjacent lanes: [x0, x1, x2, x3, …] → [x1, x0, x3, x2, …].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> SwapPairs(Vector512<ulong> x) =>
        Vector512.Shuffle(x, Vector512.Create(1UL, 0, 3, 2, 5, 4, 7, 6));
}
