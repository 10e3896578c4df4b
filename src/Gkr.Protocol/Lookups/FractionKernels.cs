using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The table-wide steps of the fraction-tree prover, generic over the field with a GoldilocksExt2 path
/// through the packed extension kernels (<see cref="ExtensionKernels"/>, <see cref="GoldilocksKernels"/>, which
/// dispatch on <see cref="Field.Simd.SimdSupport"/>). Field arithmetic is exact and every output is
/// canonical, so both paths give the same values (sums grouped differently are still equal) and the
/// proofs do not depend on the path taken.
/// </summary>
internal static class FractionKernels
{
    /// <summary>Pairs per pass of the packed round: its six working tables (24 KiB) stay in the L1 cache.</summary>
    private const int Chunk = 256;

    /// <summary>
    /// (s(0), s(2)) of a layer round: Σ_x eq[x]·g(t, x) at t = 0 and t = 2 with g = p₀q₁ + q₀(p₁ + λq₁)
    /// (q₀ + q₁ + λq₀q₁ when <paramref name="p"/> is null: all ones). Each child table holds p₀ at 0 and p₁
    /// at <paramref name="half"/> (q likewise); the pair x is (x, x + <paramref name="pairs"/>) within each, and
    /// the value at t = 2 is 2·high − low.
    /// </summary>
    /// <remarks>For GoldilocksExt2 on an AVX2 machine (and <paramref name="packed"/>), <see cref="Chunk"/> pairs at a time
    /// through the packed extension kernels; otherwise the scalar loop, which is the reference.</remarks>
    public static (T S0, T S2) RoundSums<T>(ReadOnlySpan<T> eq, T[]? p, T[] q, int half, int pairs, T lambda, bool packed = true)
        where T : unmanaged, IField<T>
    {
        if (packed && typeof(T) == typeof(GoldilocksExt2) && ExtensionKernels.Accelerated)
        {
            (GoldilocksExt2 s0, GoldilocksExt2 s2) = PackedRoundSums(
                MemoryMarshal.Cast<T, GoldilocksExt2>(eq), p is null ? null : Ext(p.AsSpan()), Ext(q.AsSpan()), half, pairs, (GoldilocksExt2)(object)lambda);
            return ((T)(object)s0, (T)(object)s2);
        }

        return ScalarRoundSums(eq, p, q, half, pairs, lambda);
    }

