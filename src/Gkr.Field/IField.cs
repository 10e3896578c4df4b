using System.Numerics;

namespace Gkr.Field;

/// <summary>
/// A finite field element type, written once so that protocol code is generic over
/// <see cref="Goldilocks"/>, <see cref="GoldilocksExt2"/> and the tiny test fields.
/// </summary>
/// <remarks>
/// Implementations are immutable value types that always hold the canonical representative.
/// Equality, hashing, encoding and transcript absorption therefore never need a reduction step.
/// </remarks>
public interface IField<T> :
    IEquatable<T>,
    IAdditionOperators<T, T, T>,
    ISubtractionOperators<T, T, T>,
    IMultiplyOperators<T, T, T>,
    IDivisionOperators<T, T, T>,
    IUnaryNegationOperators<T, T>,
    IEqualityOperators<T, T, bool>,
    IAdditiveIdentity<T, T>,
    IMultiplicativeIdentity<T, T>
    where T : unmanaged, IField<T>
{
    /// <summary>The additive identity.</summary>
    static abstract T Zero { get; }

    /// <summary>The multiplicative identity.</summary>
    static abstract T One { get; }

    /// <summary>The number of elements of the field (p for a prime field, p² for the quadratic extension).</summary>
    static abstract BigInteger Order { get; }

    /// <summary>The characteristic p of the field.</summary>
    static abstract ulong Characteristic { get; }

    /// <summary>Size in bytes of the canonical encoding written by <see cref="Encode"/>.</summary>
    static abstract int EncodedLength { get; }

    /// <summary>Human-readable name, e.g. "Goldilocks".</summary>
    static abstract string Name { get; }

    /// <summary>The element <c>v mod p</c> of the prime subfield.</summary>
    static abstract T FromUInt64(ulong value);

    /// <summary>The element <c>v mod p</c> of the prime subfield; negative values map to <c>p − |v|</c>.</summary>
    static abstract T FromInt64(long value);

    /// <summary>
    /// A uniformly distributed element drawn from <paramref name="source"/> by rejection sampling
    /// (no modular bias).
    /// </summary>
    static abstract T Sample<TSource>(ref TSource source) where TSource : IUniformSource, allows ref struct;

    /// <summary>Decodes a canonical encoding of exactly <see cref="EncodedLength"/> bytes.</summary>
    /// <exception cref="NonCanonicalEncodingException">The bytes do not encode a canonical element.</exception>
    static abstract T Decode(ReadOnlySpan<byte> source);

    /// <summary>Decodes a canonical encoding; returns false for any other byte string.</summary>
    static abstract bool TryDecode(ReadOnlySpan<byte> source, out T value);

    /// <summary>True for the additive identity.</summary>
    bool IsZero { get; }

    /// <summary>The multiplicative inverse.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    T Inverse();

    /// <summary><c>this · this</c>.</summary>
    T Square();

    /// <summary><c>this^exponent</c> by square-and-multiply; <c>x^0 = 1</c> (including 0^0).</summary>
    T Pow(ulong exponent);

    /// <summary>Writes the canonical little-endian encoding, exactly <see cref="EncodedLength"/> bytes.</summary>
    void Encode(Span<byte> destination);
}

/// <summary>
/// A field <typeparamref name="T"/> that contains <typeparamref name="TBase"/> as a subfield
/// (possibly <typeparamref name="T"/> itself, the degree-1 extension).
/// </summary>
/// <remarks>
/// Protocols keep prover work in <typeparamref name="TBase"/> where they can and draw verifier
/// challenges from <typeparamref name="T"/>, whose size sets the soundness error.
/// </remarks>
public interface IExtensionField<T, TBase> : IField<T>
    where T : unmanaged, IExtensionField<T, TBase>
    where TBase : unmanaged, IField<TBase>
{
    /// <summary>[T : TBase], the degree of the extension.</summary>
    static abstract int Degree { get; }

    /// <summary>The embedding of a base-field element.</summary>
    static abstract T FromBase(TBase value);

    /// <summary>Multiplication by a base-field element (cheaper than a full product).</summary>
    static abstract T operator *(T left, TBase right);

    /// <summary>Addition of a base-field element.</summary>
    static abstract T operator +(T left, TBase right);
}

/// <summary>A source of independent, uniformly distributed 64-bit words (a seeded PRNG or a transcript).</summary>
public interface IUniformSource
{
    /// <summary>The next uniformly distributed 64-bit word.</summary>
    ulong NextUInt64();
}

/// <summary>Adapts <see cref="System.Random"/> (seeded for reproducible tests and benchmarks).</summary>
public struct RandomSource(Random random) : IUniformSource
{
    /// <summary>A source over <c>new Random(seed)</c>.</summary>
    public RandomSource(int seed) : this(new Random(seed)) { }

    /// <inheritdoc />
    public readonly ulong NextUInt64()
    {
        Span<byte> bytes = stackalloc byte[8];
        random.NextBytes(bytes);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }
}

/// <summary>A byte string is not the canonical encoding of a field element.</summary>
public sealed class NonCanonicalEncodingException(string message) : FormatException(message);
