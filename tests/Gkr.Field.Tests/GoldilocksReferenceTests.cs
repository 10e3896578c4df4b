using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.Field.Simd;

namespace Gkr.Field.Tests;

/// <summary>The scalar Goldilocks arithmetic against an independent BigInteger/UInt128 reference mod p.</summary>
[Properties(Arbitrary = [typeof(FieldArbitraries)])]
public sealed class GoldilocksReferenceTests
{
    private static readonly BigInteger P = Goldilocks.Modulus;

    private static ulong Ref(BigInteger v) => (ulong)(((v % P) + P) % P);

    [Property(MaxTest = 2000)]
    public bool ScalarOperationsMatchBigInteger(Goldilocks a, Goldilocks b) =>
        (a + b).Value == Ref((BigInteger)a.Value + b.Value)
        && (a - b).Value == Ref((BigInteger)a.Value - b.Value)
        && (a * b).Value == Ref((BigInteger)a.Value * b.Value)
        && (-a).Value == Ref(-(BigInteger)a.Value);

    [Property(MaxTest = 2000)]
    public Property Reduce128MatchesUInt128ForAnyInput() =>
        Prop.ForAll(
            Arb.From(FieldArbitraries.Word64),
            Arb.From(FieldArbitraries.Word64),
            (hi, lo) => Goldilocks.Reduce128(hi, lo) == (ulong)(new UInt128(hi, lo) % (UInt128)Goldilocks.Modulus));

    [Property(MaxTest = 2000)]
    public Property MulAcceptsNonCanonicalInputs() =>
        Prop.ForAll(
            Arb.From(FieldArbitraries.Word64),
            Arb.From(FieldArbitraries.Word64),
            (x, y) => Goldilocks.Mul(x, y) == (ulong)((UInt128)x * y % Goldilocks.Modulus));

    [Fact]
    public void EdgeValuesMatchReference()
    {
        ulong[] words = [.. FieldArbitraries.SpecialWords];
        foreach (ulong x in words)
        {
            foreach (ulong y in words)
            {
                var a = Goldilocks.FromCanonical(x);
                var b = Goldilocks.FromCanonical(y);
                Assert.Equal(Ref((BigInteger)x * y), (a * b).Value);
                Assert.Equal(Ref((BigInteger)x + y), (a + b).Value);
                Assert.Equal(Ref((BigInteger)x - y), (a - b).Value);
            }
        }

        ulong[] nonCanonical = [Goldilocks.Modulus, Goldilocks.Modulus + 5, ulong.MaxValue];
        foreach (ulong x in nonCanonical)
        {
            foreach (ulong y in nonCanonical)
            {
                Assert.Equal((ulong)((UInt128)x * y % Goldilocks.Modulus), Goldilocks.Mul(x, y));
            }
        }
    }

    [Fact]
    public void ConstructorReducesAndFromCanonicalKeepsTheValue()
    {
        Assert.Equal(0UL, new Goldilocks(Goldilocks.Modulus).Value);
        Assert.Equal(5UL, new Goldilocks(Goldilocks.Modulus + 5).Value);
        Assert.Equal(ulong.MaxValue - Goldilocks.Modulus, new Goldilocks(ulong.MaxValue).Value);
    }

    [Theory]
    [InlineData(Goldilocks.Modulus)]
    [InlineData(Goldilocks.Modulus + 1)]
    [InlineData(ulong.MaxValue)]
    public void DecodingRejectsNonCanonicalValues(ulong raw)
    {
        byte[] bytes = BitConverter.GetBytes(raw);
        Assert.False(Goldilocks.TryDecode(bytes, out _));
        var ex = Assert.Throws<NonCanonicalEncodingException>(() => Goldilocks.Decode(bytes));
        Assert.Contains("not a canonical", ex.Message);

        // The same limb inside an extension element is rejected in either position.
        byte[] ext = new byte[16];
        bytes.CopyTo(ext, 8);
        Assert.False(GoldilocksExt2.TryDecode(ext, out _));
        Assert.Throws<NonCanonicalEncodingException>(() => GoldilocksExt2.Decode(ext));
    }

    [Fact]
    public void EncodingIsLittleEndianKnownAnswer()
    {
        byte[] bytes = new byte[16];
        new GoldilocksExt2(Goldilocks.FromCanonical(0x0102030405060708), Goldilocks.MinusOne).Encode(bytes);
        Assert.Equal(
            new byte[] { 8, 7, 6, 5, 4, 3, 2, 1, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF },
            bytes);
    }

