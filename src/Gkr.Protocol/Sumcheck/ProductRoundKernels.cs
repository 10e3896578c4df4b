using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Gkr.Field;
using Gkr.Field.Simd;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// Kernels of the product sumcheck Σ f·g (Goldilocks tables, GoldilocksExt2 challenges). Each round
/// needs two sums over its pairs (lo, hi): Σ f_lo·g_lo (= h(0)) and Σ (f_hi − f_lo)(g_hi − g_lo)
/// (= h(∞), the leading coefficient); h(1) is claim − h(0).
/// </summary>
/// <remarks>
/// <para>Rounds 0 and 1 work on the base tables only (the "small-value" idea of Bagad, Dao, Domb and
/// Thaler, eprint 2025/1117): one pass computes eight base-field sums P(a, b) = Σ_x f(a, b, x)·g(a, b, x),
/// a, b ∈ {0, 1, ∞} (∞: the leading coefficient along that variable), from which round 0's and, for any
/// r_0, round 1's sums follow (<see cref="FirstTwoRounds"/>, <see cref="SecondRoundSums"/>). The
/// tables are first written in the extension after r_1, directly at a quarter of their size: the
/// 2^n-entry extension table of the plain algorithm is never formed.</para>
/// <para>Later rounds fold in place and compute the next round's sums in the same blocked pass. Each
/// coefficient the materialise and fold kernels write is a short sum c + Σ w_k·x_k with constant w_k,
/// reduced once (<see cref="WeightedSum256"/>).</para>
/// <para>The AVX2 sums never reduce inside the loop: they use the field's
/// <see cref="ProductAccumulator256"/> (the partial products of each lane product are added into
/// carry-counted 64-bit accumulators, reduced once at the end), as the packed inner product does.</para>
/// <para>Inputs are canonical; outputs canonical. The scalar methods are the reference the tests
/// compare against value by value.</para>
/// </remarks>
internal static class ProductRoundKernels
{
    // Pairs per block of the fused kernels: 8 streams × 256 × 8 bytes = 16 KiB, resident in L1.
    private const int Block = 256;

    /// <summary>Whether the packed (AVX2) paths run: through <see cref="SimdSupport"/>, so <c>GKR_SIMD</c> and the tier passes cover them.</summary>
    public static bool Accelerated => SimdSupport.Active >= SimdTier.Avx2;

    /// <summary>Number of sums <see cref="FirstTwoRounds"/> produces.</summary>
    public const int FirstRoundSumCount = 8;

