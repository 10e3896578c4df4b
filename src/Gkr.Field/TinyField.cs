using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gkr.Field;

/// <summary>A prime modulus for <see cref="TinyField{TModulus}"/>.</summary>
public interface ITinyModulus
{
    /// <summary>The prime p, with 2 ≤ p &lt; 2^31 so that products fit in 64 bits.</summary>
    static abstract uint Prime { get; }
}

/// <summary>p = 97.</summary>
public readonly struct Mod97 : ITinyModulus
{
    /// <inheritdoc />
    public static uint Prime => 97;
}

/// <summary>p = 2^13 − 1 = 8191 (a Mersenne prime).</summary>
public readonly struct Mod8191 : ITinyModulus
{
    /// <inheritdoc />
    public static uint Prime => 8191;
}

/// <summary>
/// A tiny prime field GF(p), p &lt; 2^31, implementing the same interface as <see cref="Goldilocks"/>.
/// </summary>
/// <remarks>
/// Not for production: it exists so that soundness experiments can run thousands of cheating
/// provers and observe success rates near the theoretical bound d/|F|, which is invisible at
/// 2^64 or 2^128. The prime is not checked for primality; the provided moduli are prime.
/// </remarks>
[DebuggerDisplay("{Value}")]
public readonly struct TinyField<TModulus> : IExtensionField<TinyField<TModulus>, TinyField<TModulus>>
    where TModulus : ITinyModulus
{
    /// <summary>The canonical representative in [0, p).</summary>
    public readonly uint Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private TinyField(uint canonical) => Value = canonical;

    private static uint P => TModulus.Prime;

    /// <inheritdoc />
    public static TinyField<TModulus> Zero => default;

    /// <inheritdoc />
    public static TinyField<TModulus> One => new(1 % P);

    /// <inheritdoc />
    public static TinyField<TModulus> AdditiveIdentity => default;

    /// <inheritdoc />
    public static TinyField<TModulus> MultiplicativeIdentity => One;

    /// <inheritdoc />
    public static BigInteger Order => P;

    /// <inheritdoc />
    public static ulong Characteristic => P;

    /// <inheritdoc />
    public static int EncodedLength => 4;

    /// <inheritdoc />
    public static int Degree => 1;

    /// <inheritdoc />
    public static string Name => $"GF({P})";

    /// <inheritdoc />
    public bool IsZero => Value == 0;

    /// <inheritdoc />
    public static TinyField<TModulus> FromUInt64(ulong value) => new((uint)(value % P));

    /// <inheritdoc />
    public static TinyField<TModulus> FromInt64(long value)
    {
        long r = value % P;
        return new TinyField<TModulus>((uint)(r < 0 ? r + P : r));
    }

    /// <inheritdoc />
    public static TinyField<TModulus> FromBase(TinyField<TModulus> value) => value;

    /// <inheritdoc />
    public static TinyField<TModulus> Sample<TSource>(ref TSource source) where TSource : IUniformSource, allows ref struct
    {
        // Mask to the smallest power of two ≥ p, then reject: uniform, at most 2 draws expected.
        uint mask = (uint)(BitOperations.RoundUpToPowerOf2(P) - 1);
        while (true)
        {
            uint candidate = (uint)source.NextUInt64() & mask;
            if (candidate < P)
            {
                return new TinyField<TModulus>(candidate);
            }
        }
    }

    public static TinyField<TModulus> operator +(TinyField<TModulus> left, TinyField<TModulus> right)
    {
        uint sum = left.Value + right.Value;
        return new(sum >= P ? sum - P : sum);
    }

    public static TinyField<TModulus> operator -(TinyField<TModulus> left, TinyField<TModulus> right) =>
        new(left.Value >= right.Value ? left.Value - right.Value : left.Value + P - right.Value);

    public static TinyField<TModulus> operator *(TinyField<TModulus> left, TinyField<TModulus> right) =>
        new((uint)((ulong)left.Value * right.Value % P));

    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static TinyField<TModulus> operator /(TinyField<TModulus> left, TinyField<TModulus> right) => left * right.Inverse();

    public static TinyField<TModulus> operator -(TinyField<TModulus> value) => new(value.Value == 0 ? 0 : P - value.Value);

    public static bool operator ==(TinyField<TModulus> left, TinyField<TModulus> right) => left.Value == right.Value;

    public static bool operator !=(TinyField<TModulus> left, TinyField<TModulus> right) => left.Value != right.Value;

    /// <inheritdoc />
    public TinyField<TModulus> Square() => this * this;

    /// <inheritdoc />
    public TinyField<TModulus> Pow(ulong exponent)
    {
        TinyField<TModulus> result = One, @base = this;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result *= @base;
            }

            @base = @base.Square();
            exponent >>= 1;
        }

        return result;
    }

    /// <inheritdoc />
    public TinyField<TModulus> Inverse() =>
        IsZero ? throw new DivideByZeroException($"Zero has no multiplicative inverse in {Name}.") : Pow(P - 2);

    /// <inheritdoc />
    public void Encode(Span<byte> destination) => BinaryPrimitives.WriteUInt32LittleEndian(destination, Value);

    /// <inheritdoc />
    public static TinyField<TModulus> Decode(ReadOnlySpan<byte> source) =>
        TryDecode(source, out TinyField<TModulus> value)
            ? value
            : throw new NonCanonicalEncodingException($"Not a canonical 4-byte encoding of an element of {Name}.");

    /// <inheritdoc />
    public static bool TryDecode(ReadOnlySpan<byte> source, out TinyField<TModulus> value)
    {
        if (source.Length == 4)
        {
            uint raw = BinaryPrimitives.ReadUInt32LittleEndian(source);
            if (raw < P)
            {
                value = new TinyField<TModulus>(raw);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(TinyField<TModulus> other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is TinyField<TModulus> other && Value == other.Value;

    /// <inheritdoc />
    public override int GetHashCode() => (int)Value;

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
