using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gkr.Field;

/// <summary>
/// An element <c>C0 + C1·x</c> of the quadratic extension GF(p²) = GF(p)[x]/(x² − 7) of
/// <see cref="Goldilocks"/>.
/// </summary>
/// <remarks>
/// x² − 7 is irreducible because 7 generates GF(p)* and so is not a square. The field has
/// p² ≈ 2^128 elements; verifier challenges are drawn here so that a Schwartz–Zippel error of
/// d/|F| per round is about d·2^-128, not d·2^-64.
/// </remarks>
[DebuggerDisplay("{C0} + {C1}·x")]
public readonly struct GoldilocksExt2 : IExtensionField<GoldilocksExt2, Goldilocks>
{
    /// <summary>The non-residue W with x² = W.</summary>
    public const ulong NonResidue = 7;

    /// <summary>The constant coefficient.</summary>
    public readonly Goldilocks C0;

    /// <summary>The coefficient of x.</summary>
    public readonly Goldilocks C1;

    /// <summary>The element <paramref name="c0"/> + <paramref name="c1"/>·x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public GoldilocksExt2(Goldilocks c0, Goldilocks c1)
    {
        C0 = c0;
        C1 = c1;
    }

    /// <inheritdoc />
    public static GoldilocksExt2 Zero => default;

    /// <inheritdoc />
    public static GoldilocksExt2 One => new(Goldilocks.One, Goldilocks.Zero);

    /// <summary>The generator x of the extension over the base field.</summary>
    public static GoldilocksExt2 X => new(Goldilocks.Zero, Goldilocks.One);

    /// <inheritdoc />
    public static GoldilocksExt2 AdditiveIdentity => default;

    /// <inheritdoc />
    public static GoldilocksExt2 MultiplicativeIdentity => One;

    /// <inheritdoc />
    public static BigInteger Order => (BigInteger)Goldilocks.Modulus * Goldilocks.Modulus;

    /// <inheritdoc />
    public static ulong Characteristic => Goldilocks.Modulus;

    /// <inheritdoc />
    public static int EncodedLength => 16;

    /// <inheritdoc />
    public static int Degree => 2;

    /// <inheritdoc />
    public static string Name => "GoldilocksExt2";

    /// <inheritdoc />
    public bool IsZero => C0.IsZero && C1.IsZero;

    /// <summary>True when the element lies in the base field (C1 = 0).</summary>
    public bool IsInBaseField => C1.IsZero;

    /// <inheritdoc />
    public static GoldilocksExt2 FromUInt64(ulong value) => new(new Goldilocks(value), Goldilocks.Zero);

    /// <inheritdoc />
    public static GoldilocksExt2 FromInt64(long value) => new(Goldilocks.FromInt64(value), Goldilocks.Zero);

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 FromBase(Goldilocks value) => new(value, Goldilocks.Zero);

    /// <inheritdoc />
    public static GoldilocksExt2 Sample<TSource>(ref TSource source) where TSource : IUniformSource, allows ref struct
    {
        Goldilocks c0 = Goldilocks.Sample(ref source);
        Goldilocks c1 = Goldilocks.Sample(ref source);
        return new GoldilocksExt2(c0, c1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 operator +(GoldilocksExt2 left, GoldilocksExt2 right) => new(left.C0 + right.C0, left.C1 + right.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 operator +(GoldilocksExt2 left, Goldilocks right) => new(left.C0 + right, left.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 operator -(GoldilocksExt2 left, GoldilocksExt2 right) => new(left.C0 - right.C0, left.C1 - right.C1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 operator -(GoldilocksExt2 value) => new(-value.C0, -value.C1);

    /// <summary>(a0 + a1x)(b0 + b1x) = (a0b0 + 7·a1b1) + (a0b1 + a1b0)x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 operator *(GoldilocksExt2 left, GoldilocksExt2 right)
    {
        Goldilocks a0b0 = left.C0 * right.C0;
        Goldilocks a1b1 = left.C1 * right.C1;
        Goldilocks cross = (left.C0 * right.C1) + (left.C1 * right.C0);
        return new GoldilocksExt2(a0b0 + MulByNonResidue(a1b1), cross);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static GoldilocksExt2 operator *(GoldilocksExt2 left, Goldilocks right) => new(left.C0 * right, left.C1 * right);

    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static GoldilocksExt2 operator /(GoldilocksExt2 left, GoldilocksExt2 right) => left * right.Inverse();

    public static bool operator ==(GoldilocksExt2 left, GoldilocksExt2 right) => left.C0 == right.C0 && left.C1 == right.C1;

    public static bool operator !=(GoldilocksExt2 left, GoldilocksExt2 right) => !(left == right);

    /// <inheritdoc />
    public GoldilocksExt2 Square() => this * this;

    /// <inheritdoc />
    public GoldilocksExt2 Pow(ulong exponent)
    {
        GoldilocksExt2 result = One, @base = this;
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

    /// <summary>(a0 − a1x) / (a0² − 7a1²); the denominator is the norm, a non-zero base element.</summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public GoldilocksExt2 Inverse()
    {
        if (IsZero)
        {
            throw new DivideByZeroException("Zero has no multiplicative inverse in GoldilocksExt2.");
        }

        Goldilocks norm = C0.Square() - MulByNonResidue(C1.Square());
        Goldilocks normInverse = norm.Inverse();
        return new GoldilocksExt2(C0 * normInverse, -(C1 * normInverse));
    }

    /// <summary>Encodes C0 then C1, each as 8 canonical little-endian bytes.</summary>
    public void Encode(Span<byte> destination)
    {
        if (destination.Length < 16)
        {
            throw new ArgumentException("Destination must hold 16 bytes.", nameof(destination));
        }

        C0.Encode(destination);
        C1.Encode(destination[8..]);
    }

    /// <inheritdoc />
    public static GoldilocksExt2 Decode(ReadOnlySpan<byte> source)
    {
        if (source.Length != 16)
        {
            throw new NonCanonicalEncodingException($"A GoldilocksExt2 element is 16 bytes, got {source.Length}.");
        }

        return new GoldilocksExt2(Goldilocks.Decode(source[..8]), Goldilocks.Decode(source[8..]));
    }

    /// <inheritdoc />
    public static bool TryDecode(ReadOnlySpan<byte> source, out GoldilocksExt2 value)
    {
        if (source.Length == 16
            && Goldilocks.TryDecode(source[..8], out Goldilocks c0)
            && Goldilocks.TryDecode(source[8..], out Goldilocks c1))
        {
            value = new GoldilocksExt2(c0, c1);
            return true;
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(GoldilocksExt2 other) => this == other;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is GoldilocksExt2 other && this == other;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(C0.Value, C1.Value);

    /// <inheritdoc />
    public override string ToString() => C1.IsZero ? C0.ToString() : $"{C0} + {C1}·x";

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Goldilocks MulByNonResidue(Goldilocks value)
    {
        // 7v = 8v − v: cheaper than a full multiplication.
        Goldilocks two = value + value;
        Goldilocks four = two + two;
        Goldilocks eight = four + four;
        return eight - value;
    }
}