    /// <summary>
    /// Adds, over x ∈ [from, to) ⊂ [0, quarter), the eight sums P(a, b) = Σ_x f(a, b, x)·g(a, b, x) for
    /// (a, b) = (0,0), (0,1), (1,0), (∞,0), (∞,1), (0,∞), (1,∞), (∞,∞), in that order, where
    /// f(a, b, x) = f[a·2·quarter + b·quarter + x] for a, b ∈ {0, 1} and the value at ∞ in a variable is
    /// the value at 1 minus the value at 0 (the leading coefficient along that variable).
    /// </summary>
    /// <remarks>
    /// Round 0 needs h(0) = P(0,0) + P(0,1) and h(∞) = P(∞,0) + P(∞,1). Round 1's sums for any r_0 follow
    /// because f(r_0, b, x)·g(r_0, b, x) is quadratic in r_0: q(r) = (1 − r)·q(0) + r·q(1) + r(r − 1)·q(∞), so
    /// h_1(0) = Σ_a L_a(r_0)·P(a, 0) and h_1(∞) = Σ_a L_a(r_0)·P(a, ∞) (<see cref="SecondRoundSums"/>):
    /// eight products per x instead of the ten of a tensor-product expansion.
    /// </remarks>
    public static void FirstTwoRounds(Goldilocks[] f, Goldilocks[] g, int quarter, int from, int to, Span<Goldilocks> sums)
    {
        if (!Accelerated)
        {
            FirstTwoRoundsScalar(f, g, quarter, from, to, sums);
            return;
        }

        Span<ProductAccumulator256> acc = stackalloc ProductAccumulator256[FirstRoundSumCount];
        ref ulong fr = ref Word(f), gr = ref Word(g);
        nuint q = (nuint)quarter, h = 2 * q, h3 = h + q;
        int x = from;
        for (int start = from; start <= to - 4; start += Block)
        {
            int end = start + ((Math.Min(to, start + Block) - start) & ~3);

            // Three short loops over the same L1-resident block keep each loop's accumulators in registers.
            ProductAccumulator256 p00 = acc[0], p01 = acc[1], p10 = acc[2];
            for (x = start; x < end; x += 4)
            {
                // Safety: x + 3 < to ≤ quarter, so x + 3·quarter + 3 < 4·quarter = the table length.
                nuint i = (nuint)x;
                p00.Add(Vector256.LoadUnsafe(ref fr, i), Vector256.LoadUnsafe(ref gr, i));
                p01.Add(Vector256.LoadUnsafe(ref fr, i + q), Vector256.LoadUnsafe(ref gr, i + q));
                p10.Add(Vector256.LoadUnsafe(ref fr, i + h), Vector256.LoadUnsafe(ref gr, i + h));
            }

            (acc[0], acc[1], acc[2]) = (p00, p01, p10);
            ProductAccumulator256 pInf0 = acc[3], pInf1 = acc[4];
            for (x = start; x < end; x += 4)
            {
                nuint i = (nuint)x;
                pInf0.Add(Difference(ref fr, i + h, i), Difference(ref gr, i + h, i));
                pInf1.Add(Difference(ref fr, i + h3, i + q), Difference(ref gr, i + h3, i + q));
            }

            (acc[3], acc[4]) = (pInf0, pInf1);
            ProductAccumulator256 p0Inf = acc[5], p1Inf = acc[6], pInfInf = acc[7];
            for (x = start; x < end; x += 4)
            {
                nuint i = (nuint)x;
                Vector256<ulong> df0 = Difference(ref fr, i + q, i), df1 = Difference(ref fr, i + h3, i + h);
                Vector256<ulong> dg0 = Difference(ref gr, i + q, i), dg1 = Difference(ref gr, i + h3, i + h);
                p0Inf.Add(df0, dg0);
                p1Inf.Add(df1, dg1);
                pInfInf.Add(GoldilocksPacked256.Subtract(df1, df0), GoldilocksPacked256.Subtract(dg1, dg0));
            }

            (acc[5], acc[6], acc[7]) = (p0Inf, p1Inf, pInfInf);
            x = end;
        }

        for (int k = 0; k < FirstRoundSumCount; k++)
        {
            sums[k] += acc[k].Total();
        }

        FirstTwoRoundsScalar(f, g, quarter, x, to, sums);
    }

    /// <summary>Reference for <see cref="FirstTwoRounds"/>.</summary>
    public static void FirstTwoRoundsScalar(Goldilocks[] f, Goldilocks[] g, int quarter, int from, int to, Span<Goldilocks> sums)
    {
        int h = 2 * quarter;
        for (int x = from; x < to; x++)
        {
            Goldilocks[] fv = Grid(f[x], f[x + quarter], f[x + h], f[x + h + quarter]);
            Goldilocks[] gv = Grid(g[x], g[x + quarter], g[x + h], g[x + h + quarter]);
            for (int k = 0; k < FirstRoundSumCount; k++)
            {
                sums[k] += fv[k] * gv[k];
            }
        }

        // The values at the eight points of FirstTwoRounds, in its order.
        static Goldilocks[] Grid(Goldilocks v00, Goldilocks v01, Goldilocks v10, Goldilocks v11) =>
            [v00, v01, v10, v10 - v00, v11 - v01, v01 - v00, v11 - v10, v11 - v10 - v01 + v00];
    }

