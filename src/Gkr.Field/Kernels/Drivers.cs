using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Gkr.Field.Simd;

namespace Gkr.Field.Kernels;

/// <summary>
/// Loops that apply an operator over spans on a chosen tier: whole vectors first, then the
/// remaining 0..lanes−1 elements on the scalar form. Destinations may be the same span as an
/// input (in place) but must not partially overlap one.
/// </summary>
internal static class Drivers
{
    public static void Binary<TOp>(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, Span<ulong> destination, SimdTier tier)
        where TOp : IBinaryOperator
    {
        CheckLengths(x.Length, y.Length, destination.Length);
        CheckOverlap(x, destination);
        CheckOverlap(y, destination);
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        if (tier == SimdTier.Avx512)
        {
            for (; i <= n - 8; i += 8)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (tier == SimdTier.Avx2)
        {
            // Two independent vectors per iteration: the multiply's long dependency chains overlap.
            for (; i <= n - 8; i += 8)
            {
                Vector256<ulong> first = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i));
                Vector256<ulong> second = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)));
                first.StoreUnsafe(ref dr, (nuint)i);
                second.StoreUnsafe(ref dr, (nuint)(i + 4));
            }

            for (; i <= n - 4; i += 4)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            // Safety: i < n ≤ every span's length, checked by CheckLengths.
            Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    public static void BinaryScalar<TOp>(ReadOnlySpan<ulong> x, ulong y, Span<ulong> destination, SimdTier tier)
        where TOp : IBinaryOperator
    {
        CheckLengths(x.Length, x.Length, destination.Length);
        CheckOverlap(x, destination);
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        if (tier == SimdTier.Avx512)
        {
            Vector512<ulong> yv = Vector512.Create(y);
            for (; i <= n - 8; i += 8)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), yv).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (tier == SimdTier.Avx2)
        {
            Vector256<ulong> yv = Vector256.Create(y);
            for (; i <= n - 8; i += 8)
            {
                Vector256<ulong> first = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), yv);
                Vector256<ulong> second = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), yv);
                first.StoreUnsafe(ref dr, (nuint)i);
                second.StoreUnsafe(ref dr, (nuint)(i + 4));
            }

            for (; i <= n - 4; i += 4)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), yv).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            // Safety: i < n ≤ both spans' lengths.
            Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), y);
        }
    }

    public static void Ternary<TOp>(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, ReadOnlySpan<ulong> z, Span<ulong> destination, SimdTier tier)
        where TOp : ITernaryOperator
    {
        CheckLengths(x.Length, y.Length, destination.Length);
        CheckLengths(x.Length, z.Length, destination.Length);
        CheckOverlap(x, destination);
        CheckOverlap(y, destination);
        CheckOverlap(z, destination);
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        ref ulong zr = ref MemoryMarshal.GetReference(z);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        if (tier == SimdTier.Avx512)
        {
            for (; i <= n - 8; i += 8)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i), Vector512.LoadUnsafe(ref zr, (nuint)i))
                    .StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (tier == SimdTier.Avx2)
        {
            for (; i <= n - 8; i += 8)
            {
                Vector256<ulong> first = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), Vector256.LoadUnsafe(ref zr, (nuint)i));
                Vector256<ulong> second = TOp.Invoke(
                    Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref zr, (nuint)(i + 4)));
                first.StoreUnsafe(ref dr, (nuint)i);
                second.StoreUnsafe(ref dr, (nuint)(i + 4));
            }

            for (; i <= n - 4; i += 4)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), Vector256.LoadUnsafe(ref zr, (nuint)i))
                    .StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            // Safety: i < n ≤ every span's length.
            Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), Unsafe.Add(ref zr, i));
        }
    }

    public static void TernaryScalar<TOp>(ReadOnlySpan<ulong> x, ReadOnlySpan<ulong> y, ulong z, Span<ulong> destination, SimdTier tier)
        where TOp : ITernaryOperator
    {
        CheckLengths(x.Length, y.Length, destination.Length);
        CheckOverlap(x, destination);
        CheckOverlap(y, destination);
        int n = x.Length, i = 0;
        ref ulong xr = ref MemoryMarshal.GetReference(x);
        ref ulong yr = ref MemoryMarshal.GetReference(y);
        ref ulong dr = ref MemoryMarshal.GetReference(destination);
        if (tier == SimdTier.Avx512)
        {
            Vector512<ulong> zv = Vector512.Create(z);
            for (; i <= n - 8; i += 8)
            {
                TOp.Invoke(Vector512.LoadUnsafe(ref xr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i), zv).StoreUnsafe(ref dr, (nuint)i);
            }
        }
        else if (tier == SimdTier.Avx2)
        {
            Vector256<ulong> zv = Vector256.Create(z);
            for (; i <= n - 8; i += 8)
            {
                Vector256<ulong> first = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), zv);
                Vector256<ulong> second = TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)), zv);
                first.StoreUnsafe(ref dr, (nuint)i);
                second.StoreUnsafe(ref dr, (nuint)(i + 4));
            }

            for (; i <= n - 4; i += 4)
            {
                TOp.Invoke(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), zv).StoreUnsafe(ref dr, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            // Safety: i < n ≤ every span's length.
            Unsafe.Add(ref dr, i) = TOp.Invoke(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i), z);
        }
    }

    /// <summary>Inputs must have equal lengths; the destination at least that length.</summary>
    public static void CheckLengths(int xLength, int yLength, int destinationLength)
    {
        if (xLength != yLength)
        {
            throw new ArgumentException($"Input spans have different lengths ({xLength} and {yLength}).");
        }

        if (destinationLength < xLength)
        {
            throw new ArgumentException($"Destination is too short ({destinationLength} < {xLength}).", "destination");
        }
    }

    /// <summary>Rejects a destination that overlaps an input without being the same span start.</summary>
    public static void CheckOverlap(ReadOnlySpan<ulong> input, ReadOnlySpan<ulong> destination)
    {
        if (input.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException("Destination partially overlaps an input span; use the same span for in-place operation.", nameof(destination));
        }
    }
}
