using System.Buffers.Binary;
using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>One term c · f_{i_1} · … · f_{i_m} of a <see cref="Composition{T}"/> (a factor may repeat).</summary>
public sealed class ProductTerm<T> where T : unmanaged, IField<T>
{
    /// <summary>The term c · Π f_i over the given factor indices.</summary>
    /// <exception cref="ArgumentException">No factor, or a negative index.</exception>
    public ProductTerm(T coefficient, params int[] factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Length == 0 || factors.Any(f => f < 0))
        {
            throw new ArgumentException("A term multiplies at least one factor, with non-negative indices.", nameof(factors));
        }

        Coefficient = coefficient;
        Factors = [.. factors];
    }

    /// <summary>The coefficient c.</summary>
    public T Coefficient { get; }

    /// <summary>Indices of the multiplied factors; the term's degree is their count.</summary>
    public ImmutableArray<int> Factors { get; }
}

/// <summary>
/// A low-degree composition g(f_0, …, f_{k−1}) = Σ_j c_j · Π_{i ∈ S_j} f_i: a linear combination of
/// products of multilinear factors. Covers f·g, f·g·h, eq·f·g and any sum of such products.
/// </summary>
/// <remarks>
/// The degree of every round polynomial of Σ_x g(f(x)) is at most <see cref="Degree"/> = max_j |S_j|.
/// The composition is part of the sumcheck statement and is absorbed into the transcript through
/// <see cref="Encode"/>.
/// </remarks>
public sealed class Composition<T> where T : unmanaged, IField<T>
{
    /// <summary>Largest number of factors or terms accepted (bounds allocation when decoding statements).</summary>
    public const int MaxSize = 1024;

    /// <summary>A composition over <paramref name="factorCount"/> factors.</summary>
    /// <exception cref="ArgumentException">No terms, or a term refers to a factor ≥ factorCount.</exception>
    public Composition(int factorCount, IEnumerable<ProductTerm<T>> terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentOutOfRangeException.ThrowIfLessThan(factorCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(factorCount, MaxSize);
        Terms = [.. terms];
        if (Terms.Length == 0 || Terms.Length > MaxSize)
        {
            throw new ArgumentException($"A composition has 1..{MaxSize} terms.", nameof(terms));
        }

        foreach (ProductTerm<T> term in Terms)
        {
            if (term.Factors.Any(f => f >= factorCount))
            {
                throw new ArgumentException($"A term refers to a factor outside 0..{factorCount - 1}.", nameof(terms));
            }
        }

        FactorCount = factorCount;
        Degree = Terms.Max(t => t.Factors.Length);
    }

    /// <summary>The number k of multilinear factors.</summary>
    public int FactorCount { get; }

    /// <summary>The total degree of g, the degree bound of each round polynomial.</summary>
    public int Degree { get; }

    /// <summary>The terms c_j · Π f_i.</summary>
    public ImmutableArray<ProductTerm<T>> Terms { get; }

    /// <summary>g = f_0 · f_1 · … · f_{k−1}.</summary>
    public static Composition<T> Product(int factorCount) =>
        new(factorCount, [new ProductTerm<T>(T.One, [.. Enumerable.Range(0, factorCount)])]);

    /// <summary>True when g is exactly f_a · f_b with a ≠ b and coefficient 1 (the prover has a fast path for it).</summary>
    public bool IsProductOfTwoDistinct =>
        Terms.Length == 1 && Terms[0].Coefficient == T.One && Terms[0].Factors.Length == 2 && Terms[0].Factors[0] != Terms[0].Factors[1];

    /// <summary>g(values) for the factor values f_0..f_{k−1}.</summary>
    /// <exception cref="ArgumentException">Wrong number of values.</exception>
    public T Evaluate(ReadOnlySpan<T> values)
    {
        if (values.Length != FactorCount)
        {
            throw new ArgumentException($"The composition has {FactorCount} factors, got {values.Length} values.", nameof(values));
        }

        T total = T.Zero;
        foreach (ProductTerm<T> term in Terms)
        {
            T product = term.Coefficient;
            foreach (int factor in term.Factors)
            {
                product *= values[factor];
            }

            total += product;
        }

        return total;
    }

    /// <summary>
    /// Canonical bytes: u32 factor count, u32 term count, then per term: coefficient (canonical field
    /// encoding), u32 factor count, u32 indices. All integers little-endian.
    /// </summary>
    public byte[] Encode()
    {
        int size = 8 + Terms.Sum(t => T.EncodedLength + 4 + (4 * t.Factors.Length));
        var bytes = new byte[size];
        Span<byte> span = bytes;
        BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)FactorCount);
        BinaryPrimitives.WriteUInt32LittleEndian(span[4..], (uint)Terms.Length);
        int offset = 8;
        foreach (ProductTerm<T> term in Terms)
        {
            term.Coefficient.Encode(span.Slice(offset, T.EncodedLength));
            offset += T.EncodedLength;
            BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)term.Factors.Length);
            offset += 4;
            foreach (int factor in term.Factors)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)factor);
                offset += 4;
            }
        }

        return bytes;
    }
}
