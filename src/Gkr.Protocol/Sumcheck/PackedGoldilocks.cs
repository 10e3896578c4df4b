using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// Goldilocks arithmetic on four canonical lanes of a <see cref="Vector256{T}"/> (AVX2), for the fused
/// sumcheck kernels. Callers check <see cref="Avx2.IsSupported"/> first.
/// </summary>
/// <remarks>
/// Gkr.Field keeps its packed types internal; these few operations are restated here (same
/// mathematics as the scalar <c>Goldilocks</c> reduction: 2^64 ≡ ε = 2^32 − 1, 2^96 ≡ −1) until
/// Gkr.Field exposes a packed API. Every method takes and returns canonical lanes (&lt; p).
/// </remarks>
internal static class PackedGoldilocks
{
    private static Vector256<ulong> Epsilon => Vector256.Create(Goldilocks.Epsilon);

    private static Vector256<ulong> Modulus => Vector256.Create(Goldilocks.Modulus);

    /// <summary>(a + b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Add(Vector256<ulong> a, Vector256<ulong> b)
    {
        // On wraparound the lost 2^64 ≡ ε; the wrapped sum is ≤ 2^64 − 2^33, so adding ε stays below p.
        Vector256<ulong> sum = a + b;
        sum += Vector256.GreaterThan(a, sum) & Epsilon;
        return Canonical(sum);
    }

    /// <summary>(a − b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Subtract(Vector256<ulong> a, Vector256<ulong> b) =>
        // A borrow added 2^64 = p + ε: removing ε leaves a − b + p, which is in [1, p).
        (a - b) - (Vector256.GreaterThan(b, a) & Epsilon);

    /// <summary>(a · b) mod p.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Multiply(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> hi = Product(a, b, out Vector256<ulong> lo);
        return Reduce(hi, lo);
    }

    /// <summary>(c + a · b) mod p with one reduction: c is added to the 128-bit product first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> MultiplyAdd(Vector256<ulong> c, Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> hi = Product(a, b, out Vector256<ulong> lo);
        Vector256<ulong> sum = lo + c;

        // The product's high word is ≤ 2^64 − 2^33 + 1 (a, b < p), so the carry cannot overflow it.
        hi -= Vector256.GreaterThan(lo, sum);
        return Reduce(hi, sum);
    }

    /// <summary>The 128-bit product a·b: returns the high word, <paramref name="lo"/> the low word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Product(Vector256<ulong> a, Vector256<ulong> b, out Vector256<ulong> lo)
    {
        Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
        PartialProducts(a, b, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh);

        // Schoolbook: no partial sum overflows because each 32×32 product is ≤ 2^64 − 2^33 + 1.
        Vector256<ulong> middle = hl + (ll >>> 32);
        Vector256<ulong> middle2 = lh + (middle & low32);
        lo = (middle2 << 32) | (ll & low32);
        return hh + (middle >>> 32) + (middle2 >>> 32);
    }

    /// <summary>(hi·2^64 + lo) mod p ≡ lo − (hi >> 32) + (hi mod 2^32)·ε, canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Reduce(Vector256<ulong> hi, Vector256<ulong> lo)
    {
        Vector256<ulong> top = hi >>> 32;
        Vector256<ulong> t = (lo - top) - (Vector256.GreaterThan(top, lo) & Epsilon);
        Vector256<ulong> u = Avx2.Multiply(hi.AsUInt32(), Epsilon.AsUInt32());
        Vector256<ulong> v = t + u;
        v += Vector256.GreaterThan(u, v) & Epsilon;
        return Canonical(v);
    }

    /// <summary>The four 32×32 → 64 products of the halves of a and b (<c>vpmuludq</c>): a·b = ll + (lh + hl)·2^32 + hh·2^64.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void PartialProducts(
        Vector256<ulong> a, Vector256<ulong> b, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh)
    {
        Vector256<ulong> aHigh = a >>> 32, bHigh = b >>> 32;
        ll = Avx2.Multiply(a.AsUInt32(), b.AsUInt32());
        lh = Avx2.Multiply(a.AsUInt32(), bHigh.AsUInt32());
        hl = Avx2.Multiply(aHigh.AsUInt32(), b.AsUInt32());
        hh = Avx2.Multiply(aHigh.AsUInt32(), bHigh.AsUInt32());
    }

    /// <summary>x mod p for any x &lt; 2^64 (x − p when x ≥ p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Canonical(Vector256<ulong> x) =>
        x - (Vector256.GreaterThan(x, Vector256.Create(Goldilocks.Modulus - 1)) & Modulus);
}
