using System.Numerics;
using System.Runtime.InteropServices;

namespace Gkr.NeuralLayers.Reference;

/// <summary>
/// Integer inner products Σ a_i·b_i for int8 weights times centered activations, exact.
/// </summary>
/// <remarks>
/// Input range: every product |a_i·b_i| ≤ 2^15 (|w| ≤ 128 times |x − z| ≤ 255 is at most 32640). The
/// <see cref="Vector{T}"/> path multiplies and adds in int32 lanes and widens to int64 every
/// <see cref="FlushInterval"/> vectors, so a lane never exceeds 2^15·2^15 = 2^30: exact for any length.
/// </remarks>
internal static class IntegerDot
{
    /// <summary>Vector iterations between widenings of the int32 lanes.</summary>
    internal const int FlushInterval = 1 << 15;

    /// <summary>Σ a_i·b_i (spans of equal length, products within ±2^15).</summary>
    public static long Dot(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        int width = Vector<int>.Count;
        if (!Vector.IsHardwareAccelerated || a.Length < width)
        {
            return DotScalar(a, b);
        }

        ReadOnlySpan<Vector<int>> va = MemoryMarshal.Cast<int, Vector<int>>(a);
        ReadOnlySpan<Vector<int>> vb = MemoryMarshal.Cast<int, Vector<int>>(b[..a.Length]);
        long total = 0;
        for (int start = 0; start < va.Length; start += FlushInterval)
        {
            int end = Math.Min(va.Length, start + FlushInterval);
            Vector<int> lanes = Vector<int>.Zero;
            for (int i = start; i < end; i++)
            {
                lanes += va[i] * vb[i];
            }

            Vector.Widen(lanes, out Vector<long> low, out Vector<long> high);
            total += Vector.Sum(low + high);
        }

        int tail = va.Length * width;
        return total + DotScalar(a[tail..], b[tail..a.Length]);
    }

    /// <summary>The scalar reference: Σ a_i·b_i in int64, one product at a time.</summary>
    public static long DotScalar(ReadOnlySpan<int> a, ReadOnlySpan<int> b)
    {
        long total = 0;
        for (int i = 0; i < a.Length; i++)
        {
            total += (long)a[i] * b[i];
        }

        return total;
    }
}
