using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// The two sums a product-sumcheck round needs per pair of half-tables: Σ f_lo·g_lo (= h(0)) and
/// Σ (f_hi − f_lo)(g_hi − g_lo) (= h(∞), the leading coefficient). h(1) is claim − h(0).
/// </summary>
/// <remarks>
/// <para>The AVX2 paths never reduce inside the loop ("split accumulation", as in the field's packed
/// inner product): each 64×64-bit lane product is formed from four 32×32 <c>vpmuludq</c> products whose
/// 32-bit halves are added into four accumulators by weight 2^0, 2^32, 2^64, 2^96. A step adds less
/// than 3·2^32 to an accumulator, so up to 2^29 steps (far beyond any table here) cannot overflow.
/// The accumulators are reduced once at the end with 2^64 ≡ 2^32 − 1 and 2^96 ≡ −1 (mod p).</para>
/// <para>Extension elements are interleaved (c0, c1) words, so a vector holds two of them. With
/// a ⊙ b the lane-wise product, Σ a·b = (Σ_even(a ⊙ b) + 7·Σ_odd(a ⊙ b), Σ_all(a ⊙ swap(b))).</para>
/// <para>Inputs are canonical; outputs canonical. The scalar methods are the reference the tests
/// compare lane by lane.</para>
/// </remarks>
internal static class ProductRoundKernels
{
    /// <summary>Whether the packed paths run on this machine.</summary>
    public static bool Accelerated => Avx2.IsSupported;

    /// <summary>(Σ fLow·gLow, Σ (fHigh − fLow)(gHigh − gLow)) over the base field.</summary>
    public static (Goldilocks Low, Goldilocks Leading) BaseSums(
        ReadOnlySpan<Goldilocks> fLow, ReadOnlySpan<Goldilocks> fHigh, ReadOnlySpan<Goldilocks> gLow, ReadOnlySpan<Goldilocks> gHigh)
    {
        CheckLengths(fLow.Length, fHigh.Length, gLow.Length, gHigh.Length);
        if (!Accelerated)
        {
            return BaseSumsScalar(fLow, fHigh, gLow, gHigh);
        }

        var low = new SplitAccumulator();
        var leading = new SplitAccumulator();
        ref ulong fl = ref Word(fLow), fh = ref Word(fHigh), gl = ref Word(gLow), gh = ref Word(gHigh);
        int n = fLow.Length, i = 0;
        for (; i <= n - 4; i += 4)
        {
            // Safety: i + 3 < n, the common length of the four spans.
            Vector256<ulong> a = Vector256.LoadUnsafe(ref fl, (nuint)i), b = Vector256.LoadUnsafe(ref gl, (nuint)i);
            low.Add(a, b);
            leading.Add(Subtract(Vector256.LoadUnsafe(ref fh, (nuint)i), a), Subtract(Vector256.LoadUnsafe(ref gh, (nuint)i), b));
        }

        (Goldilocks tailLow, Goldilocks tailLeading) = BaseSumsScalar(fLow[i..], fHigh[i..], gLow[i..], gHigh[i..]);
        return (low.Total() + tailLow, leading.Total() + tailLeading);
    }

