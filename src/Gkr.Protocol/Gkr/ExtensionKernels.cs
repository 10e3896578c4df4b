using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Gkr.Field;
using Gkr.Field.Simd;
using Gkr.Field.Kernels;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// Element-wise GoldilocksExt2 kernels for the GKR layer prover (AVX2 with scalar reference paths):
/// products, products by base elements, scaling, and eq tables built with them.
/// </summary>
/// <remarks>
/// <para>Extension elements are interleaved words (c0, c1), so a 256-bit vector holds two. With ⊙ the
/// lane-wise product and swap exchanging each element's limbs: x·y = (even(x⊙y) + 7·odd(x⊙y),
/// even(x⊙swap y) + odd(x⊙swap y)); for a common factor s this is x⊙(s0, s0) + swap(x)⊙(7s1, s1).</para>
/// <para>Inputs canonical, outputs canonical; destinations may alias an input exactly (in place), not
/// partially. The scalar loops are the reference the tests compare against on every length.</para>
/// </remarks>
internal static class ExtensionKernels
{
    /// <summary>Whether the packed (AVX2) paths run: through <see cref="SimdSupport"/>, so <c>GKR_SIMD</c> and the tier passes cover them.</summary>
    public static bool Accelerated => SimdSupport.Active >= SimdTier.Avx2;

