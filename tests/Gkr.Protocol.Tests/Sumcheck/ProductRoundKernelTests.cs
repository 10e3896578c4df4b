using Gkr.Field;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Sumcheck;

/// <summary>The packed product-round sums against the scalar reference, on every length 0..67 and on edge values.</summary>
public class ProductRoundKernelTests
{
    private static readonly ulong[] Edges = [0, 1, 2, Goldilocks.Modulus - 1, Goldilocks.Modulus - 2, 1UL << 32, (1UL << 32) - 1, (1UL << 32) + 1, 1UL << 63];

    private static Goldilocks Element(ref RandomSource source, int index) =>
        index % 3 == 0 ? Goldilocks.FromCanonical(Edges[(int)(source.NextUInt64() % (ulong)Edges.Length)]) : Goldilocks.Sample(ref source);

    private static Goldilocks[] Vector(int length, ref RandomSource source)
    {
        var result = new Goldilocks[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = Element(ref source, i);
        }

        return result;
    }

    private static GoldilocksExt2[] ExtVector(int length, ref RandomSource source)
    {
        var result = new GoldilocksExt2[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = new GoldilocksExt2(Element(ref source, i), Element(ref source, i + 1));
        }

        return result;
    }

    [Fact]
    public void BaseSumsMatchScalarOnEveryLength()
    {
        var source = new RandomSource(17);
        for (int length = 0; length <= 67; length++)
        {
            Goldilocks[] a = Vector(length, ref source), b = Vector(length, ref source), c = Vector(length, ref source), d = Vector(length, ref source);
            Assert.Equal(ProductRoundKernels.BaseSumsScalar(a, b, c, d), ProductRoundKernels.BaseSums(a, b, c, d));
        }
    }

    [Fact]
    public void ExtensionSumsMatchScalarOnEveryLength()
    {
        var source = new RandomSource(18);
        for (int length = 0; length <= 67; length++)
        {
            GoldilocksExt2[] a = ExtVector(length, ref source), b = ExtVector(length, ref source), c = ExtVector(length, ref source), d = ExtVector(length, ref source);
            Assert.Equal(ProductRoundKernels.ExtensionSumsScalar(a, b, c, d), ProductRoundKernels.ExtensionSums(a, b, c, d));
        }
    }

    [Fact]
    public void AllMaximalValuesDoNotOverflowTheAccumulators()
    {
        // p − 1 everywhere maximises every 32-bit partial product; 2^16 steps exercise the carries.
        var max = Enumerable.Repeat(Goldilocks.MinusOne, 1 << 16).ToArray();
        var zero = new Goldilocks[1 << 16];
        Assert.Equal(ProductRoundKernels.BaseSumsScalar(max, zero, max, zero), ProductRoundKernels.BaseSums(max, zero, max, zero));
        var maxExt = Enumerable.Repeat(new GoldilocksExt2(Goldilocks.MinusOne, Goldilocks.MinusOne), 1 << 15).ToArray();
        var zeroExt = new GoldilocksExt2[1 << 15];
        Assert.Equal(ProductRoundKernels.ExtensionSumsScalar(maxExt, zeroExt, maxExt, zeroExt), ProductRoundKernels.ExtensionSums(maxExt, zeroExt, maxExt, zeroExt));
    }
}
