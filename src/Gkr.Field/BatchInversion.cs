namespace Gkr.Field;

/// <summary>Montgomery's batch inversion: n inverses for one inversion and 3(n − 1) multiplications.</summary>
public static class BatchInversion
{
    /// <summary>destination[i] = values[i]^-1.</summary>
    /// <exception cref="ArgumentException">The destination is shorter than the input, or partially overlaps it.</exception>
    /// <exception cref="DivideByZeroException">Some value is zero; the message names the first such index.</exception>
    /// <remarks>The destination may be the same span as the input (in-place inversion).</remarks>
    public static void Invert<T>(ReadOnlySpan<T> values, Span<T> destination) where T : unmanaged, IField<T>
    {
        if (destination.Length < values.Length)
        {
            throw new ArgumentException($"Destination is too short ({destination.Length} < {values.Length}).", nameof(destination));
        }

        if (values.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException("Destination partially overlaps the input.", nameof(destination));
        }

        int n = values.Length;
        if (n == 0)
        {
            return;
        }

        // prefix[i] = values[0]·…·values[i−1]; kept in a scratch array so in-place works.
        T[] prefix = new T[n];
        T running = T.One;
        for (int i = 0; i < n; i++)
        {
            if (values[i].IsZero)
            {
                throw new DivideByZeroException($"Cannot invert: element {i} is zero.");
            }

            prefix[i] = running;
            running *= values[i];
        }

        T inverse = running.Inverse();
        for (int i = n - 1; i >= 0; i--)
        {
            T value = values[i];
            destination[i] = inverse * prefix[i];
            inverse *= value;
        }
    }

    /// <summary>Returns a new array of the inverses of <paramref name="values"/>.</summary>
    /// <exception cref="DivideByZeroException">Some value is zero.</exception>
    public static T[] Invert<T>(ReadOnlySpan<T> values) where T : unmanaged, IField<T>
    {
        var result = new T[values.Length];
        Invert(values, result);
        return result;
    }
}