    /// <summary>destination[i] = x[i] · y[i].</summary>
    public static void Multiply(ReadOnlySpan<GoldilocksExt2> x, ReadOnlySpan<GoldilocksExt2> y, Span<GoldilocksExt2> destination, bool packed = true)
    {
        CheckLengths(x.Length, y.Length, destination.Length);
        int i = 0;
        if (packed && Accelerated)
        {
            ref ulong xr = ref Word(x), yr = ref Word(y), dr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<GoldilocksExt2, ulong>(destination));
            for (; i <= x.Length - 2; i += 2)
            {
                // Safety: elements i, i + 1 (words 2i .. 2i + 3) are within all three spans.
                Product(Vector256.LoadUnsafe(ref xr, (nuint)(2 * i)), Vector256.LoadUnsafe(ref yr, (nuint)(2 * i))).StoreUnsafe(ref dr, (nuint)(2 * i));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] * y[i];
        }
    }

    /// <summary>destination[i] = x[i] · y[i] for base-field y.</summary>
    public static void MultiplyBase(ReadOnlySpan<GoldilocksExt2> x, ReadOnlySpan<Goldilocks> y, Span<GoldilocksExt2> destination, bool packed = true)
    {
        CheckLengths(x.Length, y.Length, destination.Length);
        int i = 0;
        if (packed && Accelerated)
        {
            ref ulong xr = ref Word(x), dr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<GoldilocksExt2, ulong>(destination));
            ref ulong yr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Goldilocks, ulong>(y));
            for (; i <= x.Length - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within all spans; y is read at i, i + 1.
                Vector256<ulong> a = Vector256.LoadUnsafe(ref xr, (nuint)(2 * i));
                ulong y0 = Unsafe.Add(ref yr, i), y1 = Unsafe.Add(ref yr, i + 1);
                GoldilocksPacked256.Multiply(a, Vector256.Create(y0, y0, y1, y1)).StoreUnsafe(ref dr, (nuint)(2 * i));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = x[i] * y[i];
        }
    }

    /// <summary>destination[i] = s · x[i].</summary>
    public static void Scale(ReadOnlySpan<GoldilocksExt2> x, GoldilocksExt2 s, Span<GoldilocksExt2> destination, bool packed = true)
    {
        CheckLengths(x.Length, x.Length, destination.Length);
        int i = 0;
        if (packed && Accelerated)
        {
            ref ulong xr = ref Word(x), dr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<GoldilocksExt2, ulong>(destination));
            Vector256<ulong> direct = Vector256.Create(s.C0.Value);
            ulong s1 = s.C1.Value, s1Times7 = (s.C1 * Goldilocks.FromCanonical(7)).Value;
            Vector256<ulong> cross = Vector256.Create(s1Times7, s1, s1Times7, s1);
            for (; i <= x.Length - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within both spans.
                Vector256<ulong> a = Vector256.LoadUnsafe(ref xr, (nuint)(2 * i));
                GoldilocksPacked256.Add(GoldilocksPacked256.Multiply(a, direct), GoldilocksPacked256.Multiply(Swap(a), cross)).StoreUnsafe(ref dr, (nuint)(2 * i));
            }
        }

        for (; i < x.Length; i++)
        {
            destination[i] = s * x[i];
        }
    }

    /// <summary>accumulator[i] += s · x[i] for base-field x (an AXPY into the extension).</summary>
    public static void ScaleAddBase(ReadOnlySpan<Goldilocks> x, GoldilocksExt2 s, Span<GoldilocksExt2> accumulator, bool packed = true)
    {
        CheckLengths(x.Length, x.Length, accumulator.Length);
        int i = 0;
        if (packed && Accelerated)
        {
            ref ulong xr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Goldilocks, ulong>(x));
            ref ulong ar = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<GoldilocksExt2, ulong>(accumulator));
            Vector256<ulong> scale = Vector256.Create(s.C0.Value, s.C1.Value, s.C0.Value, s.C1.Value);
            for (; i <= x.Length - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within both spans.
                ulong x0 = Unsafe.Add(ref xr, i), x1 = Unsafe.Add(ref xr, i + 1);
                Vector256<ulong> product = GoldilocksPacked256.Multiply(Vector256.Create(x0, x0, x1, x1), scale);
                GoldilocksPacked256.Add(Vector256.LoadUnsafe(ref ar, (nuint)(2 * i)), product).StoreUnsafe(ref ar, (nuint)(2 * i));
            }
        }

        for (; i < x.Length; i++)
        {
            accumulator[i] += s * x[i];
        }
    }

    /// <summary>destination[i] = x[i] + y[i] (limb-wise, so the base-field kernel does it).</summary>
    public static void Add(ReadOnlySpan<GoldilocksExt2> x, ReadOnlySpan<GoldilocksExt2> y, Span<GoldilocksExt2> destination) =>
        GoldilocksKernels.Add(Limbs(x), Limbs(y), MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(destination));

    /// <summary>
    /// The table of scale·eq(point, ·) over 2^point.Length entries (variable order of
    /// <see cref="Polynomials.EqTable"/>: point[0] pairs with the most significant index bit).
    /// </summary>
    /// <remarks>
    /// Variables are added from the last: after step k the first 2^k entries hold the table over
    /// point[n−k..n); adding point[i] splits every entry v into v·(1 − point[i]) (low half, unchanged
    /// position) and v·point[i] (high half, position + 2^k), so point[i] becomes the most significant bit
    /// so far. Each step is one packed scaling and one subtraction over contiguous halves.
    /// </remarks>
    public static GoldilocksExt2[] EqTable(ReadOnlySpan<GoldilocksExt2> point, GoldilocksExt2 scale)
    {
        var table = new GoldilocksExt2[1 << point.Length];
        EqTable(point, scale, table);
        return table;
    }

    /// <summary>Writes scale·eq(point, ·) into the first 2^point.Length entries of <paramref name="table"/>.</summary>
    public static void EqTable(ReadOnlySpan<GoldilocksExt2> point, GoldilocksExt2 scale, Span<GoldilocksExt2> table)
    {
        table[0] = scale;
        int size = 1;
        for (int i = point.Length - 1; i >= 0; i--)
        {
            Span<GoldilocksExt2> low = table[..size], high = table.Slice(size, size);
            Scale(low, point[i], high);
            GoldilocksKernels.Subtract(Limbs(low), Limbs(high), MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(low));
            size *= 2;
        }
    }

    /// <summary>
    /// f̃(point) for a base-field table of 2^point.Length entries (variable 0 = most significant index bit),
    /// by successive packed folds: the first from the base field into the extension, the rest in place.
    /// </summary>
    /// <exception cref="ArgumentException">The table length is not 2^point.Length.</exception>
    public static GoldilocksExt2 Evaluate(ReadOnlySpan<Goldilocks> table, ReadOnlySpan<GoldilocksExt2> point)
    {
        if (table.Length != 1L << point.Length)
        {
            throw new ArgumentException($"A point with {point.Length} coordinates needs a table of {1L << point.Length} entries, got {table.Length}.", nameof(point));
        }

        if (point.Length == 0)
        {
            return GoldilocksExt2.FromBase(table[0]);
        }

        int half = table.Length / 2;
        GoldilocksExt2[] work = Scratch.Rent(half, clear: false);
        GoldilocksKernels.Fold(table[..half], table[half..], point[0], work.AsSpan(0, half));
        for (int k = 1; k < point.Length; k++)
        {
            half /= 2;
            GoldilocksKernels.Fold(work.AsSpan(0, half), work.AsSpan(half, half), point[k], work.AsSpan(0, half));
        }

        GoldilocksExt2 value = work[0];
        Scratch.Return(work);
        return value;
    }

    /// <summary>
    /// The sums of a round-0 <see cref="BaseProductState"/> round (base V, extension A):
    /// (Σ aLow·vLow, Σ (aHigh − aLow)(vHigh − vLow)).
    /// </summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) BaseRoundSums(
        ReadOnlySpan<GoldilocksExt2> aLow, ReadOnlySpan<GoldilocksExt2> aHigh, ReadOnlySpan<Goldilocks> vLow, ReadOnlySpan<Goldilocks> vHigh, bool packed = true)
    {
        int n = aLow.Length, i = 0;
        CheckLengths(n, aHigh.Length, vLow.Length);
        CheckLengths(n, vHigh.Length, n);
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        if (packed && Accelerated)
        {
            ref ulong alr = ref Word(aLow), ahr = ref Word(aHigh);
            ref ulong vlr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Goldilocks, ulong>(vLow));
            ref ulong vhr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Goldilocks, ulong>(vHigh));
            Vector256<ulong> lowAcc = Vector256<ulong>.Zero, leadingAcc = Vector256<ulong>.Zero;
            for (; i <= n - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within every span (all of length n).
                Vector256<ulong> al = Vector256.LoadUnsafe(ref alr, (nuint)(2 * i));
                Vector256<ulong> ah = Vector256.LoadUnsafe(ref ahr, (nuint)(2 * i));
                ulong v0 = Unsafe.Add(ref vlr, i), v1 = Unsafe.Add(ref vlr, i + 1);
                ulong h0 = Unsafe.Add(ref vhr, i), h1 = Unsafe.Add(ref vhr, i + 1);
                Vector256<ulong> vl = Vector256.Create(v0, v0, v1, v1);
                Vector256<ulong> dv = GoldilocksPacked256.Subtract(Vector256.Create(h0, h0, h1, h1), vl);
                lowAcc = GoldilocksPacked256.Add(lowAcc, GoldilocksPacked256.Multiply(al, vl));
                leadingAcc = GoldilocksPacked256.Add(leadingAcc, GoldilocksPacked256.Multiply(GoldilocksPacked256.Subtract(ah, al), dv));
            }

            low = Horizontal(lowAcc);
            leading = Horizontal(leadingAcc);
        }

        for (; i < n; i++)
        {
            low += aLow[i] * vLow[i];
            leading += (aHigh[i] - aLow[i]) * (vHigh[i] - vLow[i]);
        }

        return (low, leading);
    }

    /// <summary>Σ a[i]·v[i] for extension a and base v.</summary>
    public static GoldilocksExt2 InnerProduct(ReadOnlySpan<GoldilocksExt2> a, ReadOnlySpan<Goldilocks> v, bool packed = true)
    {
        int n = a.Length, i = 0;
        CheckLengths(n, v.Length, n);
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        if (packed && Accelerated)
        {
            ref ulong ar = ref Word(a);
            ref ulong vr = ref MemoryMarshal.GetReference(MemoryMarshal.Cast<Goldilocks, ulong>(v));
            Vector256<ulong> acc = Vector256<ulong>.Zero;
            for (; i <= n - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within both spans.
                ulong v0 = Unsafe.Add(ref vr, i), v1 = Unsafe.Add(ref vr, i + 1);
                acc = GoldilocksPacked256.Add(acc, GoldilocksPacked256.Multiply(Vector256.LoadUnsafe(ref ar, (nuint)(2 * i)), Vector256.Create(v0, v0, v1, v1)));
            }

            total = Horizontal(acc);
        }

        for (; i < n; i++)
        {
            total += a[i] * v[i];
        }

        return total;
    }

    /// <summary>Σ a[i]·b[i] over GoldilocksExt2.</summary>
    public static GoldilocksExt2 InnerProduct(ReadOnlySpan<GoldilocksExt2> a, ReadOnlySpan<GoldilocksExt2> b, bool packed = true)
    {
        int n = a.Length, i = 0;
        CheckLengths(n, b.Length, n);
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        if (packed && Accelerated)
        {
            ref ulong ar = ref Word(a), br = ref Word(b);
            Vector256<ulong> acc = Vector256<ulong>.Zero;
            for (; i <= n - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within both spans.
                acc = GoldilocksPacked256.Add(acc, Product(Vector256.LoadUnsafe(ref ar, (nuint)(2 * i)), Vector256.LoadUnsafe(ref br, (nuint)(2 * i))));
            }

            total = Horizontal(acc);
        }

        for (; i < n; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }

    /// <summary>(Σ aLow·bLow, Σ (aHigh − aLow)(bHigh − bLow)) over GoldilocksExt2: the sums of a degree-2 product round.</summary>
    public static (GoldilocksExt2 Low, GoldilocksExt2 Leading) ProductRoundSums(
        ReadOnlySpan<GoldilocksExt2> aLow, ReadOnlySpan<GoldilocksExt2> aHigh, ReadOnlySpan<GoldilocksExt2> bLow, ReadOnlySpan<GoldilocksExt2> bHigh, bool packed = true)
    {
        int n = aLow.Length, i = 0;
        CheckLengths(n, aHigh.Length, bLow.Length);
        CheckLengths(n, bHigh.Length, n);
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        if (packed && Accelerated)
        {
            ref ulong alr = ref Word(aLow), ahr = ref Word(aHigh), blr = ref Word(bLow), bhr = ref Word(bHigh);
            Vector256<ulong> lowAcc = Vector256<ulong>.Zero, leadingAcc = Vector256<ulong>.Zero;
            for (; i <= n - 2; i += 2)
            {
                // Safety: elements i, i + 1 are within every span (all of length n).
                Vector256<ulong> al = Vector256.LoadUnsafe(ref alr, (nuint)(2 * i)), bl = Vector256.LoadUnsafe(ref blr, (nuint)(2 * i));
                Vector256<ulong> da = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref ahr, (nuint)(2 * i)), al);
                Vector256<ulong> db = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref bhr, (nuint)(2 * i)), bl);
                lowAcc = GoldilocksPacked256.Add(lowAcc, Product(al, bl));
                leadingAcc = GoldilocksPacked256.Add(leadingAcc, Product(da, db));
            }

            low = Horizontal(lowAcc);
            leading = Horizontal(leadingAcc);
        }

        for (; i < n; i++)
        {
            low += aLow[i] * bLow[i];
            leading += (aHigh[i] - aLow[i]) * (bHigh[i] - bLow[i]);
        }

        return (low, leading);
    }

    /// <summary>The two extension products of interleaved vectors a, b: (a0b0 + 7a1b1, a0b1 + a1b0) per element.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Product(Vector256<ulong> a, Vector256<ulong> b)
    {
        Vector256<ulong> direct = GoldilocksPacked256.Multiply(a, b);       // (a0b0, a1b1)
        Vector256<ulong> cross = GoldilocksPacked256.Multiply(a, Swap(b));  // (a0b1, a1b0)

        // 7·a1b1 as 8x − x: three doublings and a subtraction are cheaper than a third product.
        Vector256<ulong> swapped = Swap(direct);
        Vector256<ulong> two = GoldilocksPacked256.Add(swapped, swapped), four = GoldilocksPacked256.Add(two, two);
        Vector256<ulong> seven = GoldilocksPacked256.Subtract(GoldilocksPacked256.Add(four, four), swapped);
        Vector256<ulong> c0 = GoldilocksPacked256.Add(direct, seven);       // even lanes: a0b0 + 7a1b1
        Vector256<ulong> c1 = GoldilocksPacked256.Add(cross, Swap(cross));  // odd lanes: a0b1 + a1b0
        return Avx2.Blend(c0.AsUInt32(), c1.AsUInt32(), 0b1100_1100).AsUInt64();
    }

    /// <summary>The sum of the two extension elements held in an interleaved vector.</summary>
    private static GoldilocksExt2 Horizontal(Vector256<ulong> v) =>
        new GoldilocksExt2(Goldilocks.FromCanonical(v[0]), Goldilocks.FromCanonical(v[1])) + new GoldilocksExt2(Goldilocks.FromCanonical(v[2]), Goldilocks.FromCanonical(v[3]));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> Swap(Vector256<ulong> v) => Avx2.Shuffle(v.AsUInt32(), 0b01_00_11_10).AsUInt64(); // in-lane: (w1, w0, w3, w2)

    private static ReadOnlySpan<Goldilocks> Limbs(ReadOnlySpan<GoldilocksExt2> x) => MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(x);

    private static ref ulong Word(ReadOnlySpan<GoldilocksExt2> x) => ref MemoryMarshal.GetReference(MemoryMarshal.Cast<GoldilocksExt2, ulong>(x));

    private static void CheckLengths(int x, int y, int destination)
    {
        if (x != y || destination < x)
        {
            throw new ArgumentException($"Span lengths differ ({x}, {y}) or the destination ({destination}) is too short.");
        }
    }
}
