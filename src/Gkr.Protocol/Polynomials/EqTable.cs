using Gkr.Field;

namespace Gkr.Protocol.Polynomials;

/// <summary>
/// The multilinear equality polynomial eq(r, x) = Π_i (r_i·x_i + (1 − r_i)(1 − x_i)), which is 1 when
/// x = r on the hypercube and whose table satisfies Σ_x eq(r, x)·f(x) = f̃(r).
/// </summary>
/// <remarks>Variable order as in <see cref="MultilinearTable{T}"/>: r_0 pairs with the most significant index bit.</remarks>
public static class EqTable
{
    /// <summary>
    /// The 2^n table of eq(r, ·), built in place with 2^n − 1 multiplications: each step splits every
    /// entry v into (v − v·r_i, v·r_i), so the earliest variable ends up most significant.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">More than 30 variables.</exception>
    public static T[] Build<T>(ReadOnlySpan<T> r) where T : unmanaged, IField<T>
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(r.Length, 30);
        var table = new T[1 << r.Length];
        table[0] = T.One;
        int size = 1;
        foreach (T ri in r)
        {
            // Downward so that entry j is read before slots 2j and 2j + 1 are written.
            for (int j = size - 1; j >= 0; j--)
            {
                T value = table[j];
                T high = value * ri;
                table[(2 * j) + 1] = high;
                table[2 * j] = value - high;
            }

            size *= 2;
        }

        return table;
    }

    /// <summary>eq(r, x) for two points of the same length, in O(n).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static T Evaluate<T>(ReadOnlySpan<T> r, ReadOnlySpan<T> x) where T : unmanaged, IField<T>
    {
        if (r.Length != x.Length)
        {
            throw new ArgumentException($"Points have different lengths ({r.Length} and {x.Length}).", nameof(x));
        }

        T result = T.One;
        for (int i = 0; i < r.Length; i++)
        {
            T product = r[i] * x[i];
            result *= product + product + T.One - r[i] - x[i];
        }

        return result;
    }
}