    /// <summary>(Σ fLow·gLow, Σ (fHigh − fLow)(gHigh − gLow)) over GoldilocksExt2.</summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) ExtensionSums(
        ReadOnlySpan<GoldilocksExt2> fLow, ReadOnlySpan<GoldilocksExt2> fHigh, ReadOnlySpan<GoldilocksExt2> gLow, ReadOnlySpan<GoldilocksExt2> gHigh)
    {
        CheckLengths(fLow.Length, fHigh.Length, gLow.Length, gHigh.Length);
        if (!Accelerated)
        {
            return ExtensionSumsScalar(fLow, fHigh, gLow, gHigh);
        }

        // Straight (s) products give (c0 parts); swapped (x) products give the c1 cross terms.
        var lowStraight = new SplitAccumulator();
        var lowCross = new SplitAccumulator();
        var leadingStraight = new SplitAccumulator();
        var leadingCross = new SplitAccumulator();
        ref ulong fl = ref Word(fLow), fh = ref Word(fHigh), gl = ref Word(gLow), gh = ref Word(gHigh);
        int words = 2 * fLow.Length, i = 0;
        for (; i <= words - 4; i += 4)
        {
            // Safety: i + 3 < words, twice the common element count.
            Vector256<ulong> a = Vector256.LoadUnsafe(ref fl, (nuint)i), b = Vector256.LoadUnsafe(ref gl, (nuint)i);
            lowStraight.Add(a, b);
            lowCross.Add(a, SwapPairs(b));
            Vector256<ulong> da = Subtract(Vector256.LoadUnsafe(ref fh, (nuint)i), a);
            Vector256<ulong> db = Subtract(Vector256.LoadUnsafe(ref gh, (nuint)i), b);
            leadingStraight.Add(da, db);
            leadingCross.Add(da, SwapPairs(db));
        }

        int done = i / 2;
        (GoldilocksExt2 tailLow, GoldilocksExt2 tailLeading) = ExtensionSumsScalar(fLow[done..], fHigh[done..], gLow[done..], gHigh[done..]);
        return (Combine(lowStraight, lowCross) + tailLow, Combine(leadingStraight, leadingCross) + tailLeading);
    }

    /// <summary>Reference for <see cref="BaseSums"/>.</summary>
    public static (Goldilocks Low, Goldilocks Leading) BaseSumsScalar(
        ReadOnlySpan<Goldilocks> fLow, ReadOnlySpan<Goldilocks> fHigh, ReadOnlySpan<Goldilocks> gLow, ReadOnlySpan<Goldilocks> gHigh)
    {
        Goldilocks low = Goldilocks.Zero, leading = Goldilocks.Zero;
        for (int i = 0; i < fLow.Length; i++)
        {
            low += fLow[i] * gLow[i];
            leading += (fHigh[i] - fLow[i]) * (gHigh[i] - gLow[i]);
        }

        return (low, leading);
    }

    /// <summary>Reference for <see cref="ExtensionSums"/>.</summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) ExtensionSumsScalar(
        ReadOnlySpan<GoldilocksExt2> fLow, ReadOnlySpan<GoldilocksExt2> fHigh, ReadOnlySpan<GoldilocksExt2> gLow, ReadOnlySpan<GoldilocksExt2> gHigh)
    {
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        for (int i = 0; i < fLow.Length; i++)
        {
            low += fLow[i] * gLow[i];
            leading += (fHigh[i] - fLow[i]) * (gHigh[i] - gLow[i]);
        }

        return (low, leading);
    }

    private static GoldilocksExt2 Combine(SplitAccumulator straight, SplitAccumulator cross)
    {
        // straight lanes: [a0b0, a1b1, a0b0, a1b1]; cross lanes: [a0b1, a1b0, a0b1, a1b0].
        Goldilocks even = straight.Lane(0) + straight.Lane(2);
        Goldilocks odd = straight.Lane(1) + straight.Lane(3);
        Goldilocks c1 = cross.Lane(0) + cross.Lane(1) + cross.Lane(2) + cross.Lane(3);
        return new GoldilocksExt2(even + (odd * Goldilocks.FromCanonical(GoldilocksExt2.NonResidue)), c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Subtract(Vector256<ulong> a, Vector256<ulong> b)
    {
        // A borrow wrapped a − b by +2^64 ≡ ε + p; removing ε leaves a − b + p ∈ [1, p).
        Vector256<ulong> borrow = Vector256.GreaterThan(b, a);
        return (a - b) - (borrow & Vector256.Create(Goldilocks.Epsilon));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> SwapPairs(Vector256<ulong> x) => Avx2.Permute4x64(x, 0b10_11_00_01);

    private static ref ulong Word<T>(ReadOnlySpan<T> span) where T : unmanaged =>
        ref MemoryMarshal.GetReference(MemoryMarshal.Cast<T, ulong>(span));

    private static void CheckLengths(int a, int b, int c, int d)
    {
        if (a != b || a != c || a != d)
        {
            throw new ArgumentException($"The four half-tables must have equal lengths ({a}, {b}, {c}, {d}).");
        }
    }

    /// <summary>Four lanes of unreduced Σ x·y, kept as 32-bit pieces summed by weight.</summary>
    private struct SplitAccumulator
    {
        private Vector256<ulong> _w0, _w32, _w64, _w96;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(Vector256<ulong> x, Vector256<ulong> y)
        {
            Vector256<ulong> low32 = Vector256.Create(0xFFFF_FFFFUL);
            Vector256<ulong> xHigh = x >>> 32, yHigh = y >>> 32;
            Vector256<ulong> ll = Avx2.Multiply(x.AsUInt32(), y.AsUInt32());
            Vector256<ulong> lh = Avx2.Multiply(x.AsUInt32(), yHigh.AsUInt32());
            Vector256<ulong> hl = Avx2.Multiply(xHigh.AsUInt32(), y.AsUInt32());
            Vector256<ulong> hh = Avx2.Multiply(xHigh.AsUInt32(), yHigh.AsUInt32());
            _w0 += ll & low32;
            _w32 += (ll >>> 32) + (lh & low32) + (hl & low32);
            _w64 += (lh >>> 32) + (hl >>> 32) + (hh & low32);
            _w96 += hh >>> 32;
        }

        /// <summary>The reduced sum of one lane: w0 + w32·2^32 + w64·ε − w96 (mod p).</summary>
        public readonly Goldilocks Lane(int lane) =>
            new Goldilocks(_w0[lane])
            + (new Goldilocks(_w32[lane]) * Goldilocks.FromCanonical(1UL << 32))
            + (new Goldilocks(_w64[lane]) * Goldilocks.FromCanonical(Goldilocks.Epsilon))
            - new Goldilocks(_w96[lane]);

        /// <summary>The reduced sum of all four lanes.</summary>
        public readonly Goldilocks Total() => Lane(0) + Lane(1) + Lane(2) + Lane(3);
    }
}
