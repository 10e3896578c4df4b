using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Gkr.Field.Simd;

namespace Gkr.Field.Kernels;

public static partial class GoldilocksKernels
{
    /// <summary>
    /// destination[i] = low[i] + r · (high[i] − low[i]) with base-field tables and an extension
    /// challenge: the first fold of a base-field multilinear table at a verifier challenge.
    /// </summary>
    /// <remarks>With r = r0 + r1·x and d = high − low: C0 = low + r0·d, C1 = r1·d (two base streams).</remarks>
    public static void Fold(ReadOnlySpan<Goldilocks> low, ReadOnlySpan<Goldilocks> high, GoldilocksExt2 r, Span<GoldilocksExt2> destination, SimdTier? tier = null)
    {
        Drivers.CheckLengths(low.Length, high.Length, destination.Length);
        ReadOnlySpan<ulong> a = Words(low), b = Words(high);
        Span<ulong> d = Words(destination);
        if (a.Overlaps(d) || b.Overlaps(d))
        {
            throw new ArgumentException("The extension-valued destination must not overlap the base-field inputs.", nameof(destination));
        }

        int n = a.Length, i = 0;
        ulong r0 = r.C0.Value, r1 = r.C1.Value;
        SimdTier t = tier ?? SimdSupport.TierFor(SimdKernel.FoldToExtension);
        ref ulong ar = ref MemoryMarshal.GetReference(a);
        ref ulong br = ref MemoryMarshal.GetReference(b);
        ref ulong dr = ref MemoryMarshal.GetReference(d);
        if (t == SimdTier.Avx512)
        {
            Vector512<ulong> r0v = Vector512.Create(r0), r1v = Vector512.Create(r1);
            for (; i <= n - 8; i += 8)
            {
                Vector512<ulong> av = Vector512.LoadUnsafe(ref ar, (nuint)i);
                Vector512<ulong> diff = GoldilocksPacked512.Subtract(Vector512.LoadUnsafe(ref br, (nuint)i), av);
                Vector512<ulong> c0 = GoldilocksPacked512.Add(av, GoldilocksPacked512.MultiplyLazy(r0v, diff));
                Vector512<ulong> c1 = GoldilocksPacked512.Multiply(r1v, diff);
                Interleave(c0.GetLower(), c1.GetLower(), out Vector256<ulong> o0, out Vector256<ulong> o1);
                Interleave(c0.GetUpper(), c1.GetUpper(), out Vector256<ulong> o2, out Vector256<ulong> o3);
                Vector512.Create(o0, o1).StoreUnsafe(ref dr, (nuint)(2 * i));
                Vector512.Create(o2, o3).StoreUnsafe(ref dr, (nuint)((2 * i) + 8));
            }
        }
        else if (t == SimdTier.Avx2)
        {
            Vector256<ulong> r0v = Vector256.Create(r0), r1v = Vector256.Create(r1);
            for (; i <= n - 4; i += 4)
            {
                Vector256<ulong> av = Vector256.LoadUnsafe(ref ar, (nuint)i);
                Vector256<ulong> diff = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref br, (nuint)i), av);
                Vector256<ulong> c0 = GoldilocksPacked256.Add(av, GoldilocksPacked256.MultiplyLazy(r0v, diff));
                Vector256<ulong> c1 = GoldilocksPacked256.Multiply(r1v, diff);
                Interleave(c0, c1, out Vector256<ulong> o0, out Vector256<ulong> o1);
                o0.StoreUnsafe(ref dr, (nuint)(2 * i));
                o1.StoreUnsafe(ref dr, (nuint)((2 * i) + 4));
            }
        }

        for (; i < n; i++)
        {
            ulong diff = Goldilocks.Sub(b[i], a[i]);
            d[2 * i] = Goldilocks.Add(a[i], Goldilocks.Mul(r0, diff));
            d[(2 * i) + 1] = Goldilocks.Mul(r1, diff);
        }
    }

    /// <summary>destination[i] = low[i] + r · (high[i] − low[i]) over the extension field.</summary>
    /// <remarks>
    /// Works on the interleaved limbs: with D = high − low (limb-wise), the product r·D is
    /// D·r0 + swap(D)·(7r1, r1) lane-wise, where swap exchanges each element's two limbs.
    /// </remarks>
    public static void Fold(ReadOnlySpan<GoldilocksExt2> low, ReadOnlySpan<GoldilocksExt2> high, GoldilocksExt2 r, Span<GoldilocksExt2> destination, SimdTier? tier = null)
    {
        Drivers.CheckLengths(low.Length, high.Length, destination.Length);
        ReadOnlySpan<ulong> a = Words(low), b = Words(high);
        Span<ulong> d = Words(destination);
        Drivers.CheckOverlap(a, d);
        Drivers.CheckOverlap(b, d);
        int n = a.Length, i = 0;
        ulong r0 = r.C0.Value, r1 = r.C1.Value, r1Times7 = Goldilocks.Mul(r1, GoldilocksExt2.NonResidue);
        SimdTier t = tier ?? SimdSupport.TierFor(SimdKernel.FoldExtension);
        ref ulong ar = ref MemoryMarshal.GetReference(a);
        ref ulong br = ref MemoryMarshal.GetReference(b);
        ref ulong dr = ref MemoryMarshal.GetReference(d);
        if (t == SimdTier.Avx512)
        {
            Vector512<ulong> r0v = Vector512.Create(r0);
            Vector512<ulong> crossv = Vector512.Create(r1Times7, r1, r1Times7, r1, r1Times7, r1, r1Times7, r1);
            for (; i <= n - 8; i += 8)
            {
                Vector512<ulong> av = Vector512.LoadUnsafe(ref ar, (nuint)i);
                Vector512<ulong> diff = GoldilocksPacked512.Subtract(Vector512.LoadUnsafe(ref br, (nuint)i), av);
                Vector512<ulong> product = GoldilocksPacked512.Add(
                    GoldilocksPacked512.Multiply(diff, r0v),
                    GoldilocksPacked512.MultiplyLazy(GoldilocksPacked512.SwapPairs(diff), crossv));
                GoldilocksPacked512.Add(av, product).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (t == SimdTier.Avx2)
        {
            Vector256<ulong> r0v = Vector256.Create(r0);
            Vector256<ulong> crossv = Vector256.Create(r1Times7, r1, r1Times7, r1);
            for (; i <= n - 4; i += 4)
            {
                Vector256<ulong> av = Vector256.LoadUnsafe(ref ar, (nuint)i);
                Vector256<ulong> diff = GoldilocksPacked256.Subtract(Vector256.LoadUnsafe(ref br, (nuint)i), av);
                Vector256<ulong> product = GoldilocksPacked256.Add(
                    GoldilocksPacked256.Multiply(diff, r0v),
                    GoldilocksPacked256.MultiplyLazy(GoldilocksPacked256.SwapPairs(diff), crossv));
                GoldilocksPacked256.Add(av, product).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        // The vector loops consume whole elements (two words each), so i is even here.
        for (int e = i / 2; e < low.Length; e++)
        {
            destination[e] = low[e] + (r * (high[e] - low[e]));
        }
    }

    /// <summary>[c0_0, c0_1, c0_2, c0_3], [c1_0, …] → [c0_0, c1_0, c0_1, c1_1], [c0_2, c1_2, c0_3, c1_3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector256<ulong> c0, Vector256<ulong> c1, out Vector256<ulong> first, out Vector256<ulong> second)
    {
        if (Avx2.IsSupported)
        {
            Vector256<ulong> lo = Avx2.UnpackLow(c0, c1);   // c0_0 c1_0 | c0_2 c1_2
            Vector256<ulong> hi = Avx2.UnpackHigh(c0, c1);  // c0_1 c1_1 | c0_3 c1_3
            first = Avx2.Permute2x128(lo, hi, 0x20);
            second = Avx2.Permute2x128(lo, hi, 0x31);
            return;
        }

        first = Vector256.Create(c0[0], c1[0], c0[1], c1[1]);
        second = Vector256.Create(c0[2], c1[2], c0[3], c1[3]);
    }
}