    /// <summary>
    /// One tree level: p[x] = p₀[x]·q₁[x] + p₁[x]·q₀[x] (q₀[x] + q₁[x] when p is null: all ones) and
    /// q[x] = q₀[x]·q₁[x], with index subscripts 0/1 the low and high halves of the child tables.
    /// </summary>
    /// <remarks>The new tables come from <see cref="Rent{T}"/>; give them back with <see cref="Release{T}"/>.</remarks>
    public static (T[] P, T[] Q) Combine<T>(T[]? p, T[] q, int half, bool packed = true)
        where T : unmanaged, IField<T>
    {
        T[] np = Rent<T>(half), nq = Rent<T>(half);
        if (packed && typeof(T) == typeof(GoldilocksExt2))
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
    public static void EqStep<T>(ReadOnlySpan<T> next, T z, Span<T> table, bool packed = true)
        where T : unmanaged, IField<T>
    {
        int size = next.Length;
        if (packed && typeof(T) == typeof(GoldilocksExt2))
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

    /// <summary>A table of exactly <paramref name="length"/> (a power of two) entries, not cleared: pooled (<see cref="Scratch"/>) for GoldilocksExt2.</summary>
    public static T[] Rent<T>(int length)
        where T : unmanaged, IField<T> =>
        typeof(T) == typeof(GoldilocksExt2) ? (T[])(object)Scratch.Rent(length, clear: false) : new T[length];

    /// <summary>Gives back a table from <see cref="Rent{T}"/> (or <see cref="Combine{T}"/>); it must not be used afterwards.</summary>
    public static void Release<T>(T[]? table)
        where T : unmanaged, IField<T>
    {
        if (typeof(T) == typeof(GoldilocksExt2))
        {
            Scratch.Return((GoldilocksExt2[]?)(object?)table);
        }
    }

    private static (T S0, T S2) ScalarRoundSums<T>(ReadOnlySpan<T> eq, T[]? p, T[] q, int h, int pairs, T lambda)
        where T : unmanaged, IField<T>
    {
        T s0 = T.Zero, s2 = T.Zero;
        if (p is null)
        {
            for (int x = 0; x < pairs; x++)
            {
                T q0l = q[x], q0h = q[x + pairs], q1l = q[h + x], q1h = q[h + x + pairs];
                T q0t = q0h + q0h - q0l, q1t = q1h + q1h - q1l;
                s0 += eq[x] * (q0l + q1l + (lambda * q0l * q1l));
                s2 += eq[x] * (q0t + q1t + (lambda * q0t * q1t));
            }

            return (s0, s2);
        }

        for (int x = 0; x < pairs; x++)
        {
            T p0l = p[x], p0h = p[x + pairs], p1l = p[h + x], p1h = p[h + x + pairs];
            T q0l = q[x], q0h = q[x + pairs], q1l = q[h + x], q1h = q[h + x + pairs];
            T p0t = p0h + p0h - p0l, p1t = p1h + p1h - p1l, q0t = q0h + q0h - q0l, q1t = q1h + q1h - q1l;
            s0 += eq[x] * ((p0l * q1l) + (q0l * (p1l + (lambda * q1l))));
            s2 += eq[x] * ((p0t * q1t) + (q0t * (p1t + (lambda * q1t))));
        }

        return (s0, s2);
    }

    private static (GoldilocksExt2 S0, GoldilocksExt2 S2) PackedRoundSums(
        ReadOnlySpan<GoldilocksExt2> eq, Span<GoldilocksExt2> p, Span<GoldilocksExt2> q, int h, int pairs, GoldilocksExt2 lambda)
    {
        bool unit = p.IsEmpty;
        Span<GoldilocksExt2> scratch = stackalloc GoldilocksExt2[6 * Chunk];
        GoldilocksExt2 s0 = GoldilocksExt2.Zero, s2 = GoldilocksExt2.Zero;
        for (int c = 0; c < pairs; c += Chunk)
        {
            int n = Math.Min(Chunk, pairs - c);
            Span<GoldilocksExt2> p0t = scratch.Slice(0, n), p1t = scratch.Slice(Chunk, n), q0t = scratch.Slice(2 * Chunk, n);
            Span<GoldilocksExt2> q1t = scratch.Slice(3 * Chunk, n), a = scratch.Slice(4 * Chunk, n), b = scratch.Slice(5 * Chunk, n);
            ReadOnlySpan<GoldilocksExt2> e = eq.Slice(c, n);
            Span<GoldilocksExt2> q0l = q.Slice(c, n), q1l = q.Slice(h + c, n);
            Extrapolate(q0l, q.Slice(c + pairs, n), q0t);
            Extrapolate(q1l, q.Slice(h + c + pairs, n), q1t);
            if (unit)
            {
                s0 += UnitTerm(e, q0l, q1l, lambda, a);
                s2 += UnitTerm(e, q0t, q1t, lambda, a);
                continue;
            }

            Span<GoldilocksExt2> p0l = p.Slice(c, n), p1l = p.Slice(h + c, n);
            Extrapolate(p0l, p.Slice(c + pairs, n), p0t);
            Extrapolate(p1l, p.Slice(h + c + pairs, n), p1t);
            s0 += Term(e, p0l, p1l, q0l, q1l, lambda, a, b);
            s2 += Term(e, p0t, p1t, q0t, q1t, lambda, a, b);
        }

        return (s0, s2);
    }

    /// <summary>destination = 2·high − low: a degree-1 table at t = 2.</summary>
    private static void Extrapolate(ReadOnlySpan<GoldilocksExt2> low, ReadOnlySpan<GoldilocksExt2> high, Span<GoldilocksExt2> destination)
    {
        ExtensionKernels.Add(high, high, destination);
        GoldilocksKernels.Subtract(Limbs(destination), Limbs(low), MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(destination));
    }

    /// <summary>Σ e·(q₀ + q₁ + λq₀q₁), with <paramref name="a"/> as working space.</summary>
    private static GoldilocksExt2 UnitTerm(ReadOnlySpan<GoldilocksExt2> e, ReadOnlySpan<GoldilocksExt2> q0, ReadOnlySpan<GoldilocksExt2> q1, GoldilocksExt2 lambda, Span<GoldilocksExt2> a)
    {
        ExtensionKernels.Multiply(q0, q1, a);
        ExtensionKernels.Scale(a, lambda, a);
        ExtensionKernels.Add(a, q0, a);
        ExtensionKernels.Add(a, q1, a);
        return ExtensionKernels.InnerProduct(e, a);
    }

    /// <summary>Σ e·(p₀q₁ + q₀(p₁ + λq₁)), with <paramref name="a"/> and <paramref name="b"/> as working space.</summary>
    private static GoldilocksExt2 Term(
        ReadOnlySpan<GoldilocksExt2> e, ReadOnlySpan<GoldilocksExt2> p0, ReadOnlySpan<GoldilocksExt2> p1, ReadOnlySpan<GoldilocksExt2> q0, ReadOnlySpan<GoldilocksExt2> q1,
        GoldilocksExt2 lambda, Span<GoldilocksExt2> a, Span<GoldilocksExt2> b)
    {
        ExtensionKernels.Scale(q1, lambda, a);
        ExtensionKernels.Add(a, p1, a);
        ExtensionKernels.Multiply(q0, a, a);
        ExtensionKernels.Multiply(p0, q1, b);
        ExtensionKernels.Add(a, b, a);
        return ExtensionKernels.InnerProduct(e, a);
    }

    private static Span<GoldilocksExt2> Ext<T>(Span<T> span)
        where T : unmanaged => MemoryMarshal.Cast<T, GoldilocksExt2>(span);

    private static ReadOnlySpan<Goldilocks> Limbs(ReadOnlySpan<GoldilocksExt2> span) => MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(span);
}
