using Gkr.Field;

namespace Gkr.Protocol.Polynomials;

/// <summary>
/// A dense multilinear polynomial f: F^n → F stored as its 2^n evaluations on the Boolean hypercube.
/// </summary>
/// <remarks>
/// <para><b>Variable order (used by every module):</b> variable 0 is the <i>most significant</i> bit of the
/// table index. The entry <c>table[x]</c> holds f(x_0, x_1, …, x_{n−1}) where
/// <c>x = x_0·2^{n−1} + x_1·2^{n−2} + … + x_{n−1}</c> (big-endian). Fixing variable 0 to r therefore
/// combines the contiguous low half (x_0 = 0) with the contiguous high half (x_0 = 1):
/// <c>table'[i] = table[i] + r·(table[i + 2^{n−1}] − table[i])</c>, which is exactly the packed
/// <c>GoldilocksKernels.Fold(low, high, r, destination)</c>.</para>
/// <para>The table is working storage: <see cref="FixFirstVariable"/> and <see cref="FixVariable"/> fold
/// in place and shrink it. Copy it first (<see cref="Clone"/>) if the original is still needed.</para>
/// </remarks>
public sealed class MultilinearTable<T> where T : unmanaged, IField<T>
{
    private readonly T[] _values;

    /// <summary>Wraps (without copying) a table of exactly 2^<paramref name="numVariables"/> entries.</summary>
    /// <exception cref="ArgumentException">The length is not 2^numVariables.</exception>
    public MultilinearTable(T[] values, int numVariables)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, 30);
        if (values.Length != 1 << numVariables)
        {
            throw new ArgumentException($"A table over {numVariables} variables has {1 << numVariables} entries, got {values.Length}.", nameof(values));
        }

        _values = values;
        NumVariables = numVariables;
    }

    /// <summary>Wraps a table whose length is a power of two.</summary>
    /// <exception cref="ArgumentException">The length is not a power of two.</exception>
    public MultilinearTable(T[] values)
        : this(values, Multilinear.NumVariablesOf(values?.Length ?? 0))
    {
    }

    /// <summary>The number of (remaining) variables n.</summary>
    public int NumVariables { get; private set; }

    /// <summary>The 2^n current evaluations.</summary>
    public ReadOnlySpan<T> Values => _values.AsSpan(0, 1 << NumVariables);

    /// <summary>A deep copy.</summary>
    public MultilinearTable<T> Clone() => new(Values.ToArray(), NumVariables);

    /// <summary>f(point), by successive folding of a copy (about 2^n multiplications).</summary>
    /// <exception cref="ArgumentException">The point does not have n coordinates.</exception>
    public T Evaluate(ReadOnlySpan<T> point) => Multilinear.Evaluate(Values, point);

    /// <summary>Σ_{x ∈ {0,1}^n} f(x).</summary>
    public T Sum()
    {
        T total = T.Zero;
        foreach (T value in Values)
        {
            total += value;
        }

        return total;
    }

    /// <summary>Fixes variable 0 to <paramref name="r"/> in place: n decreases by one.</summary>
    /// <exception cref="InvalidOperationException">There are no variables left.</exception>
    public void FixFirstVariable(T r) => FixVariable(0, r);

    /// <summary>
    /// Fixes variable <paramref name="index"/> (0 = most significant) to <paramref name="r"/> in place;
    /// the remaining variables keep their relative order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">No such variable.</exception>
    public void FixVariable(int index, T r)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, NumVariables);
        int stride = 1 << (NumVariables - 1 - index);
        int blocks = 1 << index;
        Span<T> values = _values;
        for (int block = 0; block < blocks; block++)
        {
            // Output index block·stride + j never exceeds either input index, so forward order is safe.
            int input = 2 * block * stride, output = block * stride;
            for (int j = 0; j < stride; j++)
            {
                T low = values[input + j];
                values[output + j] = low + (r * (values[input + stride + j] - low));
            }
        }

        NumVariables--;
    }
}

/// <summary>Stateless helpers on multilinear tables (same variable order as <see cref="MultilinearTable{T}"/>).</summary>
public static class Multilinear
{
    /// <summary>log2 of a power-of-two length.</summary>
    /// <exception cref="ArgumentException">The length is not a positive power of two.</exception>
    public static int NumVariablesOf(int length) =>
        length > 0 && (length & (length - 1)) == 0
            ? System.Numerics.BitOperations.Log2((uint)length)
            : throw new ArgumentException($"Table length {length} is not a power of two.", nameof(length));

    /// <summary>
    /// f(point) for a base-field table and an extension-field point (variable 0 = most significant
    /// index bit). The first fold maps into the extension; total about 2^n multiplications.
    /// </summary>
    /// <exception cref="ArgumentException">The table length is not 2^point.Length.</exception>
    public static TExt Evaluate<TBase, TExt>(ReadOnlySpan<TBase> table, ReadOnlySpan<TExt> point)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        if (table.Length != 1L << point.Length)
        {
            throw new ArgumentException($"A point with {point.Length} coordinates needs a table of {1L << point.Length} entries, got {table.Length}.", nameof(point));
        }

        if (point.Length == 0)
        {
            return TExt.FromBase(table[0]);
        }

        int half = table.Length / 2;
        var work = new TExt[half];
        FoldInto(table[..half], table[half..], point[0], work);
        for (int k = 1; k < point.Length; k++)
        {
            half /= 2;
            Fold(work.AsSpan(0, half), work.AsSpan(half, half), point[k], work.AsSpan(0, half));
        }

        return work[0];
    }

    /// <summary>f(point) when table and point are in the same field (about 2^n multiplications).</summary>
    /// <exception cref="ArgumentException">The table length is not 2^point.Length.</exception>
    public static T Evaluate<T>(ReadOnlySpan<T> table, ReadOnlySpan<T> point) where T : unmanaged, IField<T>
    {
        if (table.Length != 1L << point.Length)
        {
            throw new ArgumentException($"A point with {point.Length} coordinates needs a table of {1L << point.Length} entries, got {table.Length}.", nameof(point));
        }

        T[] work = table.ToArray();
        int half = work.Length;
        foreach (T r in point)
        {
            half /= 2;
            Fold(work.AsSpan(0, half), work.AsSpan(half, half), r, work.AsSpan(0, half));
        }

        return work[0];
    }

    /// <summary>destination[i] = low[i] + r·(high[i] − low[i]) from base-field halves into the extension.</summary>
    public static void FoldInto<TBase, TExt>(ReadOnlySpan<TBase> low, ReadOnlySpan<TBase> high, TExt r, Span<TExt> destination)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        for (int i = 0; i < low.Length; i++)
        {
            destination[i] = (r * (high[i] - low[i])) + low[i];
        }
    }

    /// <summary>destination[i] = low[i] + r·(high[i] − low[i]); destination may be <paramref name="low"/> itself.</summary>
    public static void Fold<T>(ReadOnlySpan<T> low, ReadOnlySpan<T> high, T r, Span<T> destination) where T : unmanaged, IField<T>
    {
        for (int i = 0; i < low.Length; i++)
        {
            T l = low[i];
            destination[i] = l + (r * (high[i] - l));
        }
    }
}
