using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Hardening;

namespace Gkr.Protocol.Tests.Sumcheck;

public class BatchedSumcheckTests
{
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
    public void HonestBatchesVerifyAndEveryClaimChecks(int seed, int[] sizes) => RandomInstances.ProveAndVerifyBatched(seed, sizes);

    [Fact]
    public void OneFalseClaimInTheBatchIsRejected()
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = RandomInstances.Batched(7, 3, 6, 4);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        var forged = new BatchedSumcheckStatement<GoldilocksExt2>(statement.Claims.SetItem(2, statement.Claims[2].WithClaimedSum(statement.Claims[2].ClaimedSum + GoldilocksExt2.One)));
        SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() => Verify(forged, proof));
        Assert.Equal(SumcheckRejection.ClaimMismatch, e.Reason);
        Assert.Equal(0, e.Round);
    }

    [Fact]
    public void WrongFinalValueIsRejected()
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = RandomInstances.Batched(8, 3, 5);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        BatchedSumcheckProof<GoldilocksExt2> bad = proof with { FinalValues = proof.FinalValues.SetItem(0, proof.FinalValues[0] + GoldilocksExt2.One) };
        Assert.Equal(SumcheckRejection.FinalValueMismatch, Assert.Throws<SumcheckRejectedException>(() => Verify(statement, bad)).Reason);
    }

    [Fact]
    public void ShiftedFinalValuesThatStillCombineCorrectlyFailTheCallersCheck()
    {
        // Adding ρ·δ to claim 0's value and −δ to claim 1's keeps v_0 + ρ·v_1: the batch verifier accepts,
        // and only the per-claim evaluation checks its XML doc demands of the caller catch the lie.
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = RandomInstances.Batched(9, 4, 4);
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
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = RandomInstances.Batched(10, 3, 5);
        BatchedSumcheckProof<GoldilocksExt2> proof = Prove(statement, tables);
        BatchedSumcheckProof<GoldilocksExt2> bad = proof with { FinalValues = [.. Enumerable.Repeat(proof.FinalValues[0], count)] };
        SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() => Verify(statement, bad));
        Assert.Equal(SumcheckRejection.WrongClaimCount, e.Reason);
        Assert.Equal("2", e.Expected);
    }
}
