using FsCheck;
using FsCheck.Xunit;
using Gkr.Field;

namespace Gkr.Field.Tests;

/// <summary>Field axioms, checked for every field type through the shared generic interface.</summary>
public abstract class FieldAxiomTests<T> where T : unmanaged, IField<T>
{
    [Property(MaxTest = 300)]
    public bool AdditionIsAssociativeAndCommutative(T a, T b, T c) => (a + b) + c == a + (b + c) && a + b == b + a;

    [Property(MaxTest = 300)]
    public bool MultiplicationIsAssociativeAndCommutative(T a, T b, T c) => (a * b) * c == a * (b * c) && a * b == b * a;

    [Property(MaxTest = 300)]
    public bool MultiplicationDistributesOverAddition(T a, T b, T c) => a * (b + c) == (a * b) + (a * c);

    [Property(MaxTest = 300)]
    public bool IdentitiesHold(T a) => a + T.Zero == a && a * T.One == a && a * T.Zero == T.Zero;

    [Property(MaxTest = 300)]
    public bool NegationAndSubtractionAgree(T a, T b) => a + (-a) == T.Zero && a - b == a + (-b) && -(-a) == a;

    [Property(MaxTest = 300)]
    public bool NonZeroElementsHaveInverses(T a) => a.IsZero || (a * a.Inverse() == T.One && (a / a) == T.One);

    [Property(MaxTest = 100)]
    public bool PowMatchesRepeatedMultiplication(T a, byte exponent)
    {
        T expected = T.One;
        for (int i = 0; i < exponent; i++)
        {
            expected *= a;
        }

        return a.Pow(exponent) == expected && a.Square() == a * a;
    }

    [Property(MaxTest = 300)]
    public bool EncodingRoundTrips(T a)
    {
        Span<byte> bytes = stackalloc byte[T.EncodedLength];
        a.Encode(bytes);
        return T.Decode(bytes) == a && T.TryDecode(bytes, out T b) && b == a;
    }

    [Property(MaxTest = 300)]
    public bool EqualityAgreesWithHashCode(T a, T b) => !a.Equals(b) || a.GetHashCode() == b.GetHashCode();

    [Fact]
    public void InverseOfZeroIsAClearError()
    {
        var ex = Assert.Throws<DivideByZeroException>(() => T.Zero.Inverse());
        Assert.Contains("Zero has no multiplicative inverse", ex.Message);
        Assert.Throws<DivideByZeroException>(() => T.One / T.Zero);
    }

    [Fact]
    public void DecodingRejectsWrongLengths()
    {
        Assert.False(T.TryDecode(new byte[T.EncodedLength - 1], out _));
        Assert.False(T.TryDecode(new byte[T.EncodedLength + 1], out _));
        Assert.Throws<NonCanonicalEncodingException>(() => T.Decode(new byte[T.EncodedLength + 1]));
    }

    [Fact]
    public void FromInt64MapsNegativesToTheirAdditiveInverse()
    {
        Assert.Equal(-T.FromUInt64(5), T.FromInt64(-5));
        Assert.Equal(T.Zero, T.FromInt64(long.MinValue) + T.FromUInt64(1UL << 63));
        Assert.Equal(T.FromUInt64(long.MaxValue), T.FromInt64(long.MaxValue));
    }

    [Fact]
    public void SamplingIsDeterministicForASeedAndCoversTheField()
    {
        var s1 = new RandomSource(7);
        var s2 = new RandomSource(7);
        var seen = new HashSet<T>();
        for (int i = 0; i < 2000; i++)
        {
            T a = T.Sample(ref s1);
            Assert.Equal(a, T.Sample(ref s2));
            seen.Add(a);
        }

        // 2000 uniform draws from a field of ≥ 97 elements: far more than one distinct value.
        Assert.True(seen.Count >= Math.Min(97, 1000), $"only {seen.Count} distinct samples");
    }
}

[Properties(Arbitrary = [typeof(FieldArbitraries)])]
public sealed class GoldilocksAxiomTests : FieldAxiomTests<Goldilocks>;

[Properties(Arbitrary = [typeof(FieldArbitraries)])]
public sealed class GoldilocksExt2AxiomTests : FieldAxiomTests<GoldilocksExt2>;

[Properties(Arbitrary = [typeof(FieldArbitraries)])]
public sealed class Tiny97AxiomTests : FieldAxiomTests<TinyField<Mod97>>;

[Properties(Arbitrary = [typeof(FieldArbitraries)])]
public sealed class Tiny8191AxiomTests : FieldAxiomTests<TinyField<Mod8191>>;
