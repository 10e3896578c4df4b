using Gkr.Field;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Tests.Gkr;

/// <summary>The packed extension kernels against their scalar paths and the field operators, every length 0..67, edge values included.</summary>
public class ExtensionKernelTests
{
    private static readonly Goldilocks[] Edges = [Goldilocks.Zero, Goldilocks.One, Goldilocks.MinusOne, Goldilocks.FromUInt64(1UL << 32), Goldilocks.FromUInt64(Goldilocks.Epsilon), Goldilocks.FromUInt64(Goldilocks.Modulus - 2)];

    private static GoldilocksExt2[] Values(int length, int seed)
    {
        var source = new RandomSource(seed);
        var values = new GoldilocksExt2[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = i % 3 == 0
                ? new GoldilocksExt2(Edges[(i / 3) % Edges.Length], Edges[(i + seed) % Edges.Length])
                : GoldilocksExt2.Sample(ref source);
        }

        return values;
    }

    private static Goldilocks[] BaseValues(int length, int seed) => [.. Values(length, seed).Select(v => v.C1)];

    [Fact]
    public void ProductsMatchTheOperators()
    {
        for (int n = 0; n <= 67; n++)
        {
            GoldilocksExt2[] x = Values(n, n), y = Values(n, n + 100);
            Goldilocks[] b = BaseValues(n, n + 200);
            var packed = new GoldilocksExt2[n];
            ExtensionKernels.Multiply(x, y, packed);
            Assert.Equal(x.Zip(y, (p, q) => p * q).ToArray(), packed);
            ExtensionKernels.MultiplyBase(x, b, packed);
            Assert.Equal(x.Zip(b, (p, q) => p * q).ToArray(), packed);
            GoldilocksExt2 s = y.Length > 0 ? y[^1] : GoldilocksExt2.X;
            ExtensionKernels.Scale(x, s, packed);
            Assert.Equal(x.Select(p => s * p).ToArray(), packed);
            GoldilocksExt2[] accumulator = [.. y];
            ExtensionKernels.ScaleAddBase(b, s, accumulator);
            Assert.Equal(y.Zip(b, (q, v) => q + (s * v)).ToArray(), accumulator);
        }
    }

    [Fact]
    public void InPlaceProductsMatch()
    {
        GoldilocksExt2[] x = Values(33, 1), y = Values(33, 2);
        GoldilocksExt2[] expected = [.. x.Zip(y, (p, q) => p * q)];
        ExtensionKernels.Multiply(x, y, x);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void RoundSumsMatchScalarPaths()
    {
        for (int n = 0; n <= 67; n++)
        {
            GoldilocksExt2[] a = Values(n, n), ah = Values(n, n + 1), b = Values(n, n + 2), bh = Values(n, n + 3);
            Goldilocks[] v = BaseValues(n, n + 4), vh = BaseValues(n, n + 5);
            Assert.Equal(ExtensionKernels.ProductRoundSums(a, ah, b, bh, packed: false), ExtensionKernels.ProductRoundSums(a, ah, b, bh));
            Assert.Equal(ExtensionKernels.BaseRoundSums(a, ah, v, vh, packed: false), ExtensionKernels.BaseRoundSums(a, ah, v, vh));
            Assert.Equal(ExtensionKernels.InnerProduct(a, v, packed: false), ExtensionKernels.InnerProduct(a, v));
            Assert.Equal(ExtensionKernels.InnerProduct(a, b, packed: false), ExtensionKernels.InnerProduct(a, b));
        }
    }

    [Fact]
    public void EqTableMatchesTheReferenceBuilder()
    {
        for (int n = 0; n <= 9; n++)
        {
            GoldilocksExt2[] point = Values(n, 7 * n);
            GoldilocksExt2 scale = Values(1, n + 50)[0];
            GoldilocksExt2[] expected = [.. EqTable.Build<GoldilocksExt2>(point).Select(e => scale * e)];
            Assert.Equal(expected, ExtensionKernels.EqTable(point, scale));
        }
    }

    [Fact]
    public void EvaluateMatchesTheReferenceMultilinear()
    {
        for (int n = 0; n <= 12; n++)
        {
            Goldilocks[] table = BaseValues(1 << n, n);
            GoldilocksExt2[] point = Values(n, n + 9);
            Assert.Equal(Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(table, point), ExtensionKernels.Evaluate(table, point));
        }
    }
}
