using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The table-wide steps of the fraction-tree prover, generic over the field with a GoldilocksExt2 path
/// through the packed extension kernels (<see cref="ExtensionKernels"/>, <see cref="GoldilocksKernels"/>, which
/// dispatch on <see cref="Field.Simd.SimdSupport"/>). Both paths compute the same field values in the same
/// order of operations per entry, so the proofs do not depend on the path taken.
/// </summary>
internal static class FractionKernels
{
    /// <summary>
    /// One tree level: p[x] = p₀[x]·q₁[x] + p₁[x]·q₀[x] (q₀[x] + q₁[x] when p is null: all ones) and
    /// q[x] = q₀[x]·q₁[x], with index subscripts 0/1 the low and high halves of the child tables.
    /// </summary>
    public static (T[] P, T[] Q) Combine<T>(T[]? p, T[] q, int half)
        where T : unmanaged, IField<T>
    {
        var np = new T[half];
        var nq = new T[half];
        if (typeof(T) == typeof(GoldilocksExt2))
        {
            Span<GoldilocksExt2> q0 = Ext(q.AsSpan(0, half)), q1 = Ext(q.AsSpan(half, half));
            Span<GoldilocksExt2> numerators = Ext(np.AsSpan());
            ExtensionKernels.Multiply(q0, q1, Ext(nq.AsSpan()));
            if (p is null)
            {
                ExtensionKernels.Add(q0, q1, numerators);
            }
            else
            {
                GoldilocksExt2[] cross = Scratch.Rent(half, clear: false);
                ExtensionKernels.Multiply(Ext(p.AsSpan(0, half)), q1, numerators);
                ExtensionKernels.Multiply(Ext(p.AsSpan(half, half)), q0, cross.AsSpan(0, half));
                ExtensionKernels.Add(numerators, cross.AsSpan(0, half), numerators);
                Scratch.Return(cross);
            }

            return (np, nq);
        }

        for (int x = 0; x < half; x++)
        {
            T q0 = q[x], q1 = q[x + half];
            np[x] = p is null ? q0 + q1 : (p[x] * q1) + (p[x + half] * q0);
            nq[x] = q0 * q1;
        }

        return (np, nq);
    }

    /// <summary>
    /// Adds one variable in front of an eq table: table[x + |next|] = z·next[x], table[x] = next[x] − z·next[x]
    /// (<paramref name="table"/> holds 2·|next| entries and must not overlap <paramref name="next"/>).
    /// </summary>
    public static void EqStep<T>(ReadOnlySpan<T> next, T z, Span<T> table)
        where T : unmanaged, IField<T>
    {
        int size = next.Length;
        if (typeof(T) == typeof(GoldilocksExt2))
        {
            ReadOnlySpan<GoldilocksExt2> from = MemoryMarshal.Cast<T, GoldilocksExt2>(next);
            Span<GoldilocksExt2> to = Ext(table);
            ExtensionKernels.Scale(from, (GoldilocksExt2)(object)z, to.Slice(size, size));
            GoldilocksKernels.Subtract(Limbs(from), Limbs(to.Slice(size, size)), MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(to[..size]));
            return;
        }

        for (int x = 0; x < size; x++)
        {
            T high = z * next[x];
            table[x + size] = high;
            table[x] = next[x] - high;
        }
    }

    private static Span<GoldilocksExt2> Ext<T>(Span<T> span)
        where T : unmanaged => MemoryMarshal.Cast<T, GoldilocksExt2>(span);

    private static ReadOnlySpan<Goldilocks> Limbs(ReadOnlySpan<GoldilocksExt2> span) => MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(span);
}
