using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Lookups;

/// <summary>The fraction-tree GKR over GoldilocksExt2 and a tiny field: completeness, the leaf claim, and one attack per test.</summary>
public class FractionTreeTests
{
    private static T[] Random<T>(int count, int seed, bool nonZero) where T : unmanaged, IField<T>
    {
        var source = new RandomSource(seed);
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            do
            {
                values[i] = T.Sample(ref source);
            }
            while (nonZero && values[i].IsZero);
        }

        return values;
    }

    private static void CompleteAndConsistent<T>(int n, int seed, bool ones) where T : unmanaged, IField<T>
    {
        T[] q = Random<T>(1 << n, seed, nonZero: true);
        T[]? p = ones ? null : Random<T>(1 << n, seed + 1, nonZero: false);
        (FractionTreeProof<T> proof, FractionLeafClaim<T> proverLeaf) = FractionTree.Prove(p is null ? null : (T[])p.Clone(), (T[])q.Clone(), new Transcript("tree-test"));

        // The root is the fraction sum.
        T direct = FractionTree.DirectSum<T>(p ?? [], q);
        Assert.Equal(direct, proof.Numerator / proof.Denominator);

        // The verifier reaches the prover's leaf claim, and the claim is true of the leaves' extensions.
        FractionLeafClaim<T> leaf = FractionTree.Verify(n, proof, new Transcript("tree-test"));
        Assert.Equal((proverLeaf.Numerator, proverLeaf.Denominator), (leaf.Numerator, leaf.Denominator));
        Assert.True(proverLeaf.Point.SequenceEqual(leaf.Point));
        Assert.Equal(Multilinear.Evaluate<T>(q, leaf.Point.AsSpan()), leaf.Denominator);
        Assert.Equal(p is null ? T.One : Multilinear.Evaluate<T>(p, leaf.Point.AsSpan()), leaf.Numerator);
    }

    [Property(MaxTest = 200, Replay = "(20261202,5)")]
    public Property GoldilocksExt2TreesVerify() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 10).SelectMany(n => Gen.Choose(0, int.MaxValue).Select(s => (n, s)))), t =>
        {
            CompleteAndConsistent<GoldilocksExt2>(t.n, t.s, ones: t.s % 2 == 0);
            return true;
        });

    [Property(MaxTest = 200, Replay = "(20261202,3)")]
    public Property TinyFieldTreesVerify() =>
        Prop.ForAll(Arb.From(Gen.Choose(0, 8).SelectMany(n => Gen.Choose(0, int.MaxValue).Select(s => (n, s)))), t =>
        {
            CompleteAndConsistent<TinyField<Mod8191>>(t.n, t.s, ones: t.s % 2 == 1);
            return true;
        });

    private static (FractionTreeProof<GoldilocksExt2> Proof, int N) Honest(int n = 5)
    {
        GoldilocksExt2[] q = Random<GoldilocksExt2>(1 << n, 3, nonZero: true);
        return (FractionTree.Prove(Random<GoldilocksExt2>(1 << n, 4, false), q, new Transcript("tree-test")).Proof, n);
    }

    private static LookupRejectedException Rejects(FractionTreeProof<GoldilocksExt2> proof, int n) =>
        Assert.Throws<LookupRejectedException>(() => FractionTree.Verify(n, proof, new Transcript("tree-test")));

    [Fact]
    public void ChangedRootNumeratorIsRejectedAtTheRootLayer()
    {
        (FractionTreeProof<GoldilocksExt2> proof, int n) = Honest();
        LookupRejectedException ex = Rejects(proof with { Numerator = proof.Numerator + GoldilocksExt2.One }, n);
        Assert.Equal(LookupRejection.LayerMismatch, ex.Reason);
        Assert.Equal(0, ex.Layer);
    }

    [Fact]
    public void ScaledRootIsRejected()
    {
        // P/Q unchanged but (P, Q) both doubled: the tree's layers no longer match.
        (FractionTreeProof<GoldilocksExt2> proof, int n) = Honest();
        GoldilocksExt2 two = GoldilocksExt2.FromUInt64(2);
        Assert.Equal(LookupRejection.LayerMismatch, Rejects(proof with { Numerator = two * proof.Numerator, Denominator = two * proof.Denominator }, n).Reason);
    }

    [Fact]
    public void ChangedLayerEvaluationIsRejected()
    {
        (FractionTreeProof<GoldilocksExt2> proof, int n) = Honest();
        FractionLayerProof<GoldilocksExt2> layer = proof.Layers[3];
        LookupRejectedException ex = Rejects(proof with { Layers = proof.Layers.SetItem(3, layer with { Q1 = layer.Q1 + GoldilocksExt2.One }) }, n);
        Assert.Equal(LookupRejection.LayerMismatch, ex.Reason);
        Assert.Equal(3, ex.Layer);
    }

    [Fact]
    public void ChangedRoundPolynomialIsRejected()
    {
        (FractionTreeProof<GoldilocksExt2> proof, int n) = Honest();
        FractionLayerProof<GoldilocksExt2> layer = proof.Layers[2];
        ImmutableArray<ImmutableArray<GoldilocksExt2>> rounds = layer.Sumcheck.RoundPolynomials;
        var changed = new SumcheckProof<GoldilocksExt2>(rounds.SetItem(1, rounds[1].SetItem(0, rounds[1][0] + GoldilocksExt2.One)));
        LookupRejectedException ex = Rejects(proof with { Layers = proof.Layers.SetItem(2, layer with { Sumcheck = changed }) }, n);
        Assert.Equal(LookupRejection.SumcheckFailed, ex.Reason);
        Assert.Equal(2, ex.Layer);
    }

    [Fact]
    public void MissingLayerIsMalformed()
    {
        (FractionTreeProof<GoldilocksExt2> proof, int n) = Honest();
        Assert.Equal(LookupRejection.MalformedProof, Rejects(proof with { Layers = proof.Layers.RemoveAt(n - 1) }, n).Reason);
    }

    [Fact]
    public void RoundsOnTheRootLayerAreMalformed()
    {
        (FractionTreeProof<GoldilocksExt2> proof, int n) = Honest();
        var extra = new SumcheckProof<GoldilocksExt2>([[GoldilocksExt2.Zero, GoldilocksExt2.Zero, GoldilocksExt2.Zero, GoldilocksExt2.Zero]]);
        Assert.Equal(LookupRejection.MalformedProof, Rejects(proof with { Layers = proof.Layers.SetItem(0, proof.Layers[0] with { Sumcheck = extra }) }, n).Reason);
    }

    [Fact]
    public void ZeroRootDenominatorIsRejectedByTheSumCheck()
    {
        (FractionTreeProof<GoldilocksExt2> proof, _) = Honest();
        LookupRejectedException ex = Assert.Throws<LookupRejectedException>(() => LogUpSum.Check(proof with { Denominator = GoldilocksExt2.Zero }, [proof]));
        Assert.Equal(LookupRejection.ZeroDenominator, ex.Reason);
    }
}
