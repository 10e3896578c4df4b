using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>Prover and verifier walk the transcript identically, and every prover message is absorbed before the next challenge.</summary>
public class TranscriptInventoryTests
{
    [Fact]
    public void LigeroProverAndVerifierRecordTheSameSequence()
    {
        (LigeroCommittedPolynomial polynomial, LigeroOpeningStatement statement, _) = LigeroTestData.Honest(8, seed: 3);
        var proverLog = new TranscriptRecorder();
        LigeroOpeningProof proof = LigeroProver.Open(statement, [polynomial], LigeroTestData.Parameters, new Transcript(LigeroTestData.ProtocolId, proverLog));
        var verifierLog = new TranscriptRecorder();
        LigeroVerifier.Verify(statement, proof, LigeroTestData.Parameters, new Transcript(LigeroTestData.ProtocolId, verifierLog));

        Assert.Equal(proverLog.Events, verifierLog.Events);
        string[] labels = [.. proverLog.Events.Select(e => e.Label)];
        Assert.True(Array.IndexOf(labels, TranscriptLabels.PcsCommitment) < Array.IndexOf(labels, TranscriptLabels.PcsProximityCoefficients));
        Assert.True(Array.IndexOf(labels, TranscriptLabels.PcsClaimedValues) < Array.IndexOf(labels, TranscriptLabels.PcsProximityCoefficients));
        Assert.True(Array.IndexOf(labels, TranscriptLabels.PcsEvaluationRows) < Array.IndexOf(labels, TranscriptLabels.PcsPowSeed));
        Assert.True(Array.IndexOf(labels, TranscriptLabels.PcsPowNonce) < Array.IndexOf(labels, TranscriptLabels.PcsQueryIndices));
    }

    [Fact]
    public void BasefoldProverAndVerifierRecordTheSameSequence()
    {
        BasefoldParameters parameters = BasefoldParameters.Default;
        BasefoldCommittedPolynomial polynomial = BasefoldProver.Commit(LigeroTestData.Table(13, 4), parameters);
        GoldilocksExt2[] point = LigeroTestData.Point(13, 4);
        var statement = BasefoldOpeningStatement.Single(polynomial.Commitment, point, LigeroTestData.EvaluateTable(polynomial.Table, point));
        var proverLog = new TranscriptRecorder();
        BasefoldOpeningProof proof = BasefoldProver.Open(statement, [polynomial], parameters, new Transcript(LigeroTestData.ProtocolId, proverLog));
        var verifierLog = new TranscriptRecorder();
        BasefoldVerifier.Verify(statement, proof, parameters, new Transcript(LigeroTestData.ProtocolId, verifierLog));

        Assert.Equal(proverLog.Events, verifierLog.Events);
        TranscriptEvent[] events = [.. proverLog.Events];
        Assert.Equal(13, events.Count(e => e.Label == TranscriptLabels.PcsFoldChallenge));
        Assert.Equal(proof.OracleRoots.Length, events.Count(e => e.Label == TranscriptLabels.PcsOracleRoot));

        // Every round polynomial is absorbed immediately before its fold challenge.
        for (int i = 0; i < events.Length; i++)
        {
            if (events[i].Label == TranscriptLabels.PcsFoldChallenge)
            {
                Assert.Equal(TranscriptLabels.PcsRoundPolynomial, events[i - 1].Label);
            }
        }
    }

    [Fact]
    public void BasefoldCommitmentWithAnotherRateIsRejected()
    {
        BasefoldParameters weak = BasefoldParameters.ForSecurity(100, logInverseRate: 1);
        BasefoldCommittedPolynomial polynomial = BasefoldProver.Commit(LigeroTestData.Table(6, 9), weak);
        GoldilocksExt2[] point = LigeroTestData.Point(6, 9);
        var statement = BasefoldOpeningStatement.Single(polynomial.Commitment, point, LigeroTestData.EvaluateTable(polynomial.Table, point));
        BasefoldOpeningProof proof = BasefoldProver.Open(statement, [polynomial], weak, new Transcript(LigeroTestData.ProtocolId));
        CommitmentRejectedException e = Assert.Throws<CommitmentRejectedException>(() =>
            BasefoldVerifier.Verify(statement, proof, BasefoldParameters.Default, new Transcript(LigeroTestData.ProtocolId)));
        Assert.Equal(CommitmentRejection.WrongShape, e.Reason);
    }
}
