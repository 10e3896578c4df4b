using Gkr.Field;

namespace Gkr.Protocol.Polynomials;

/// <summary>
/// A univariate polynomial of degree ≤ d given by its values at the integer points 0, 1, …, d
/// (the form in which sumcheck round polynomials travel), evaluated anywhere by Lagrange interpolation.
/// </summary>
public static class UnivariateEvaluations
{
    private const int MaxCachedDegree = 32;
    private static class Weights<T> where T : unmanaged, IField<T>
    {
        // Benign race: two threads may both compute a row; either result is correct.
        public static readonly T[]?[] ByDegree = new T[MaxCachedDegree + 1][];
    }

    /// <summary>
    /// p(x) for the unique p of degree ≤ d with p(i) = <paramref name="values"/>[i], i = 0..d.
    /// </summary>
    /// <remarks>
    /// p(x) = Σ_i v_i · w_i · Π_{j≠i} (x − j) with w_i = 1 / Π_{j≠i} (i − j). The products are formed
    /// from prefix and suffix products (O(d) multiplications, no inversion per call); the weights are
    /// cached per degree. Requires d &lt; the field characteristic so that the nodes are distinct.
    /// </remarks>
    /// <exception cref="ArgumentException">No values, or d ≥ the characteristic.</exception>
    public static T Evaluate<T>(ReadOnlySpan<T> values, T x) where T : unmanaged, IField<T>
    {
        int d = values.Length - 1;
        if (d < 0)
        {
            throw new ArgumentException("A polynomial needs at least one value.", nameof(values));
        }

        T[] weights = GetWeights<T>(d);
        Span<T> suffix = d < 64 ? stackalloc T[d + 2] : new T[d + 2];
        suffix[d + 1] = T.One;
        for (int j = d; j >= 0; j--)
        {
            suffix[j] = suffix[j + 1] * (x - T.FromUInt64((ulong)j));
        }

        T result = T.Zero, prefix = T.One;
        for (int i = 0; i <= d; i++)
        {
            result += values[i] * weights[i] * prefix * suffix[i + 1];
            prefix *= x - T.FromUInt64((ulong)i);
        }

        return result;
    }

    /// <summary>The coefficients c_0..c_d (p(x) = Σ c_k x^k) of the polynomial with the given values at 0..d.</summary>
    public static T[] ToCoefficients<T>(ReadOnlySpan<T> values) where T : unmanaged, IField<T>
    {
        int d = values.Length - 1;
        T[] weights = GetWeights<T>(d);
        var coefficients = new T[d + 1];
        var basis = new T[d + 2];
        for (int i = 0; i <= d; i++)
        {
            // basis = Π_{j≠i} (x − j), built by multiplying monomials.
            Array.Clear(basis);
            basis[0] = T.One;
            int degree = 0;
            for (int j = 0; j <= d; j++)
            {
                if (j == i)
                {
                    continue;
                }

                T root = T.FromUInt64((ulong)j);
                for (int k = degree + 1; k >= 1; k--)
                {
                    basis[k] = basis[k - 1] - (root * basis[k]);
                }

                basis[0] = -(root * basis[0]);
                degree++;
            }

            T scale = values[i] * weights[i];
            for (int k = 0; k <= d; k++)
            {
                coefficients[k] += scale * basis[k];
            }
        }

        return coefficients;
    }

    private static T[] GetWeights<T>(int d) where T : unmanaged, IField<T>
    {
        if ((ulong)d >= T.Characteristic)
        {
            throw new ArgumentException($"Degree {d} needs {d + 1} distinct points, more than {T.Name} has in its prime subfield.");
        }

        T[]? cached = d <= MaxCachedDegree ? Weights<T>.ByDegree[d] : null;
        if (cached is not null)
        {
            return cached;
        }

        var weights = new T[d + 1];
        for (int i = 0; i <= d; i++)
        {
            T denominator = T.One;
            for (int j = 0; j <= d; j++)
            {
                if (j != i)
                {
                    denominator *= T.FromInt64(i - j);
                }
            }

            weights[i] = denominator.Inverse();
        }

        if (d <= MaxCachedDegree)
        {
            Weights<T>.ByDegree[d] = weights;
        }

        return weights;
    }
}
