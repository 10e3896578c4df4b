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

    private static PlanarTables Planar(int length, ref RandomSource source) =>
        new(Vector(length, ref source), Vector(length, ref source), Vector(length, ref source), Vector(length, ref source));

    private static PlanarTables Copy(PlanarTables t) =>
        new((Goldilocks[])t.F0.Clone(), (Goldilocks[])t.F1.Clone(), (Goldilocks[])t.G0.Clone(), (Goldilocks[])t.G1.Clone());

    private static void AssertSameTables(PlanarTables expected, PlanarTables actual, int length)
    {
        Assert.Equal(expected.F0[..length], actual.F0[..length]);
        Assert.Equal(expected.F1[..length], actual.F1[..length]);
        Assert.Equal(expected.G0[..length], actual.G0[..length]);
        Assert.Equal(expected.G1[..length], actual.G1[..length]);
    }

    public static TheoryData<bool, int> FusedCases()
    {
        // 1030 pairs span several 256-pair blocks plus a tail; the small sizes cover the vector tails.
        var cases = new TheoryData<bool, int>();
        foreach (bool extension in new[] { false, true })
        {
            foreach (int half in new[] { 1, 2, 8, 14, 64, 130, 1030 })
            {
                cases.Add(extension, half);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(FusedCases))]
    public void FusedFoldMatchesScalarOnEveryRange(bool extension, int half)
    {
        var source = new RandomSource(half + (extension ? 1000 : 0));
        Goldilocks[] f = Vector(2 * half, ref source), g = Vector(2 * half, ref source);
        GoldilocksExt2 r = GoldilocksExt2.Sample(ref source);
        int length = extension ? 2 * half : half;
        for (int from = 0; from <= Math.Min(3, half / 2); from++)
        {
            int to = half / 2 - (from % 2);
            PlanarTables expected = Planar(length, ref source), actual = Copy(expected);
            Assert.Equal(
                extension
                    ? ProductRoundKernels.FoldExtensionAndSumScalar(expected, half, r, from, to)
                    : ProductRoundKernels.FoldBaseAndSumScalar(f, g, half, r, expected, from, to),
                extension
                    ? ProductRoundKernels.FoldExtensionAndSum(actual, half, r, from, to)
                    : ProductRoundKernels.FoldBaseAndSum(f, g, half, r, actual, from, to));
            AssertSameTables(expected, actual, length);
        }
    }

    [Fact]
    public void FusedScalarReferenceAgreesWithTheDefinition()
    {
        // new[i] = old[i] + r·(old[i + half] − old[i]); sums over pairs (new[j], new[j + half/2]).
        const int half = 16;
        var source = new RandomSource(5);
        PlanarTables tables = Planar(2 * half, ref source);
        GoldilocksExt2 r = GoldilocksExt2.Sample(ref source);
        GoldilocksExt2[] f = [.. Enumerable.Range(0, half).Select(i => tables.F(i) + (r * (tables.F(i + half) - tables.F(i))))];
        GoldilocksExt2[] g = [.. Enumerable.Range(0, half).Select(i => tables.G(i) + (r * (tables.G(i + half) - tables.G(i))))];
        (GoldilocksExt2 low, GoldilocksExt2 leading) = ProductRoundKernels.FoldExtensionAndSumScalar(tables, half, r, 0, half / 2);
        Assert.Equal(ProductRoundKernels.ExtensionSumsScalar(f[..(half / 2)], f[(half / 2)..], g[..(half / 2)], g[(half / 2)..]), (low, leading));
        Assert.Equal(f, Enumerable.Range(0, half).Select(tables.F));
    }
}
