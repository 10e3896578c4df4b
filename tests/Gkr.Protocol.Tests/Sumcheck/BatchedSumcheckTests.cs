using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Sumcheck;

public class BatchedSumcheckTests
{
    internal static (BatchedSumcheckStatement<GoldilocksExt2> Statement, Goldilocks[][][] Tables) Instance(int seed, params int[] sizes)
    {
        var source = new RandomSource(seed);
        IReadOnlyList<(string Name, Composition<GoldilocksExt2> Composition)> compositions = TestData.Compositions<GoldilocksExt2>();
        var statements = new List<SumcheckStatement<GoldilocksExt2>>();
        var tables = new Goldilocks[sizes.Length][][];
        for (int i = 0; i < sizes.Length; i++)
        {
            (string name, Composition<GoldilocksExt2> composition) = compositions[(seed + i) % compositions.Count];
            tables[i] = TestData.TablesFor<Goldilocks>(name, composition.FactorCount, sizes[i], ref source);
            statements.Add(new SumcheckStatement<GoldilocksExt2>(sizes[i], composition, SumcheckProver.ComputeSum(composition, tables[i])));
        }

        return (new BatchedSumcheckStatement<GoldilocksExt2>(statements), tables);
    }

    private static ImmutableArray<SumcheckClaim<GoldilocksExt2>> Verify(BatchedSumcheckStatement<GoldilocksExt2> statement, BatchedSumcheckProof<GoldilocksExt2> proof) =>
        BatchedSumcheck.Verify(statement, proof, new Transcript(TestData.ProtocolId));

    internal static BatchedSumcheckProof<GoldilocksExt2> Prove(BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) =>
        BatchedSumcheck.Prove<Goldilocks, GoldilocksExt2>(statement, tables, new Transcript(TestData.ProtocolId)).Proof;

    [Theory]
    [InlineData(1, new[] { 5 })]
    [InlineData(2, new[] { 4, 4, 4 })]
    [InlineData(3, new[] { 0, 3, 7, 10 })]
    [InlineData(4, new[] { 12, 1, 6 })]
    [InlineData(5, new[] { 2, 9, 9, 0, 5, 8, 3, 11 })]
    public void HonestBatchesVerifyAndEveryClaimChecks(int seed, int[] sizes)
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = Instance(seed, sizes);
        (BatchedSumcheckProof<GoldilocksExt2> proof, ImmutableArray<SumcheckClaim<GoldilocksExt2>> proverClaims) =
            BatchedSumcheck.Prove<Goldilocks, GoldilocksExt2>(statement, tables, new Transcript(TestData.ProtocolId));
        BatchedSumcheckProof<GoldilocksExt2> decoded = ProofEncoding.DecodeBatched(ProofEncoding.Encode(proof), statement);
        ImmutableArray<SumcheckClaim<GoldilocksExt2>> claims = Verify(statement, decoded);
        Assert.Equal(sizes.Length, claims.Length);
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(sizes[i], claims[i].Point.Length);
            Assert.Equal(proverClaims[i].Point.ToArray(), claims[i].Point.ToArray());
            Assert.True(TestData.FinalCheck(statement.Claims[i].Composition, tables[i], claims[i]), $"claim {i}");
        }
    }

    [Fact]
    public void OneFalseClaimInTheBatchIsRejected()
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = Instance(7, 3, 6, 4);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        var forged = new BatchedSumcheckStatement<GoldilocksExt2>(statement.Claims.SetItem(2, statement.Claims[2].WithClaimedSum(statement.Claims[2].ClaimedSum + GoldilocksExt2.One)));
        SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() => Verify(forged, proof));
        Assert.Equal(SumcheckRejection.ClaimMismatch, e.Reason);
        Assert.Equal(0, e.Round);
    }

    [Fact]
    public void WrongFinalValueIsRejected()
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = Instance(8, 3, 5);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        BatchedSumcheckProof<GoldilocksExt2> bad = proof with { FinalValues = proof.FinalValues.SetItem(0, proof.FinalValues[0] + GoldilocksExt2.One) };
        Assert.Equal(SumcheckRejection.FinalValueMismatch, Assert.Throws<SumcheckRejectedException>(() => Verify(statement, bad)).Reason);
    }

    [Fact]
    public void ShiftedFinalValuesThatStillCombineCorrectlyFailTheCallersCheck()
    {
        // Adding ρ·δ to claim 0's value and −δ to claim 1's keeps v_0 + ρ·v_1: the batch verifier accepts,
        // and only the per-claim evaluation checks its XML doc demands of the caller catch the lie.
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = Instance(9, 4, 4);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        var transcript = new Transcript(TestData.ProtocolId);
        transcript.AbsorbUInt64(TranscriptLabels.BatchClaimCount, 2);
        foreach (SumcheckStatement<GoldilocksExt2> claim in statement.Claims)
        {
            claim.AbsorbInto(transcript);
        }

        GoldilocksExt2 rho = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.BatchCoefficient);
        GoldilocksExt2 delta = GoldilocksExt2.FromUInt64(5);
        BatchedSumcheckProof<GoldilocksExt2> shifted = proof with
        {
            FinalValues = [proof.FinalValues[0] + (rho * delta), proof.FinalValues[1] - delta],
        };
        ImmutableArray<SumcheckClaim<GoldilocksExt2>> claims = Verify(statement, shifted);
        Assert.False(TestData.FinalCheck(statement.Claims[0].Composition, tables[0], claims[0]));
        Assert.False(TestData.FinalCheck(statement.Claims[1].Composition, tables[1], claims[1]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void WrongFinalValueCountIsRejected(int count)
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = Instance(10, 3, 5);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        BatchedSumcheckProof<GoldilocksExt2> bad = proof with { FinalValues = [.. Enumerable.Repeat(proof.FinalValues[0], count)] };
        SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() => Verify(statement, bad));
        Assert.Equal(SumcheckRejection.WrongClaimCount, e.Reason);
        Assert.Equal("2", e.Expected);
    }
}
