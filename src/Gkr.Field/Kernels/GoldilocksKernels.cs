using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Gkr.Field.Simd;

namespace Gkr.Field.Kernels;

/// <summary>
/// Span kernels over <see cref="Goldilocks"/> and <see cref="GoldilocksExt2"/> for the protocol's hot
/// loops. Each method has an overload without a tier (uses <see cref="SimdSupport.TierFor"/> for that kernel) and one
/// with an explicit <see cref="SimdTier"/>; every tier computes the same canonical results.
/// </summary>
/// <remarks>
/// Inputs and outputs are canonical field elements. Input spans must have equal lengths and the
/// destination must be at least that long (otherwise <see cref="ArgumentException"/>); the
/// destination may be the same span as an input (in place) but must not partially overlap one.
/// </remarks>
public static partial class GoldilocksKernels
{
    /// <summary>destination[i] = x[i] + y[i].</summary>
    public static void Add(ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> y, Span<Goldilocks> destination, SimdTier? tier = null) =>
        Drivers.Binary<AddOperator>(Words(x), Words(y), Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.Add));

    /// <summary>destination[i] = x[i] − y[i].</summary>
    public static void Subtract(ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> y, Span<Goldilocks> destination, SimdTier? tier = null) =>
        Drivers.Binary<SubtractOperator>(Words(x), Words(y), Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.Subtract));

    /// <summary>destination[i] = x[i] · y[i].</summary>
    public static void Multiply(ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> y, Span<Goldilocks> destination, SimdTier? tier = null) =>
        Drivers.Binary<MultiplyOperator>(Words(x), Words(y), Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.Multiply));

    /// <summary>destination[i] = s · x[i].</summary>
    public static void Scale(ReadOnlySpan<Goldilocks> x, Goldilocks s, Span<Goldilocks> destination, SimdTier? tier = null) =>
        Drivers.BinaryScalar<MultiplyOperator>(Words(x), s.Value, Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.Scale));

    /// <summary>destination[i] = x[i] · y[i] + addend[i].</summary>
    public static void MultiplyAdd(ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> y, ReadOnlySpan<Goldilocks> addend, Span<Goldilocks> destination, SimdTier? tier = null) =>
        Drivers.Ternary<MultiplyAddOperator>(Words(x), Words(y), Words(addend), Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.MultiplyAdd));

    /// <summary>destination[i] = s · x[i] + addend[i] (AXPY; pass the accumulator as both addend and destination).</summary>
    public static void ScaleAdd(ReadOnlySpan<Goldilocks> x, Goldilocks s, ReadOnlySpan<Goldilocks> addend, Span<Goldilocks> destination, SimdTier? tier = null)
        => Drivers.TernaryScalar<ScaleAddOperator>(Words(x), Words(addend), s.Value, Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.ScaleAdd));

    /// <summary>
    /// The multilinear fold destination[i] = low[i] + r · (high[i] − low[i]), i.e. fixing one
    /// variable of a multilinear table to <paramref name="r"/>.
    /// </summary>
    public static void Fold(ReadOnlySpan<Goldilocks> low, ReadOnlySpan<Goldilocks> high, Goldilocks r, Span<Goldilocks> destination, SimdTier? tier = null) =>
        Drivers.TernaryScalar<FoldOperator>(Words(low), Words(high), r.Value, Words(destination), tier ?? SimdSupport.TierFor(SimdKernel.Fold));

    /// <summary>Σ x[i].</summary>
    public static Goldilocks Sum(ReadOnlySpan<Goldilocks> x, SimdTier? tier = null)
    {
        ReadOnlySpan<ulong> words = Words(x);
        int n = words.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(words);
        ulong total = 0;
        switch (tier ?? SimdSupport.TierFor(SimdKernel.Sum))
        {
            case SimdTier.Avx512:
                {
                    Vector512<ulong> acc = Vector512<ulong>.Zero;
                    for (; i <= n - 8; i += 8)
                    {
                        acc = GoldilocksPacked512.Add(acc, Vector512.LoadUnsafe(ref xr, (nuint)i));
                    }

                    for (int lane = 0; lane < 8; lane++)
                    {
                        total = Goldilocks.Add(total, acc[lane]);
                    }

                    break;
                }

            case SimdTier.Avx2:
                {
                    Vector256<ulong> acc = Vector256<ulong>.Zero;
                    for (; i <= n - 4; i += 4)
                    {
                        acc = GoldilocksPacked256.Add(acc, Vector256.LoadUnsafe(ref xr, (nuint)i));
                    }

                    for (int lane = 0; lane < 4; lane++)
                    {
                        total = Goldilocks.Add(total, acc[lane]);
                    }

                    break;
                }
        }

        for (; i < n; i++)
        {
            // Safety: i < n = words.Length.
            total = Goldilocks.Add(total, Unsafe.Add(ref xr, i));
        }

        return Goldilocks.FromCanonical(total);
    }

    /// <summary>Σ x[i] · y[i], with the modular reduction delayed to the end.</summary>
    /// <exception cref="ArgumentException">The spans have different lengths.</exception>
    public static Goldilocks InnerProduct(ReadOnlySpan<Goldilocks> x, ReadOnlySpan<Goldilocks> y, SimdTier? tier = null)
    {
        Drivers.CheckLengths(x.Length, y.Length, y.Length);
        return (tier ?? SimdSupport.TierFor(SimdKernel.InnerProduct)) switch
        {
            SimdTier.Avx512 => InnerProduct512(Words(x), Words(y)),
            SimdTier.Avx2 => InnerProduct256(Words(x), Words(y)),
            _ => InnerProductScalar(Words(x), Words(y)),
        };
    }

    private static Goldilocks InnerProductScalar(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        // A 192-bit accumulator (top:hi:lo) of 128-bit products: no reduction inside the loop.
        // Two independent accumulators let consecutive multiplications overlap.
        ulong lo0 = 0, hi0 = 0, top0 = 0, lo1 = 0, hi1 = 0, top1 = 0;
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        for (; i <= n - 2; i += 2)
        {
            // Safety: i + 1 < n ≤ both lengths.
            Accumulate(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), ref lo0, ref hi0, ref top0);
            Accumulate(Unsafe.Add(ref xr, i + 1), Unsafe.Add(ref yr, i + 1), ref lo1, ref hi1, ref top1);
        }

        if (i < n)
        {
            Accumulate(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), ref lo0, ref hi0, ref top0);
        }

        return Reduce192(lo0, hi0, top0) + Reduce192(lo1, hi1, top1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Accumulate(ulong a, ulong b, ref ulong lo, ref ulong hi, ref ulong top)
        {
            ulong h = Math.BigMul(a, b, out ulong l);
            lo += l;
            // h ≤ (p−1)²/2^64 < 2^64 − 2^33, so h + carry does not overflow.
            h += lo < l ? 1UL : 0UL;
            hi += h;
            top += hi < h ? 1UL : 0UL;
        }
    }

    /// <summary>(top·2^128 + hi·2^64 + lo) mod p, using 2^128 ≡ −2^32 (mod p).</summary>
    private static Goldilocks Reduce192(ulong lo, ulong hi, ulong top) =>
        Goldilocks.FromCanonical(Goldilocks.Reduce128(hi, lo)) - (new Goldilocks(top) * Goldilocks.FromCanonical(1UL << 32));

    private static Goldilocks InnerProduct256(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        // Carry-counting accumulation: each 32×32 partial product (< 2^64) is added to a 64-bit
        // accumulator kept XOR 2^63, where a signed compare detects the wraparound and a counter
        // (subtracting the all-ones mask) counts it. lh and hl share the 2^32 weight. A span has
        // < 2^31 elements, so < 2^29 steps and every counter stays far below 2^64.
        Vector256<ulong> sign = Vector256.Create(0x8000_0000_0000_0000UL);
        Vector256<ulong> low = sign, mid = sign, high = sign;
        Vector256<ulong> lowCarries = default, midCarries = default, highCarries = default;
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        for (; i <= n - 4; i += 4)
        {
            GoldilocksPacked256.PartialProducts(
                Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i),
                out Vector256<ulong> ll, out Vector256<ulong> lh, out Vector256<ulong> hl, out Vector256<ulong> hh);
            Accumulate(ref low, ref lowCarries, ll);
            Accumulate(ref mid, ref midCarries, lh);
            Accumulate(ref mid, ref midCarries, hl);
            Accumulate(ref high, ref highCarries, hh);
        }

        Goldilocks total = Goldilocks.Zero;
        for (int lane = 0; lane < 4; lane++)
        {
            total += CombineCarryCounted(low[lane] ^ sign[lane], lowCarries[lane], mid[lane] ^ sign[lane], midCarries[lane], high[lane] ^ sign[lane], highCarries[lane]);
        }

        return total + InnerProductScalar(x[i..], y[i..]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Accumulate(ref Vector256<ulong> accumulatorShifted, ref Vector256<ulong> carries, Vector256<ulong> addend)
        {
            Vector256<ulong> sum = accumulatorShifted + addend;
            carries -= Vector256.GreaterThan(accumulatorShifted.AsInt64(), sum.AsInt64()).AsUInt64();
            accumulatorShifted = sum;
        }
    }

    private static Goldilocks InnerProduct512(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y)
    {
        // The 256-bit path's carry-counting accumulation with AVX-512's unsigned compare (no XOR-2^63
        // bias); < 2^28 steps of 8 lanes.
        Vector512<ulong> low = default, mid = default, high = default;
        Vector512<ulong> lowCarries = default, midCarries = default, highCarries = default;
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        for (; i <= n - 8; i += 8)
        {
            GoldilocksPacked512.PartialProducts(
                Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i),
                out Vector512<ulong> ll, out Vector512<ulong> lh, out Vector512<ulong> hl, out Vector512<ulong> hh);
            Accumulate(ref low, ref lowCarries, ll);
            Accumulate(ref mid, ref midCarries, lh);
            Accumulate(ref mid, ref midCarries, hl);
            Accumulate(ref high, ref highCarries, hh);
        }

        Goldilocks total = Goldilocks.Zero;
        for (int lane = 0; lane < 8; lane++)
        {
            total += CombineCarryCounted(low[lane], lowCarries[lane], mid[lane], midCarries[lane], high[lane], highCarries[lane]);
        }

        return total + InnerProductScalar(x[i..], y[i..]);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static void Accumulate(ref Vector512<ulong> accumulator, ref Vector512<ulong> carries, Vector512<ulong> addend)
        {
            accumulator += addend;
            carries -= Vector512.LessThan(accumulator, addend);
        }
    }

    /// <summary>
    /// (low + lowCarries·2^64) + (mid + midCarries·2^64)·2^32 + (high + highCarries·2^64)·2^64 mod p,
    /// using 2^64 ≡ ε.
    /// </summary>
    private static Goldilocks CombineCarryCounted(ulong low, ulong lowCarries, ulong mid, ulong midCarries, ulong high, ulong highCarries)
    {
        Goldilocks epsilon = Goldilocks.FromCanonical(Goldilocks.Epsilon);
        Goldilocks two32 = Goldilocks.FromCanonical(1UL << 32);
        Goldilocks lowPart = new Goldilocks(low) + (new Goldilocks(lowCarries) * epsilon);
        Goldilocks midPart = new Goldilocks(mid) + (new Goldilocks(midCarries) * epsilon);
        Goldilocks highPart = new Goldilocks(high) + (new Goldilocks(highCarries) * epsilon);
        return lowPart + (midPart * two32) + (highPart * epsilon);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<ulong> Words(ReadOnlySpan<Goldilocks> span) => MemoryMarshal.Cast<Goldilocks, ulong>(span);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Span<ulong> Words(Span<Goldilocks> span) => MemoryMarshal.Cast<Goldilocks, ulong>(span);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ReadOnlySpan<ulong> Words(ReadOnlySpan<GoldilocksExt2> span) => MemoryMarshal.Cast<GoldilocksExt2, ulong>(span);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Span<ulong> Words(Span<GoldilocksExt2> span) => MemoryMarshal.Cast<GoldilocksExt2, ulong>(span);
}
