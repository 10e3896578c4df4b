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

    [Fact]
    public void FirstTwoRoundsMatchScalarOnEveryRange()
    {
        var source = new RandomSource(17);
        foreach (int quarter in new[] { 1, 2, 3, 4, 7, 64, 259, 1030 })
        {
            Goldilocks[] f = Vector(4 * quarter, ref source), g = Vector(4 * quarter, ref source);
            for (int from = 0; from <= Math.Min(5, quarter); from++)
            {
                int to = quarter - (from % 3 == 1 ? 1 : 0);
                var expected = new Goldilocks[ProductRoundKernels.FirstRoundSumCount];
                var actual = new Goldilocks[ProductRoundKernels.FirstRoundSumCount];
                ProductRoundKernels.FirstTwoRoundsScalar(f, g, quarter, from, Math.Max(from, to), expected);
                ProductRoundKernels.FirstTwoRounds(f, g, quarter, from, Math.Max(from, to), actual);
                Assert.Equal(expected, actual);
            }
        }
    }

    [Fact]
    public void FirstTwoRoundsGiveRoundZeroAndOneSumsByDefinition()
    {
        foreach (int quarter in new[] { 1, 5, 64 })
        {
            CheckFirstTwoRoundsByDefinition(quarter);
        }
    }

    private static void CheckFirstTwoRoundsByDefinition(int quarter)
    {
        // Against the plain algorithm: round 0 over pairs (x, x + 2·quarter); bind r_0; round 1 over (x, x + quarter).
        var source = new RandomSource(300 + quarter);
        Goldilocks[] f = Vector(4 * quarter, ref source), g = Vector(4 * quarter, ref source);
        GoldilocksExt2 r0 = GoldilocksExt2.Sample(ref source);
        var sums = new Goldilocks[ProductRoundKernels.FirstRoundSumCount];
        ProductRoundKernels.FirstTwoRoundsScalar(f, g, quarter, 0, quarter, sums);

        int half = 2 * quarter;
        Goldilocks low0 = Goldilocks.Zero, leading0 = Goldilocks.Zero;
        var fr = new GoldilocksExt2[half];
        var gr = new GoldilocksExt2[half];
        for (int x = 0; x < half; x++)
        {
            low0 += f[x] * g[x];
            leading0 += (f[x + half] - f[x]) * (g[x + half] - g[x]);
            fr[x] = (r0 * (f[x + half] - f[x])) + f[x];
            gr[x] = (r0 * (g[x + half] - g[x])) + g[x];
        }

        GoldilocksExt2 low1 = GoldilocksExt2.Zero, leading1 = GoldilocksExt2.Zero;
        for (int x = 0; x < quarter; x++)
        {
            low1 += fr[x] * gr[x];
            leading1 += (fr[x + quarter] - fr[x]) * (gr[x + quarter] - gr[x]);
        }

        Assert.Equal((low0, leading0), (sums[0] + sums[1], sums[3] + sums[4]));
        Assert.Equal((low1, leading1), ProductRoundKernels.SecondRoundSums(sums, r0));
    }

    [Fact]
    public void AllMaximalValuesDoNotOverflowTheAccumulators()
    {
        // p − 1 everywhere maximises every 32-bit partial product; 2^16 steps exercise the carries.
        const int quarter = 1 << 16;
        var max = Enumerable.Repeat(Goldilocks.MinusOne, 4 * quarter).ToArray();
        var zeroHigh = max.Select((v, i) => i % (2 * quarter) < quarter ? v : Goldilocks.Zero).ToArray();
        foreach (Goldilocks[] g in new[] { max, zeroHigh })
        {
            var expected = new Goldilocks[ProductRoundKernels.FirstRoundSumCount];
            var actual = new Goldilocks[ProductRoundKernels.FirstRoundSumCount];
            ProductRoundKernels.FirstTwoRoundsScalar(max, g, quarter, 0, quarter, expected);
            ProductRoundKernels.FirstTwoRounds(max, g, quarter, 0, quarter, actual);
            Assert.Equal(expected, actual);
        }
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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    [InlineData(14)]
    [InlineData(64)]
    [InlineData(130)]
    [InlineData(1030)]
    public void FusedExtensionFoldMatchesScalarOnEveryRange(int half)
    {
        // 1030 pairs span several 256-pair blocks plus a tail; the small sizes cover the vector tails.
        var source = new RandomSource(1000 + half);
        GoldilocksExt2 r = GoldilocksExt2.Sample(ref source);
        for (int from = 0; from <= Math.Min(3, half / 2); from++)
        {
            int to = half / 2 - (from % 2);
            PlanarTables expected = Planar(2 * half, ref source), actual = Copy(expected);
            Assert.Equal(
                ProductRoundKernels.FoldExtensionAndSumScalar(expected, half, r, from, to),
                ProductRoundKernels.FoldExtensionAndSum(actual, half, r, from, to));
            AssertSameTables(expected, actual, 2 * half);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(16)]
    [InlineData(28)]
    [InlineData(128)]
    [InlineData(2060)]
    public void MaterializeMatchesScalarOnEveryRange(int quarter)
    {
        var source = new RandomSource(2000 + quarter);
        Goldilocks[] f = Vector(4 * quarter, ref source), g = Vector(4 * quarter, ref source);
        GoldilocksExt2 r0 = GoldilocksExt2.Sample(ref source), r1 = GoldilocksExt2.Sample(ref source);
        for (int from = 0; from <= Math.Min(3, quarter / 2); from++)
        {
            int to = quarter / 2 - (from % 2);
            PlanarTables expected = Planar(quarter, ref source), actual = Copy(expected);
            Assert.Equal(
                ProductRoundKernels.MaterializeAndSumScalar(f, g, quarter, r0, r1, expected, from, to),
                ProductRoundKernels.MaterializeAndSum(f, g, quarter, r0, r1, actual, from, to));
            AssertSameTables(expected, actual, quarter);
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
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        for (int j = 0; j < half / 2; j++)
        {
            low += f[j] * g[j];
            leading += (f[j + (half / 2)] - f[j]) * (g[j + (half / 2)] - g[j]);
        }

        Assert.Equal((low, leading), ProductRoundKernels.FoldExtensionAndSumScalar(tables, half, r, 0, half / 2));
        Assert.Equal(f, Enumerable.Range(0, half).Select(tables.F));
    }
}
