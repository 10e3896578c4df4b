using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>The public fast paths for layer authors agree with direct computation, and their sumchecks verify.</summary>
public class ReducerKernelsTests
{
    private static GoldilocksExt2[] Table(int n, int seed)
    {
        var source = new RandomSource(seed);
        return [.. Enumerable.Range(0, 1 << n).Select(_ => GoldilocksExt2.Sample(ref source))];
    }

    private static GoldilocksExt2[] Point(int n, int seed)
    {
        var source = new RandomSource(seed);
        return [.. Enumerable.Range(0, n).Select(_ => GoldilocksExt2.Sample(ref source))];
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(9)]
    public void CombinedEqIsTheWeightedSumOfEqTables(int n)
    {
        GoldilocksExt2[] p1 = Point(n, 1), p2 = Point(n, 2);
        GoldilocksExt2[] w = [GoldilocksExt2.One, Table(0, 3)[0]];
        Claim[] claims = [new(PolynomialRef.Input, [.. p1], GoldilocksExt2.Zero), new(PolynomialRef.Input, [.. p2], GoldilocksExt2.Zero)];
        GoldilocksExt2[] combined = ReducerKernels.CombinedEq(claims, w);
        GoldilocksExt2[] e1 = EqTable.Build<GoldilocksExt2>(p1), e2 = EqTable.Build<GoldilocksExt2>(p2);
        for (int x = 0; x < 1 << n; x++)
        {
            Assert.Equal(e1[x] + (w[1] * e2[x]), combined[x]);
        }
    }

    private static void SumcheckVerifies(LayerSumcheckProver state, int degree, GoldilocksExt2 sum, Func<GoldilocksExt2[], GoldilocksExt2> final)
    {
        int n = state.NumVariables;
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] point) = LayerSumcheck.Prove(state, degree, sum, new Transcript("kernels"));
        (GoldilocksExt2[] verified, GoldilocksExt2 last) = LayerSumcheck.Verify(0, 0, n, degree, sum, proof, new Transcript("kernels"));
        Assert.Equal(point, verified);
        Assert.Equal(final(point), last);
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(6, 3)]
    [InlineData(8, 1)]
    public void ProductStateProvesTheProductSum(int n, int factors)
    {
        GoldilocksExt2[][] tables = [.. Enumerable.Range(0, factors).Select(i => Table(n, 10 + i))];
        GoldilocksExt2 sum = Enumerable.Range(0, 1 << n).Aggregate(GoldilocksExt2.Zero, (s, x) => s + tables.Aggregate(GoldilocksExt2.One, (p, t) => p * t[x]));
        SumcheckVerifies(ReducerKernels.Product(tables), factors, sum, r => tables.Aggregate(GoldilocksExt2.One, (p, t) => p * Multilinear.Evaluate<GoldilocksExt2>(t, r)));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(7, 3)]
    public void WeightedPairsStateProvesTheWeightedSum(int n, int pairs)
    {
        GoldilocksExt2[][] a = [.. Enumerable.Range(0, pairs).Select(i => Table(n, 20 + i))];
        GoldilocksExt2[][] b = [.. Enumerable.Range(0, pairs).Select(i => Table(n, 30 + i))];
        GoldilocksExt2[] w = Table(System.Numerics.BitOperations.Log2((uint)pairs) + 1, 40)[..pairs];
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int j = 0; j < pairs; j++)
        {
            for (int x = 0; x < 1 << n; x++)
            {
                sum += w[j] * a[j][x] * b[j][x];
            }
        }

        GoldilocksExt2[][] ac = [.. a.Select(t => (GoldilocksExt2[])t.Clone())], bc = [.. b.Select(t => (GoldilocksExt2[])t.Clone())];
        SumcheckVerifies(ReducerKernels.WeightedPairs(ac, bc, w, SumcheckOptions.Default), 2, sum, r =>
            Enumerable.Range(0, pairs).Aggregate(GoldilocksExt2.Zero, (s, j) => s + (w[j] * Multilinear.Evaluate<GoldilocksExt2>(a[j], r) * Multilinear.Evaluate<GoldilocksExt2>(b[j], r))));
    }

    /// <summary>The packed product state against its scalar reference: every round's values and the final factors, lane by lane.</summary>
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(3, 5)]
    [InlineData(9, 3)]
    [InlineData(10, 2)]
    [InlineData(11, 4)]
    public void PackedProductMatchesTheScalarReference(int n, int factors)
    {
        GoldilocksExt2[][] tables = [.. Enumerable.Range(0, factors).Select(i => Table(n, 50 + i))];
        LayerSumcheckProver packed = ReducerKernels.Product(tables, packed: true), scalar = ReducerKernels.Product(tables, packed: false);
        var source = new RandomSource(60 + n);
        for (int round = 0; round < n; round++)
        {
            var a = new GoldilocksExt2[factors + 1];
            var b = new GoldilocksExt2[factors + 1];
            packed.RoundEvaluations(a, GoldilocksExt2.Zero);
            scalar.RoundEvaluations(b, GoldilocksExt2.Zero);
            Assert.Equal(b, a);
            GoldilocksExt2 r = GoldilocksExt2.Sample(ref source);
            packed.Bind(r);
            scalar.Bind(r);
        }

        Assert.Equal(scalar.FactorEvaluations(), packed.FactorEvaluations());
    }
}