    [Fact]
    public void SignedConversionsRoundTrip()
    {
        const long half = (long)((Goldilocks.Modulus - 1) / 2);
        long[] values = [0, 1, -1, 42, -42, half, -half, int.MinValue, int.MaxValue];
        foreach (long v in values)
        {
            Assert.Equal(v, Goldilocks.FromInt64(v).ToInt64());
        }

        Assert.Equal(Goldilocks.Modulus - 1, Goldilocks.FromInt64(-1).Value);
        Assert.Equal(Goldilocks.Modulus - (1UL << 63), Goldilocks.FromInt64(long.MinValue).Value);

        // Outside the centred range the residue is the centred representative, not the input.
        Assert.Equal(-(long)(Goldilocks.Modulus - long.MaxValue), Goldilocks.FromInt64(long.MaxValue).ToInt64());
    }

    [Fact]
    public void RootOfUnityHasExactOrderTwoToThe32()
    {
        Goldilocks omega = Goldilocks.TwoAdicRootOfUnity;
        Assert.Equal(Goldilocks.MultiplicativeGenerator.Pow((Goldilocks.Modulus - 1) >> 32), omega);
        Assert.Equal(Goldilocks.One, omega.Pow(1UL << 32));
        Assert.NotEqual(Goldilocks.One, omega.Pow(1UL << 31));
        Assert.Equal(Goldilocks.MinusOne, omega.Pow(1UL << 31));
        Assert.Equal(1753635133440165772UL, omega.Value);
    }

    [Fact]
    public void SevenGeneratesTheMultiplicativeGroupAndIsANonResidue()
    {
        // p − 1 = 2^32 · 3 · 5 · 17 · 257 · 65537.
        ulong[] primeFactors = [2, 3, 5, 17, 257, 65537];
        ulong product = 1UL << 32;
        foreach (ulong q in primeFactors[1..])
        {
            product *= q;
        }

        Assert.Equal(Goldilocks.Modulus - 1, product);
        foreach (ulong q in primeFactors)
        {
            Assert.NotEqual(Goldilocks.One, Goldilocks.MultiplicativeGenerator.Pow((Goldilocks.Modulus - 1) / q));
        }

        // Euler's criterion: 7 is a non-square, so x² − 7 is irreducible and GoldilocksExt2 is a field.
        Assert.Equal(Goldilocks.MinusOne, Goldilocks.FromUInt64(GoldilocksExt2.NonResidue).Pow((Goldilocks.Modulus - 1) / 2));
    }

    [Property(MaxTest = 500)]
    public bool ExtensionMultiplicationMatchesPolynomialReference(GoldilocksExt2 a, GoldilocksExt2 b)
    {
        // (a0 + a1x)(b0 + b1x) mod (x² − 7) computed with BigInteger.
        BigInteger a0 = a.C0.Value, a1 = a.C1.Value, b0 = b.C0.Value, b1 = b.C1.Value;
        GoldilocksExt2 product = a * b;
        return product.C0.Value == Ref((a0 * b0) + (7 * a1 * b1)) && product.C1.Value == Ref((a0 * b1) + (a1 * b0));
    }

    [Fact]
    public void FieldSizesAreReported()
    {
        Assert.Equal(P, Goldilocks.Order);
        Assert.Equal(P * P, GoldilocksExt2.Order);
        Assert.Equal(2, GoldilocksExt2.Degree);
        Assert.Equal(97, (int)TinyField<Mod97>.Order);
    }

    [Fact]
    public void SamplingRejectsValuesAtOrAboveTheModulus()
    {
        var source = new ScriptedSource([Goldilocks.Modulus, Goldilocks.Modulus + 1, ulong.MaxValue, 12345]);
        Assert.Equal(12345UL, Goldilocks.Sample(ref source).Value);
        Assert.Equal(4, source.Position);

        // Tiny fields mask to the next power of two and reject: 127 & 127 = 127 ≥ 97 is rejected.
        var tiny = new ScriptedSource([127, 96]);
        Assert.Equal(96U, TinyField<Mod97>.Sample(ref tiny).Value);
    }

    private struct ScriptedSource(ulong[] words) : IUniformSource
    {
        public int Position { get; private set; }

        public ulong NextUInt64() => words[Position++];
    }
}
