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
    // Pairs per block of the fused kernels: 8 streams × 256 × 8 bytes = 16 KiB, resident in L1.
    private const int Block = 256;

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

    /// <summary>
    /// Binds variable 0 of base tables f, g (length 2·<paramref name="half"/>) to r into planar extension
    /// tables of length <paramref name="half"/>, and returns the next round's sums over the pairs
    /// j ∈ [from, to) ⊂ [0, half/2): Σ a_f·a_g and Σ (b_f − a_f)(b_g − a_g), where a = new[j] and
    /// b = new[j + half/2]. One pass: the new values feed the sums while still in registers.
    /// </summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) FoldBaseAndSum(
        Goldilocks[] f, Goldilocks[] g, int half, GoldilocksExt2 r, PlanarTables destination, int from, int to)
    {
        if (!Accelerated)
        {
            return FoldBaseAndSumScalar(f, g, half, r, destination, from, to);
        }

        // Blocks of Block pairs: fold them (four simple streams), then sum the just-written values from L1.
        int quarter = half / 2;
        var sums = new PlanarSums();
        for (int start = from; start < to; start += Block)
        {
            int count = Math.Min(Block, to - start);
            FoldBaseBlock(f, half, start, count, r, destination.F0, destination.F1);
            FoldBaseBlock(f, half, start + quarter, count, r, destination.F0, destination.F1);
            FoldBaseBlock(g, half, start, count, r, destination.G0, destination.G1);
            FoldBaseBlock(g, half, start + quarter, count, r, destination.G0, destination.G1);
            sums.Add(destination, start, quarter, count);
        }

        return (sums.Low, sums.Leading);
    }

    /// <summary>Reference for <see cref="FoldBaseAndSum"/>.</summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) FoldBaseAndSumScalar(
        Goldilocks[] f, Goldilocks[] g, int half, GoldilocksExt2 r, PlanarTables destination, int from, int to)
    {
        int quarter = half / 2;
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        for (int j = from; j < to; j++)
        {
            GoldilocksExt2 fa = (r * (f[j + half] - f[j])) + f[j];
            GoldilocksExt2 fb = (r * (f[j + quarter + half] - f[j + quarter])) + f[j + quarter];
            GoldilocksExt2 ga = (r * (g[j + half] - g[j])) + g[j];
            GoldilocksExt2 gb = (r * (g[j + quarter + half] - g[j + quarter])) + g[j + quarter];
            destination.Set(j, fa, ga);
            destination.Set(j + quarter, fb, gb);
            low += fa * ga;
            leading += (fb - fa) * (gb - ga);
        }

        return (low, leading);
    }

    /// <summary>
    /// In place: binds variable 0 of planar extension tables of length 2·<paramref name="half"/> to r
    /// (new[i] = old[i] + r·(old[i + half] − old[i]), i &lt; half) and returns the next round's sums
    /// over j ∈ [from, to) ⊂ [0, half/2), as in <see cref="FoldBaseAndSum"/>.
    /// </summary>
    /// <remarks>Iteration j reads indices j, j + half/2, j + half, j + 3·half/2 and writes only j and
    /// j + half/2, which no other iteration reads: disjoint ranges may run in parallel.</remarks>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) FoldExtensionAndSum(PlanarTables tables, int half, GoldilocksExt2 r, int from, int to)
    {
        if (!Accelerated)
        {
            return FoldExtensionAndSumScalar(tables, half, r, from, to);
        }

        int quarter = half / 2;
        var sums = new PlanarSums();
        for (int start = from; start < to; start += Block)
        {
            int count = Math.Min(Block, to - start);
            FoldExtensionBlock(tables.F0, tables.F1, half, start, count, r);
            FoldExtensionBlock(tables.F0, tables.F1, half, start + quarter, count, r);
            FoldExtensionBlock(tables.G0, tables.G1, half, start, count, r);
            FoldExtensionBlock(tables.G0, tables.G1, half, start + quarter, count, r);
            sums.Add(tables, start, quarter, count);
        }

        return (sums.Low, sums.Leading);
    }

    /// <summary>Reference for <see cref="FoldExtensionAndSum"/>.</summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) FoldExtensionAndSumScalar(PlanarTables tables, int half, GoldilocksExt2 r, int from, int to)
    {
        int quarter = half / 2;
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        for (int j = from; j < to; j++)
        {
            (GoldilocksExt2 fa, GoldilocksExt2 ga) = tables.FoldAt(j, half, r);
            (GoldilocksExt2 fb, GoldilocksExt2 gb) = tables.FoldAt(j + quarter, half, r);
            tables.Set(j, fa, ga);
            tables.Set(j + quarter, fb, gb);
            low += fa * ga;
            leading += (fb - fa) * (gb - ga);
        }

        return (low, leading);
    }

    /// <summary>c0[i] + c1[i]·x = t[i] + r·(t[i + half] − t[i]) for i in [start, start + count): (lo + r0·d) + (r1·d)·x.</summary>
    private static void FoldBaseBlock(Goldilocks[] table, int half, int start, int count, GoldilocksExt2 r, Goldilocks[] c0, Goldilocks[] c1)
    {
        Vector256<ulong> r0 = Vector256.Create(r.C0.Value), r1 = Vector256.Create(r.C1.Value);
        ref ulong t = ref Word(table), o0 = ref Word(c0), o1 = ref Word(c1);
        int i = start, end = start + count;
        for (; i <= end - 4; i += 4)
        {
            // Safety: i + 3 < end ≤ half ≤ the output lengths, and i + half + 3 < 2·half = the table length.
            Vector256<ulong> lo = Vector256.LoadUnsafe(ref t, (nuint)i);
            Vector256<ulong> d = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref t, (nuint)(i + half)), lo);
            PackedGoldilocks.Add(lo, PackedGoldilocks.Multiply(r0, d)).StoreUnsafe(ref o0, (nuint)i);
            PackedGoldilocks.Multiply(r1, d).StoreUnsafe(ref o1, (nuint)i);
        }

        for (; i < end; i++)
        {
            GoldilocksExt2 value = (r * (table[i + half] - table[i])) + table[i];
            (c0[i], c1[i]) = (value.C0, value.C1);
        }
    }

    /// <summary>In place, for i in [start, start + count): t[i] = t[i] + r·(t[i + half] − t[i]) on planar (c0, c1).</summary>
    /// <remarks>r·d = (r0·d0 + 7r1·d1) + (r0·d1 + r1·d0)·x.</remarks>
    private static void FoldExtensionBlock(Goldilocks[] c0, Goldilocks[] c1, int half, int start, int count, GoldilocksExt2 r)
    {
        Vector256<ulong> r0 = Vector256.Create(r.C0.Value), r1 = Vector256.Create(r.C1.Value);
        Vector256<ulong> r1Times7 = Vector256.Create((r.C1 * Goldilocks.FromCanonical(GoldilocksExt2.NonResidue)).Value);
        ref ulong t0 = ref Word(c0), t1 = ref Word(c1);
        int i = start, end = start + count;
        for (; i <= end - 4; i += 4)
        {
            // Safety: i + half + 3 < 2·half, the tables' current length.
            Vector256<ulong> lo0 = Vector256.LoadUnsafe(ref t0, (nuint)i), lo1 = Vector256.LoadUnsafe(ref t1, (nuint)i);
            Vector256<ulong> d0 = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref t0, (nuint)(i + half)), lo0);
            Vector256<ulong> d1 = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref t1, (nuint)(i + half)), lo1);
            Vector256<ulong> n0 = PackedGoldilocks.Add(PackedGoldilocks.Multiply(r0, d0), PackedGoldilocks.Multiply(r1Times7, d1));
            Vector256<ulong> n1 = PackedGoldilocks.Add(PackedGoldilocks.Multiply(r0, d1), PackedGoldilocks.Multiply(r1, d0));
            PackedGoldilocks.Add(lo0, n0).StoreUnsafe(ref t0, (nuint)i);
            PackedGoldilocks.Add(lo1, n1).StoreUnsafe(ref t1, (nuint)i);
        }

        for (; i < end; i++)
        {
            var lo = new GoldilocksExt2(c0[i], c1[i]);
            GoldilocksExt2 value = lo + (r * (new GoldilocksExt2(c0[i + half], c1[i + half]) - lo));
            (c0[i], c1[i]) = (value.C0, value.C1);
        }
    }

    private static ref ulong Word(Goldilocks[] array) =>
        ref Unsafe.As<Goldilocks, ulong>(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>
    /// Unreduced Σ a_f·a_g and Σ (b_f − a_f)(b_g − a_g) over planar extension values (a at j, b at
    /// j + quarter), by Karatsuba: (x0 + x1·X)(y0 + y1·X) = (x0y0 + 7x1y1) + ((x0 + x1)(y0 + y1) − x0y0 − x1y1)·X,
    /// three lane products instead of four.
    /// </summary>
    private struct PlanarSums
    {
        private SplitAccumulator _low00, _low11, _lowK, _lead00, _lead11, _leadK;
        private GoldilocksExt2 _tailLow, _tailLeading;

        public readonly GoldilocksExt2 Low => Combine(_low00, _low11, _lowK) + _tailLow;

        public readonly GoldilocksExt2 Leading => Combine(_lead00, _lead11, _leadK) + _tailLeading;

        public void Add(PlanarTables t, int start, int quarter, int count)
        {
            ref ulong f0 = ref Word(t.F0), f1 = ref Word(t.F1), g0 = ref Word(t.G0), g1 = ref Word(t.G1);
            SplitAccumulator low00 = _low00, low11 = _low11, lowK = _lowK, lead00 = _lead00, lead11 = _lead11, leadK = _leadK;
            int j = start, end = start + count;
            for (; j <= end - 4; j += 4)
            {
                // Safety: j + quarter + 3 < end + quarter ≤ 2·quarter ≤ the table lengths.
                nuint a = (nuint)j, b = (nuint)(j + quarter);
                Vector256<ulong> fa0 = Vector256.LoadUnsafe(ref f0, a), fa1 = Vector256.LoadUnsafe(ref f1, a);
                Vector256<ulong> ga0 = Vector256.LoadUnsafe(ref g0, a), ga1 = Vector256.LoadUnsafe(ref g1, a);
                low00.Add(fa0, ga0);
                low11.Add(fa1, ga1);
                lowK.Add(PackedGoldilocks.Add(fa0, fa1), PackedGoldilocks.Add(ga0, ga1));
                Vector256<ulong> df0 = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref f0, b), fa0);
                Vector256<ulong> df1 = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref f1, b), fa1);
                Vector256<ulong> dg0 = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref g0, b), ga0);
                Vector256<ulong> dg1 = PackedGoldilocks.Subtract(Vector256.LoadUnsafe(ref g1, b), ga1);
                lead00.Add(df0, dg0);
                lead11.Add(df1, dg1);
                leadK.Add(PackedGoldilocks.Add(df0, df1), PackedGoldilocks.Add(dg0, dg1));
            }

            (_low00, _low11, _lowK, _lead00, _lead11, _leadK) = (low00, low11, lowK, lead00, lead11, leadK);
            for (; j < end; j++)
            {
                GoldilocksExt2 fa = t.F(j), ga = t.G(j);
                _tailLow += fa * ga;
                _tailLeading += (t.F(j + quarter) - fa) * (t.G(j + quarter) - ga);
            }
        }

        private static GoldilocksExt2 Combine(SplitAccumulator s00, SplitAccumulator s11, SplitAccumulator sK)
        {
            Goldilocks p00 = s00.Total(), p11 = s11.Total();
            return new GoldilocksExt2(p00 + (p11 * Goldilocks.FromCanonical(GoldilocksExt2.NonResidue)), sK.Total() - p00 - p11);
        }
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
            PackedGoldilocks.PartialProducts(x, y, out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh);
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

/// <summary>Extension tables stored planar (separate C0 and C1 arrays) for the fused kernels: element i is F0[i] + F1[i]·x.</summary>
internal readonly record struct PlanarTables(Goldilocks[] F0, Goldilocks[] F1, Goldilocks[] G0, Goldilocks[] G1)
{
    public GoldilocksExt2 F(int index) => new(F0[index], F1[index]);

    public GoldilocksExt2 G(int index) => new(G0[index], G1[index]);

    public void Set(int index, GoldilocksExt2 f, GoldilocksExt2 g)
    {
        (F0[index], F1[index]) = (f.C0, f.C1);
        (G0[index], G1[index]) = (g.C0, g.C1);
    }

    /// <summary>The folded values old[index] + r·(old[index + half] − old[index]) of both tables (not stored).</summary>
    public (GoldilocksExt2 F, GoldilocksExt2 G) FoldAt(int index, int half, GoldilocksExt2 r)
    {
        GoldilocksExt2 f = F(index), g = G(index);
        return (f + (r * (F(index + half) - f)), g + (r * (G(index + half) - g)));
    }
}
