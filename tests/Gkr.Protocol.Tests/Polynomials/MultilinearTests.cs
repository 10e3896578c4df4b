using Gkr.Field;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Tests.Polynomials;

public class MultilinearTests
{
    private static GoldilocksExt2[] RandomPoint(int n, ref RandomSource source) => TestData.RandomTable<GoldilocksExt2>(n, ref source);

    [Fact]
    public void VariableZeroIsTheMostSignificantIndexBit()
    {
        // f(x0, x1) = table[2·x0 + x1]: evaluating at the Boolean point (1, 0) must give table[2].
        Goldilocks[] table = [Goldilocks.FromUInt64(10), Goldilocks.FromUInt64(11), Goldilocks.FromUInt64(12), Goldilocks.FromUInt64(13)];
        var point = new[] { GoldilocksExt2.One, GoldilocksExt2.Zero };
        Assert.Equal(GoldilocksExt2.FromUInt64(12), Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(table, point));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    public void EvaluateEqualsInnerProductWithEqTable(int n)
    {
        var source = new RandomSource(100 + n);
        Goldilocks[] table = TestData.RandomTable<Goldilocks>(1 << n, ref source);
        GoldilocksExt2[] r = RandomPoint(n, ref source);
        GoldilocksExt2[] eq = EqTable.Build<GoldilocksExt2>(r);
        GoldilocksExt2 expected = GoldilocksExt2.Zero;
        for (int x = 0; x < table.Length; x++)
        {
            expected += eq[x] * table[x];
        }

        Assert.Equal(expected, Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(table, r));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    public void EqTableMatchesClosedFormAndSumsToOne(int n)
    {
        var source = new RandomSource(7);
        GoldilocksExt2[] r = RandomPoint(n, ref source);
        GoldilocksExt2[] eq = EqTable.Build<GoldilocksExt2>(r);
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int x = 0; x < eq.Length; x++)
        {
            var bits = new GoldilocksExt2[n];
            for (int i = 0; i < n; i++)
            {
                bits[i] = GoldilocksExt2.FromUInt64((ulong)(x >> (n - 1 - i)) & 1);
            }

            Assert.Equal(EqTable.Evaluate<GoldilocksExt2>(r, bits), eq[x]);
            total += eq[x];
        }

        Assert.Equal(GoldilocksExt2.One, total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void FixVariableAnyIndexAgreesWithEvaluate(int index)
    {
        const int n = 5;
        var source = new RandomSource(11 + index);
        GoldilocksExt2[] values = TestData.RandomTable<GoldilocksExt2>(1 << n, ref source);
        GoldilocksExt2[] point = RandomPoint(n, ref source);
        var table = new MultilinearTable<GoldilocksExt2>((GoldilocksExt2[])values.Clone());
        GoldilocksExt2 sum = table.Sum();
        table.FixVariable(index, point[index]);
        GoldilocksExt2[] rest = [.. point[..index], .. point[(index + 1)..]];
        Assert.Equal(n - 1, table.NumVariables);
        Assert.Equal(Multilinear.Evaluate<GoldilocksExt2>(values, point), table.Evaluate(rest));

        // The sum over the hypercube equals the sums of the two halves of the first-variable fold at 0 and 1.
        var low = new MultilinearTable<GoldilocksExt2>((GoldilocksExt2[])values.Clone());
        var high = low.Clone();
        low.FixFirstVariable(GoldilocksExt2.Zero);
        high.FixFirstVariable(GoldilocksExt2.One);
        Assert.Equal(sum, low.Sum() + high.Sum());
    }

    [Fact]
    public void ConstructorRejectsNonPowerOfTwoLengths()
    {
        Assert.Throws<ArgumentException>(() => new MultilinearTable<Goldilocks>(new Goldilocks[3]));
        Assert.Throws<ArgumentException>(() => new MultilinearTable<Goldilocks>(new Goldilocks[4], 3));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void UnivariateEvaluationMatchesCoefficientsEverywhere(int degree)
    {
        var source = new RandomSource(degree);
        GoldilocksExt2[] coefficients = TestData.RandomTable<GoldilocksExt2>(degree + 1, ref source);
        GoldilocksExt2 Horner(GoldilocksExt2 x)
        {
            GoldilocksExt2 acc = GoldilocksExt2.Zero;
            for (int k = degree; k >= 0; k--)
            {
                acc = (acc * x) + coefficients[k];
            }

            return acc;
        }

        GoldilocksExt2[] values = [.. Enumerable.Range(0, degree + 1).Select(i => Horner(GoldilocksExt2.FromUInt64((ulong)i)))];
        Assert.Equal(coefficients, UnivariateEvaluations.ToCoefficients<GoldilocksExt2>(values));
        for (int trial = 0; trial < 20; trial++)
        {
            GoldilocksExt2 x = trial < 8 ? GoldilocksExt2.FromUInt64((ulong)trial) : GoldilocksExt2.Sample(ref source);
            Assert.Equal(Horner(x), UnivariateEvaluations.Evaluate<GoldilocksExt2>(values, x));
        }
    }
}
