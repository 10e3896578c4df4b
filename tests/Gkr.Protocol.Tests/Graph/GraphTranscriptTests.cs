using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>
/// The graph proof's transcript inventory: prover and verifier make the same absorbs and challenges in the
/// same order, and each phase's messages are absorbed before the next phase's first challenge.
/// </summary>
public class GraphTranscriptTests
{
    private static (TranscriptRecorder Prover, TranscriptRecorder Verifier) Record(bool committed)
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = GraphCompletenessTests.Sample();
        GraphModel model = committed ? GraphModel.Commit(circuit, tables) : GraphModel.Public(circuit, tables);
        Goldilocks[] input = GraphCompletenessTests.SmallInput(11, 16);
        GraphValues values = GraphProver.Evaluate(circuit, input, model);
        GraphStatement statement = GraphStatement.For(circuit, input, values.Output, model);
        var prover = new TranscriptRecorder();
        var verifier = new TranscriptRecorder();
        GraphProof proof = GraphProver.Prove(statement, values, model, SumcheckOptions.Default, prover);
        GraphVerifier.Verify(statement, proof, verifier);
        return (prover, verifier);
    }

    private static int First(TranscriptRecorder log, TranscriptOperation op, string label) =>
        log.Events.ToList().FindIndex(e => e.Operation == op && e.Label == label);

    private static int FirstChallenge(TranscriptRecorder log) => log.Events.ToList().FindIndex(e => e.Operation == TranscriptOperation.Challenge);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ProverAndVerifierTranscriptsAgree(bool committed)
    {
        (TranscriptRecorder prover, TranscriptRecorder verifier) = Record(committed);
        Assert.Equal(prover.Events, verifier.Events);
    }

    [Fact]
    public void StatementAndWitnessRootAreAbsorbedBeforeTheFirstChallenge()
    {
        (TranscriptRecorder log, _) = Record(committed: true);
        int first = FirstChallenge(log);
        Assert.Equal(TranscriptLabels.LookupAlpha, log.Events[first].Label);
        string[] before = [.. log.Events.Take(first).Select(e => e.Label)];
        Assert.Equal(
            [TranscriptLabels.GraphStatement, TranscriptLabels.GraphContext, TranscriptLabels.GraphCircuitDigest, TranscriptLabels.GraphModel, TranscriptLabels.GraphWitnessCommitment,
             TranscriptLabels.GraphPublicInput, TranscriptLabels.GraphClaimedOutput, TranscriptLabels.GraphWitnessCommitment],
            before.Where(l => l != TranscriptLabels.Version && l != TranscriptLabels.ProtocolId).ToArray());
    }

    [Fact]
    public void PhasesComeInOrder()
    {
        (TranscriptRecorder log, _) = Record(committed: true);
        int alpha = First(log, TranscriptOperation.Challenge, TranscriptLabels.LookupAlpha);
        int beta = First(log, TranscriptOperation.Challenge, TranscriptLabels.LookupBeta);
        int output = First(log, TranscriptOperation.Challenge, TranscriptLabels.GraphOutputPoint);
        int walk = First(log, TranscriptOperation.Absorb, TranscriptLabels.GraphLayer);
        int openings = First(log, TranscriptOperation.Absorb, TranscriptLabels.PcsStatement);
        Assert.True(alpha < beta && beta < output && output < walk && walk < openings, $"alpha {alpha}, beta {beta}, output {output}, walk {walk}, openings {openings}");

        // Every tree root is absorbed before its first λ, every layer's evaluations before its μ.
        var events = log.Events.ToList();
        for (int i = 0; i < events.Count; i++)
        {
            if (events[i].Label == TranscriptLabels.LookupLayerMu)
            {
                Assert.Equal(TranscriptLabels.LookupLayerEvaluations, events[i - 1].Label);
            }
        }
    }
}
