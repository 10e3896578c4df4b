using System.Buffers;
using System.Diagnostics;
using Gkr.Field;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// Large working tables of the layer provers, rented from <see cref="ArrayPool{T}.Shared"/>: the GKR prover
/// needs several tables of the layer's size per layer, and fresh large arrays cost page faults and
/// zeroing that showed up at ~15% of the prover's profile.
/// </summary>
/// <remarks>Lengths are powers of two, so a rented array has exactly the requested length; small tables are plain allocations.</remarks>
internal static class Scratch
{
    private const int MinPooled = 1 << 12;

    /// <summary>An array of exactly <paramref name="length"/> (a power of two) elements, zeroed when <paramref name="clear"/>.</summary>
    public static GoldilocksExt2[] Rent(int length, bool clear)
    {
        Debug.Assert((length & (length - 1)) == 0, "Scratch tables have power-of-two lengths.");
        if (length < MinPooled)
        {
            return new GoldilocksExt2[length];
        }

        GoldilocksExt2[] array = ArrayPool<GoldilocksExt2>.Shared.Rent(length);
        if (array.Length != length)
        {
            ArrayPool<GoldilocksExt2>.Shared.Return(array);
            return new GoldilocksExt2[length];
        }

        if (clear)
        {
            Array.Clear(array);
        }

        return array;
    }

    /// <summary>Returns tables obtained from <see cref="Rent"/> (null entries are skipped); they must not be used afterwards.</summary>
    public static void Return(params ReadOnlySpan<GoldilocksExt2[]?> arrays)
    {
        foreach (GoldilocksExt2[]? array in arrays)
        {
            if (array is { Length: >= MinPooled })
            {
                ArrayPool<GoldilocksExt2>.Shared.Return(array);
            }
        }
    }
}
