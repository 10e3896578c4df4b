using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Hardening;

namespace Gkr.Protocol.Tests.Sumcheck;

/// <summary>Honest proofs must always verify: every composition, n = 0..20, over 10^3 random instances in total.</summary>
public class CompletenessTests
{
    [Fact]
    public void GoldilocksEveryCompositionSmallN()
    {
        int instances = 0;
        foreach ((string name, Composition<GoldilocksExt2> composition) in TestData.Compositions<GoldilocksExt2>())
        {
            for (int n = 0; n <= 10; n++)
            {
                for (int seed = 0; seed < 8; seed++)
                {
                    RandomInstances.ProveAndVerifySumcheck<Goldilocks, GoldilocksExt2>(name, composition, n, (1000 * n) + seed);
                    instances++;
                }
            }
        }

        Assert.Equal(8 * 11 * 8, instances);
    }

    [Fact]
    public void TinyFieldEveryCompositionSmallN()
    {
        int instances = 0;
        foreach ((string name, Composition<TinyField<Mod8191>> composition) in TestData.Compositions<TinyField<Mod8191>>())
        {
            for (int n = 0; n <= 8; n++)
            {
                for (int seed = 0; seed < 4; seed++)
                {
                    RandomInstances.ProveAndVerifySumcheck<TinyField<Mod8191>, TinyField<Mod8191>>(name, composition, n, (77 * n) + seed);
                    instances++;
                }
            }
        }

        Assert.Equal(8 * 9 * 4, instances);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    public void GoldilocksEveryCompositionLargeN(int n)
    {
        foreach ((string name, Composition<GoldilocksExt2> composition) in TestData.Compositions<GoldilocksExt2>())
        {
            RandomInstances.ProveAndVerifySumcheck<Goldilocks, GoldilocksExt2>(name, composition, n, n);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(15)]
    public void FastPathAndGenericPathProduceIdenticalProofs(int n)
    {
        // f·g takes the Goldilocks fast path; f·g/2 + f·g/2 is the same polynomial written so that the
        // fast path does not recognise it, so it runs the generic path.
        var source = new RandomSource(n);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(2, n, ref source);
        GoldilocksExt2 half = GoldilocksExt2.FromUInt64(2).Inverse();
        var generic = new Composition<GoldilocksExt2>(2, [new(half, 0, 1), new(half, 0, 1)]);
        Composition<GoldilocksExt2> fast = Composition<GoldilocksExt2>.Product(2);
        Assert.True(fast.IsProductOfTwoDistinct);
        Assert.False(generic.IsProductOfTwoDistinct);
        SumcheckProverResult<GoldilocksExt2> a = TestData.ProveHonest<Goldilocks, GoldilocksExt2>(fast, tables, n).Result;
        SumcheckProverResult<GoldilocksExt2> b = TestData.ProveHonest<Goldilocks, GoldilocksExt2>(generic, tables, n).Result;

        // The statements differ (composition bytes), so challenges differ: compare round 0, which precedes any challenge.
        Assert.Equal(a.Proof.RoundPolynomials[0].ToArray(), b.Proof.RoundPolynomials[0].ToArray());
        Assert.Equal(a.Claim.Value, a.FactorEvaluations[0] * a.FactorEvaluations[1]);
    }

    [Fact]
    public void ThreadCountDoesNotChangeTheProof()
    {
        const int n = 16;
        var source = new RandomSource(5);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(3, n, ref source);
        foreach (Composition<GoldilocksExt2> composition in new[] { Composition<GoldilocksExt2>.Product(2), Composition<GoldilocksExt2>.Product(3) })
        {
            var parallel = new SumcheckOptions { MaxThreads = 2, ParallelThreshold = 1 };
            byte[] one = ProofEncoding.Encode(TestData.ProveHonest<Goldilocks, GoldilocksExt2>(composition, tables[..composition.FactorCount], n, SumcheckOptions.SingleThreaded).Result.Proof);
            byte[] two = ProofEncoding.Encode(TestData.ProveHonest<Goldilocks, GoldilocksExt2>(composition, tables[..composition.FactorCount], n, parallel).Result.Proof);
            Assert.Equal(one, two);
        }
    }

    [Theory]
    [InlineData("f*g")]
    [InlineData("f*g*h")]
    public void ProofOfAFalseClaimedSumDoesNotVerify(string name)
    {
        // The generic path computes h(1) and fails round 0. The fast path derives h(1) = claim − h(0) in
        // every round, so the false claim travels through the rounds consistently and the verifier's
        // returned evaluation claim is false: the caller's final check (which the XML doc demands) fails.
        var source = new RandomSource(1);
        Composition<GoldilocksExt2> composition = TestData.Compositions<GoldilocksExt2>().First(c => c.Name == name).Composition;
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(composition.FactorCount, 6, ref source);
        var statement = new SumcheckStatement<GoldilocksExt2>(6, composition, SumcheckProver.ComputeSum(composition, tables) + GoldilocksExt2.One);
        SumcheckProof<GoldilocksExt2> proof = SumcheckProver.Prove(statement, tables, new Transcript(TestData.ProtocolId)).Proof;
        if (composition.IsProductOfTwoDistinct)
        {
            SumcheckClaim<GoldilocksExt2> claim = SumcheckVerifier.Verify(statement, proof, new Transcript(TestData.ProtocolId));
            Assert.False(TestData.FinalCheck(composition, tables, claim));
        }
        else
        {
            SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() => SumcheckVerifier.Verify(statement, proof, new Transcript(TestData.ProtocolId)));
            Assert.Equal(SumcheckRejection.ClaimMismatch, e.Reason);
            Assert.Equal(0, e.Round);
        }
    }
}