    /// <summary>
    /// Round 1's sums (h(0), h(∞)) from <see cref="FirstTwoRounds"/>'s eight sums and r_0:
    /// Σ_a L_a(r_0)·P(a, b) for b = 0 and b = ∞, with L_0 = 1 − r, L_1 = r, L_∞ = r(r − 1).
    /// </summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) SecondRoundSums(ReadOnlySpan<Goldilocks> sums, GoldilocksExt2 r0)
    {
        GoldilocksExt2 l0 = GoldilocksExt2.One - r0, lInf = r0 * (r0 - GoldilocksExt2.One);
        return ((l0 * sums[0]) + (r0 * sums[2]) + (lInf * sums[3]), (l0 * sums[5]) + (r0 * sums[6]) + (lInf * sums[7]));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Difference(ref ulong table, nuint high, nuint low) =>
        GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref table, high), Vector256.LoadUnsafe(ref table, low));

    /// <summary>
    /// Writes the planar extension tables f(r_0, r_1, x), g(r_0, r_1, x) for x &lt; quarter straight from
    /// the base tables (for x ∈ [from, to) and x + quarter/2, from ⊂ [0, quarter/2)) and returns round 2's
    /// sums over those pairs. f(r_0, r_1, x) = f00 + r_0·(f10 − f00) + r_1·(f01 − f00) + r_0r_1·(f11 − f10 − f01 + f00):
    /// three extension×base products instead of the two folds' four plus an extension×extension one.
    /// </summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) MaterializeAndSum(
        Goldilocks[] f, Goldilocks[] g, int quarter, GoldilocksExt2 r0, GoldilocksExt2 r1, PlanarTables destination, int from, int to)
    {
        if (!Accelerated)
        {
            return MaterializeAndSumScalar(f, g, quarter, r0, r1, destination, from, to);
        }

        int eighth = quarter / 2;
        var factors = new MaterializeFactors(r0, r1);
        var sums = new PlanarSums();
        for (int start = from; start < to; start += Block)
        {
            int count = Math.Min(Block, to - start);
            MaterializeBlock(f, quarter, start, count, factors, destination.F0, destination.F1);
            MaterializeBlock(f, quarter, start + eighth, count, factors, destination.F0, destination.F1);
            MaterializeBlock(g, quarter, start, count, factors, destination.G0, destination.G1);
            MaterializeBlock(g, quarter, start + eighth, count, factors, destination.G0, destination.G1);
            sums.Add(destination, start, eighth, count);
        }

        return (sums.Low, sums.Leading);
    }

    /// <summary>Reference for <see cref="MaterializeAndSum"/>, by two successive folds.</summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) MaterializeAndSumScalar(
        Goldilocks[] f, Goldilocks[] g, int quarter, GoldilocksExt2 r0, GoldilocksExt2 r1, PlanarTables destination, int from, int to)
    {
        int eighth = quarter / 2;
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        for (int x = from; x < to; x++)
        {
            GoldilocksExt2 fa = FoldTwice(f, quarter, x, r0, r1), ga = FoldTwice(g, quarter, x, r0, r1);
            GoldilocksExt2 fb = FoldTwice(f, quarter, x + eighth, r0, r1), gb = FoldTwice(g, quarter, x + eighth, r0, r1);
            destination.Set(x, fa, ga);
            destination.Set(x + eighth, fb, gb);
            low += fa * ga;
            leading += (fb - fa) * (gb - ga);
        }

        return (low, leading);
    }

    /// <summary>f(r_0, r_1, x) by definition: fold variable 0 with r_0, then variable 1 with r_1.</summary>
    public static GoldilocksExt2 FoldTwice(Goldilocks[] table, int quarter, int x, GoldilocksExt2 r0, GoldilocksExt2 r1)
    {
        int h = 2 * quarter;
        GoldilocksExt2 a = (r0 * (table[x + h] - table[x])) + table[x];
        GoldilocksExt2 b = (r0 * (table[x + h + quarter] - table[x + quarter])) + table[x + quarter];
        return a + (r1 * (b - a));
    }

    private static void MaterializeBlock(Goldilocks[] table, int quarter, int start, int count, in MaterializeFactors w, Goldilocks[] c0, Goldilocks[] c1)
    {
        ref ulong t = ref Word(table), o0 = ref Word(c0), o1 = ref Word(c1);
        nuint q = (nuint)quarter, h = 2 * q;
        int end = start + (count & ~3);
        for (int x = start; x < end; x += 4)
        {
            // Safety: x + 3 < quarter, so x + 3·quarter + 3 < 4·quarter = the table length; the outputs are ≥ quarter long.
            nuint i = (nuint)x;
            Vector256<ulong> f00 = Vector256.LoadUnsafe(ref t, i), f01 = Vector256.LoadUnsafe(ref t, i + q);
            Vector256<ulong> f10 = Vector256.LoadUnsafe(ref t, i + h), f11 = Vector256.LoadUnsafe(ref t, i + h + q);
            Vector256<ulong> d1 = GoldilocksPacked256.Subtract(f10, f00), d2 = GoldilocksPacked256.Subtract(f01, f00);
            Vector256<ulong> d3 = GoldilocksPacked256.Subtract(GoldilocksPacked256.Subtract(f11, f01), d1);
            Vector256<ulong> d1High = d1 >>> 32, d2High = d2 >>> 32, d3High = d3 >>> 32;

            // Each coefficient is a three-product sum reduced once: [f00] + a·d1 + b·d2 + c·d3.
            var sum = WeightedSum256.Start(f00);
            sum.Add(w.A0, d1, d1High);
            sum.Add(w.B0, d2, d2High);
            sum.Add(w.C0, d3, d3High);
            sum.Reduce().StoreUnsafe(ref o0, i);
            sum = WeightedSum256.Start(Vector256<ulong>.Zero);
            sum.Add(w.A1, d1, d1High);
            sum.Add(w.B1, d2, d2High);
            sum.Add(w.C1, d3, d3High);
            sum.Reduce().StoreUnsafe(ref o1, i);
        }

        for (int x = end; x < start + count; x++)
        {
            GoldilocksExt2 value = FoldTwice(table, quarter, x, w.R0, w.R1);
            (c0[x], c1[x]) = (value.C0, value.C1);
        }
    }

    /// <summary>
    /// In place: binds variable 0 of planar extension tables of length 2·<paramref name="half"/> to r
    /// (new[i] = old[i] + r·(old[i + half] − old[i]), i &lt; half) and returns the next round's sums
    /// over j ∈ [from, to) ⊂ [0, half/2), sums Σ a_f·a_g and Σ (b_f − a_f)(b_g − a_g) with a = new[j], b = new[j + half/2].
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
        var factors = new FoldFactors(r);
        var sums = new PlanarSums();
        for (int start = from; start < to; start += Block)
        {
            int count = Math.Min(Block, to - start);
            FoldExtensionBlock(tables.F0, tables.F1, half, start, count, factors);
            FoldExtensionBlock(tables.F0, tables.F1, half, start + quarter, count, factors);
            FoldExtensionBlock(tables.G0, tables.G1, half, start, count, factors);
            FoldExtensionBlock(tables.G0, tables.G1, half, start + quarter, count, factors);
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

    /// <summary>In place, for i in [start, start + count): t[i] = t[i] + r·(t[i + half] − t[i]) on planar (c0, c1).</summary>
    /// <remarks>r·d = (r0·d0 + 7r1·d1) + (r0·d1 + r1·d0)·x: each coefficient a two-product sum reduced once.</remarks>
    private static void FoldExtensionBlock(Goldilocks[] c0, Goldilocks[] c1, int half, int start, int count, in FoldFactors w)
    {
        ref ulong s0 = ref Word(c0), s1 = ref Word(c1);
        nuint offset = (nuint)half;
        int end = start + (count & ~3);
        for (int i = start; i < end; i += 4)
        {
            // Safety: i + half + 3 < 2·half, the tables' current length. Both coefficients are read before either is written.
            nuint k = (nuint)i;
            Vector256<ulong> lo0 = Vector256.LoadUnsafe(ref s0, k), lo1 = Vector256.LoadUnsafe(ref s1, k);
            Vector256<ulong> d0 = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref s0, k + offset), lo0);
            Vector256<ulong> d1 = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref s1, k + offset), lo1);
            Vector256<ulong> d0High = d0 >>> 32, d1High = d1 >>> 32;
            var sum = WeightedSum256.Start(lo0);
            sum.Add(w.R0, d0, d0High);
            sum.Add(w.R1Times7, d1, d1High);
            sum.Reduce().StoreUnsafe(ref s0, k);
            sum = WeightedSum256.Start(lo1);
            sum.Add(w.R0, d1, d1High);
            sum.Add(w.R1, d0, d0High);
            sum.Reduce().StoreUnsafe(ref s1, k);
        }

        for (int i = end; i < start + count; i++)
        {
            var lo = new GoldilocksExt2(c0[i], c1[i]);
            GoldilocksExt2 value = lo + (w.R * (new GoldilocksExt2(c0[i + half], c1[i + half]) - lo));
            (c0[i], c1[i]) = (value.C0, value.C1);
        }
    }

    private static ref ulong Word(Goldilocks[] array) =>
        ref Unsafe.As<Goldilocks, ulong>(ref MemoryMarshal.GetArrayDataReference(array));

    /// <summary>The packed coefficients of r_0, r_1 and r_0·r_1 for <see cref="MaterializeBlock"/>.</summary>
    private readonly struct MaterializeFactors(GoldilocksExt2 r0, GoldilocksExt2 r1)
    {
        public readonly GoldilocksExt2 R0 = r0, R1 = r1;
        public readonly PackedFactor256 A0 = new(r0.C0), A1 = new(r0.C1), B0 = new(r1.C0), B1 = new(r1.C1);
        public readonly PackedFactor256 C0 = new((r0 * r1).C0), C1 = new((r0 * r1).C1);
    }

    /// <summary>The packed coefficients r_0, r_1 and 7·r_1 of r = r_0 + r_1·x for <see cref="FoldExtensionBlock"/>.</summary>
    private readonly struct FoldFactors(GoldilocksExt2 r)
    {
        public readonly GoldilocksExt2 R = r;
        public readonly PackedFactor256 R0 = new(r.C0), R1 = new(r.C1);
        public readonly PackedFactor256 R1Times7 = new(r.C1 * Goldilocks.FromCanonical(GoldilocksExt2.NonResidue));
    }

    /// <summary>
    /// Unreduced Σ a_f·a_g and Σ (b_f − a_f)(b_g − a_g) over planar extension values (a at j, b at
    /// j + quarter), by Karatsuba: (x0 + x1·X)(y0 + y1·X) = (x0y0 + 7x1y1) + ((x0 + x1)(y0 + y1) − x0y0 − x1y1)·X,
    /// three lane products instead of four.
    /// </summary>
    private struct PlanarSums
    {
        private ProductAccumulator256 _low00, _low11, _lowK, _lead00, _lead11, _leadK;
        private GoldilocksExt2 _tailLow, _tailLeading;

        public readonly GoldilocksExt2 Low => Combine(_low00, _low11, _lowK) + _tailLow;

        public readonly GoldilocksExt2 Leading => Combine(_lead00, _lead11, _leadK) + _tailLeading;

        public void Add(PlanarTables t, int start, int quarter, int count)
        {
            ref ulong f0 = ref Word(t.F0), f1 = ref Word(t.F1), g0 = ref Word(t.G0), g1 = ref Word(t.G1);
            int end = start + (count & ~3);

            // Two loops of three accumulators each: twelve live accumulator vectors would spill.
            ProductAccumulator256 low00 = _low00, low11 = _low11, lowK = _lowK;
            for (int j = start; j < end; j += 4)
            {
                // Safety: j + quarter + 3 < end + quarter ≤ 2·quarter ≤ the table lengths.
                nuint a = (nuint)j;
                Vector256<ulong> fa0 = Vector256.LoadUnsafe(ref f0, a), fa1 = Vector256.LoadUnsafe(ref f1, a);
                Vector256<ulong> ga0 = Vector256.LoadUnsafe(ref g0, a), ga1 = Vector256.LoadUnsafe(ref g1, a);
                low00.Add(fa0, ga0);
                low11.Add(fa1, ga1);
                lowK.Add(GoldilocksPacked256.Add(fa0, fa1), GoldilocksPacked256.Add(ga0, ga1));
            }

            (_low00, _low11, _lowK) = (low00, low11, lowK);
            ProductAccumulator256 lead00 = _lead00, lead11 = _lead11, leadK = _leadK;
            for (int j = start; j < end; j += 4)
            {
                nuint a = (nuint)j, b = (nuint)(j + quarter);
                Vector256<ulong> df0 = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref f0, b), Vector256.LoadUnsafe(ref f0, a));
                Vector256<ulong> df1 = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref f1, b), Vector256.LoadUnsafe(ref f1, a));
                Vector256<ulong> dg0 = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref g0, b), Vector256.LoadUnsafe(ref g0, a));
                Vector256<ulong> dg1 = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref g1, b), Vector256.LoadUnsafe(ref g1, a));
                lead00.Add(df0, dg0);
                lead11.Add(df1, dg1);
                leadK.Add(GoldilocksPacked256.Add(df0, df1), GoldilocksPacked256.Add(dg0, dg1));
            }

            (_lead00, _lead11, _leadK) = (lead00, lead11, leadK);
            for (int j = end; j < start + count; j++)
            {
                GoldilocksExt2 fa = t.F(j), ga = t.G(j);
                _tailLow += fa * ga;
                _tailLeading += (t.F(j + quarter) - fa) * (t.G(j + quarter) - ga);
            }
        }

        private static GoldilocksExt2 Combine(ProductAccumulator256 s00, ProductAccumulator256 s11, ProductAccumulator256 sK)
        {
            Goldilocks p00 = s00.Total(), p11 = s11.Total();
            return new GoldilocksExt2(p00 + (p11 * Goldilocks.FromCanonical(GoldilocksExt2.NonResidue)), sK.Total() - p00 - p11);
        }
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
