using System.Buffers.Binary;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Gkr.Field;

/// <summary>
/// An element of the Goldilocks prime field, p = 2^64 − 2^32 + 1.
/// </summary>
/// <remarks>
/// <para>The value is always canonical: <c>0 ≤ Value &lt; p</c>. Every operation returns a canonical
/// result, so equality and encoding are plain comparisons of the 64-bit word.</para>
/// <para>Reduction uses 2^64 ≡ 2^32 − 1 (= ε) and 2^96 ≡ −1 (mod p): a 128-bit product
/// <c>hi·2^64 + lo</c> with <c>hi = hh·2^32 + hl</c> is congruent to <c>lo − hh + hl·ε</c>.</para>
/// <para>The multiplicative group has order p − 1 = 2^32 · 3 · 5 · 17 · 257 · 65537; 7 generates it.</para>
/// </remarks>
[DebuggerDisplay("{Value}")]
public readonly struct Goldilocks : IExtensionField<Goldilocks, Goldilocks>, IComparable<Goldilocks>
{
    /// <summary>The modulus p = 2^64 − 2^32 + 1.</summary>
    public const ulong Modulus = 0xFFFF_FFFF_0000_0001UL;

    /// <summary>ε = 2^64 mod p = 2^32 − 1.</summary>
    public const ulong Epsilon = 0xFFFF_FFFFUL;

    /// <summary>Largest k with 2^k | p − 1.</summary>
    public const int TwoAdicity = 32;

    /// <summary>A generator of the multiplicative group.</summary>
    public static Goldilocks MultiplicativeGenerator => new(7, trusted: true);

    /// <summary>
    /// ω = 7^((p−1)/2^32), a primitive 2^32-th root of unity: ω^(2^32) = 1 and ω^(2^31) = −1.
    /// Known answer 1753635133440165772 (the same constant as Plonky2's Goldilocks).
    /// </summary>
    public static Goldilocks TwoAdicRootOfUnity => new(1753635133440165772UL, trusted: true);

    /// <summary>The canonical representative in [0, p).</summary>
    public readonly ulong Value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Goldilocks(ulong canonical, bool trusted)
    {
        _ = trusted;
        Debug.Assert(canonical < Modulus);
        Value = canonical;
    }

    /// <summary>The element <c>value mod p</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Goldilocks(ulong value) => Value = value >= Modulus ? value - Modulus : value;

    /// <summary>Wraps a value already known to be canonical (&lt; p). Checked only in debug builds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks FromCanonical(ulong canonical) => new(canonical, trusted: true);

    /// <inheritdoc />
    public static Goldilocks Zero => default;

    /// <inheritdoc />
    public static Goldilocks One => new(1, trusted: true);

    /// <summary>p − 1 = −1.</summary>
    public static Goldilocks MinusOne => new(Modulus - 1, trusted: true);

    /// <inheritdoc />
    public static Goldilocks AdditiveIdentity => default;

    /// <inheritdoc />
    public static Goldilocks MultiplicativeIdentity => One;

    /// <inheritdoc />
    public static BigInteger Order => Modulus;

    /// <inheritdoc />
    public static ulong Characteristic => Modulus;

    /// <inheritdoc />
    public static int EncodedLength => 8;

    /// <inheritdoc />
    public static int Degree => 1;

    /// <inheritdoc />
    public static string Name => "Goldilocks";

    /// <inheritdoc />
    public bool IsZero => Value == 0;

    /// <inheritdoc />
    public static Goldilocks FromUInt64(ulong value) => new(value);

    /// <inheritdoc />
    public static Goldilocks FromInt64(long value) =>
        value >= 0 ? new Goldilocks((ulong)value) : new Goldilocks(Modulus - (ulong)(-(value + 1)) - 1, trusted: true);

    /// <summary>
    /// The centred residue of this element: the integer v ≡ this (mod p) with |v| ≤ (p − 1)/2.
    /// Values above (p − 1)/2 map to <c>Value − p</c>. Inverse of <see cref="FromInt64"/> for
    /// |v| ≤ (p − 1)/2 (every value ever produced by a quantized network stays far inside).
    /// </summary>
    public long ToInt64() => Value <= (Modulus - 1) / 2 ? (long)Value : -(long)(Modulus - Value);

    /// <inheritdoc />
    public static Goldilocks FromBase(Goldilocks value) => value;

    /// <inheritdoc />
    public static Goldilocks Sample<TSource>(ref TSource source) where TSource : IUniformSource, allows ref struct
    {
        while (true)
        {
            // Rejects with probability ≈ 2^-32; every accepted value is equally likely.
            ulong candidate = source.NextUInt64();
            if (candidate < Modulus)
            {
                return new Goldilocks(candidate, trusted: true);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator +(Goldilocks left, Goldilocks right) => new(Add(left.Value, right.Value), trusted: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator -(Goldilocks left, Goldilocks right) => new(Sub(left.Value, right.Value), trusted: true);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator *(Goldilocks left, Goldilocks right) => new(Mul(left.Value, right.Value), trusted: true);

    /// <exception cref="DivideByZeroException"><paramref name="right"/> is zero.</exception>
    public static Goldilocks operator /(Goldilocks left, Goldilocks right) => left * right.Inverse();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Goldilocks operator -(Goldilocks value) => new(value.Value == 0 ? 0 : Modulus - value.Value, trusted: true);

    public static bool operator ==(Goldilocks left, Goldilocks right) => left.Value == right.Value;

    public static bool operator !=(Goldilocks left, Goldilocks right) => left.Value != right.Value;

    /// <inheritdoc />
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Goldilocks Square() => this * this;

    /// <inheritdoc />
    public Goldilocks Pow(ulong exponent)
    {
        ulong result = 1, @base = Value;
        while (exponent != 0)
        {
            if ((exponent & 1) != 0)
            {
                result = Mul(result, @base);
            }

            @base = Mul(@base, @base);
            exponent >>= 1;
        }

        return new Goldilocks(result, trusted: true);
    }

    /// <summary>x^(p−2) (Fermat). </summary>
    /// <exception cref="DivideByZeroException">The element is zero.</exception>
    public Goldilocks Inverse() =>
        Value == 0 ? throw new DivideByZeroException("Zero has no multiplicative inverse in the Goldilocks field.") : Pow(Modulus - 2);

    /// <inheritdoc />
    public void Encode(Span<byte> destination)
    {
        if (destination.Length < 8)
        {
            throw new ArgumentException("Destination must hold 8 bytes.", nameof(destination));
        }

        BinaryPrimitives.WriteUInt64LittleEndian(destination, Value);
    }

    /// <inheritdoc />
    public static Goldilocks Decode(ReadOnlySpan<byte> source)
    {
        if (source.Length != 8)
        {
            throw new NonCanonicalEncodingException($"A Goldilocks element is 8 bytes, got {source.Length}.");
        }

        ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(source);
        return raw < Modulus
            ? new Goldilocks(raw, trusted: true)
            : throw new NonCanonicalEncodingException($"0x{raw:X16} is not a canonical Goldilocks element (must be below p = 0x{Modulus:X16}).");
    }

    /// <inheritdoc />
    public static bool TryDecode(ReadOnlySpan<byte> source, out Goldilocks value)
    {
        if (source.Length == 8)
        {
            ulong raw = BinaryPrimitives.ReadUInt64LittleEndian(source);
            if (raw < Modulus)
            {
                value = new Goldilocks(raw, trusted: true);
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <inheritdoc />
    public bool Equals(Goldilocks other) => Value == other.Value;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Goldilocks other && Value == other.Value;

    /// <inheritdoc />
    public override int GetHashCode() => Value.GetHashCode();

    /// <inheritdoc />
    public int CompareTo(Goldilocks other) => Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // ---- Scalar reference arithmetic on canonical words. Inputs < p, outputs < p. ----

    /// <summary>(a + b) mod p for canonical a, b.</summary>
    /// <remarks>
    /// The scalar kernels are branch-free: carries of random field data are unpredictable, and the
    /// JIT turns few of these conditionals into conditional moves, so masks are built from the
    /// comparison result (<see cref="MaskIf"/>: setcc, negate).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Add(ulong a, ulong b)
    {
        // a + b ≥ p ⟺ a ≥ p − b (p − b ∈ [1, p], no overflow); then the answer is a − (p − b).
        ulong complement = Modulus - b;
        ulong wrap = MaskIf(a >= complement);
        return (a + b) - (wrap & Modulus);
    }

    /// <summary>(a − b) mod p for canonical a, b.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Sub(ulong a, ulong b)
    {
        // On borrow the answer is a − b + p (wrapping arithmetic gives exactly that).
        return (a - b) + (MaskIf(a < b) & Modulus);
    }

    /// <summary>(a · b) mod p for a, b &lt; 2^64 (need not be canonical); output canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Mul(ulong a, ulong b)
    {
        ulong hi = Math.BigMul(a, b, out ulong lo);
        return Reduce128(hi, lo);
    }

    /// <summary>(hi·2^64 + lo) mod p for any 128-bit value; output canonical.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Reduce128(ulong hi, ulong lo)
    {
        ulong hiHi = hi >> 32;
        ulong hiLo = hi & Epsilon;

        // lo − hiHi (2^96 ≡ −1). On borrow we gained 2^64 ≡ ε, so take ε away; the result stays
        // non-negative because a borrow means the wrapped value is ≥ 2^64 − 2^32 > ε.
        ulong t0 = (lo - hiHi) - (MaskIf(lo < hiHi) & Epsilon);

        // hiLo·ε < 2^64, computed as (hiLo << 32) − hiLo.
        ulong t1 = (hiLo << 32) - hiLo;
        ulong t2 = t0 + t1;

        // Overflow lost 2^64 ≡ ε. t2 + ε cannot overflow: t2 < t1 ≤ 2^64 − 2^33 + 1.
        t2 += MaskIf(t2 < t1) & Epsilon;

        // t2 ≥ p ⟺ subtract p, i.e. add ε modulo 2^64.
        return t2 + (MaskIf(t2 >= Modulus) & Epsilon);
    }

    /// <summary>All ones when <paramref name="condition"/> holds, else zero, without a branch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong MaskIf(bool condition) => 0UL - Unsafe.BitCast<bool, byte>(condition);
}
