using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Gkr.Field.Simd;

/// <summary>
/// Goldilocks arithmetic on 8 lanes of a <see cref="Vector512{T}"/> (AVX-512F).
/// </summary>
/// <remarks>
/// <para>Every public method takes canonical lanes (&lt; p) and returns canonical lanes, except where
/// stated.</para>
/// <para>Same algorithm as <see cref="GoldilocksPacked256"/>, written for what AVX-512 adds: unsigned
/// 64-bit compares (<c>vpcmpuq</c>) into mask registers instead of the AVX2 code's XOR-2^63 trick,
/// the ε corrections as mask-selected adds (<c>ConditionalSelect</c> of a compare, which the JIT
/// emits as a masked <c>vpaddq</c>/<c>vpblendmq</c>), the final reduction as an unsigned minimum
/// (<c>vpminuq</c>: x mod p = min(x, x − p) for x &lt; 2^64), and the low-word assembly as one
/// bit-select (<c>vpternlogq</c>). The 64×64→128 product is still four 32×32→64 <c>vpmuludq</c>:
/// the ε reduction needs the high word, which <c>vpmullq</c> does not give. Technique after
/// Plonky2's <c>goldilocks/src/x86_64_avx2</c> and Plonky3's <c>x86_64_avx512</c>, rewritten here.</para>
/// <para>Without AVX-512 the same code runs on the runtime's software vectors (the tests use this
/// to check the AVX-512 logic on AVX2-only machines); only <see cref="MulEven"/> needs a separate
/// fallback.</para>
/// </remarks>
internal static class GoldilocksPacked512
{
    private static Vector512<ulong> Low32 => Vector512.Create(0xFFFF_FFFFUL);

    private static Vector512<ulong> EpsilonVector => Vector512.Create(Goldilocks.Epsilon);

    /// <summary>(a + b) mod p for canonical a and any 64-bit b (b need not be canonical).</summary>
    /// <remarks>
    /// With a &lt; p and b &lt; 2^64 the sum is &lt; p + 2^64: at most one wraparound (worth ε, and adding
    /// it cannot wrap again: the wrapped sum is below a), and then one conditional subtraction of p
    /// leaves a value below p.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Add(Vector512<ulong> a, Vector512<ulong> b)
    {
        Vector512<ulong> sum = a + b;
        return Canonicalize(AddEpsilonWhere(Vector512.LessThan(sum, a), sum));
    }

    /// <summary>(a − b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Subtract(Vector512<ulong> a, Vector512<ulong> b)
    {
        // On borrow a − b wrapped by +2^64; the answer a − b + p is that minus ε, and is < p.
        Vector512<ulong> difference = a - b;
        return Vector512.ConditionalSelect(Vector512.LessThan(a, b), difference - EpsilonVector, difference);
    }

    /// <summary>(a · b) mod p. Inputs may be any 64-bit values; the output is canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Multiply(Vector512<ulong> a, Vector512<ulong> b)
    {
        Vector512<ulong> hi = MultiplyFull(a, b, out Vector512<ulong> lo);
        return Canonicalize(Reduce128(hi, lo));
    }

    /// <summary>
    /// A value ≡ a · b (mod p) in [0, 2^64), not necessarily canonical: for feeding straight into
    /// <see cref="Add"/> as its second operand, which tolerates any 64-bit word there.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyLazy(Vector512<ulong> a, Vector512<ulong> b)
    {
        Vector512<ulong> hi = MultiplyFull(a, b, out Vector512<ulong> lo);
        return Reduce128(hi, lo);
    }

    /// <summary>(a · b + c) mod p for canonical a, b and any 64-bit c, with one reduction.</summary>
    /// <remarks>c is added to the 128-bit product: its high word is ≤ 2^64 − 2^33 (a, b &lt; p), so the
    /// carry cannot overflow it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> MultiplyAdd(Vector512<ulong> a, Vector512<ulong> b, Vector512<ulong> c)
    {
        Vector512<ulong> hi = MultiplyFull(a, b, out Vector512<ulong> lo);
        Vector512<ulong> sum = lo + c;
        hi -= Vector512.LessThan(sum, c); // all-ones (−1) where the low word carried
        return Canonicalize(Reduce128(hi, sum));
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
        lo = Vector512.ConditionalSelect(Low32, ll, t1 << 32); // one vpternlogq for and + andnot + or
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

    /// <summary>hi·2^64 + lo reduced to a value ≡ mod p in [0, 2^64), not necessarily canonical; any hi, lo.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Reduce128(Vector512<ulong> hi, Vector512<ulong> lo)
    {
        // 2^96 ≡ −1: subtract hi >> 32. A borrow gained 2^64 ≡ ε, so remove ε (no second borrow:
        // the wrapped value is ≥ 2^64 − 2^32 > ε).
        Vector512<ulong> hiHi = hi >>> 32;
        Vector512<ulong> t0 = lo - hiHi;
        t0 = Vector512.ConditionalSelect(Vector512.LessThan(lo, hiHi), t0 - EpsilonVector, t0);

        // 2^64 ≡ ε: add (hi mod 2^32)·ε < 2^64; vpmuludq reads only the low 32 bits of hi. A carry
        // is worth ε again, and adding it cannot wrap: the wrapped sum is below t1 ≤ 2^64 − 2^33 + 1.
        Vector512<ulong> t1 = MulEven(hi, EpsilonVector);
        Vector512<ulong> t2 = t0 + t1;
        return AddEpsilonWhere(Vector512.LessThan(t2, t1), t2);
    }

    /// <summary>x mod p for any 64-bit x: min(x, x − p) unsigned (<c>vpminuq</c>), as x − p wraps above x when x &lt; p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<ulong> Canonicalize(Vector512<ulong> x) => Vector512.Min(x, x + EpsilonVector); // x − p ≡ x + ε mod 2^64

    /// <summary>x + ε in the lanes where <paramref name="mask"/> is all ones, x elsewhere (a masked <c>vpaddq</c>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> AddEpsilonWhere(Vector512<ulong> mask, Vector512<ulong> x) =>
        Vector512.ConditionalSelect(mask, x + EpsilonVector, x);

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
