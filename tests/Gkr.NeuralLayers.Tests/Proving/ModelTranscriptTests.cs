using Gkr.Field;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Proving;

/// <summary>
/// The transcript inventory of a whole model proof (every layer kind of the fixed CNN and of a random model): prover and
/// verifier make the same calls in the same order, and the model digest is the first thing bound after the protocol id.
/// </summary>
public class ModelTranscriptTests
{
    public static TheoryData<int> Models => [-1, 1, 2, 3];

    private static (TranscriptRecorder Prover, TranscriptRecorder Verifier, byte[] Digest) Record(int seed)
    {
        QuantizedModel model = seed < 0 ? TestModels.Fixed() : TestModels.Random(seed);
        var prover = new ModelProver(model, 2, commitWeights: true);
        var verifier = new ModelVerifier(model, 2, prover.WeightCommitment);
        int[][] samples = ModelProofTests.Samples(model, 2, 9);
        ModelStatement claimed = prover.Prove(samples).Statement;
        GraphStatement statement = verifier.GraphStatementOf(claimed);
        GraphModel tables = prover.Circuit.CommitModel();
        GraphValues values = GraphProver.Evaluate(statement.Circuit, statement.PublicInput.AsSpan(), tables);
        var proverLog = new TranscriptRecorder();
        var verifierLog = new TranscriptRecorder();
        GraphProof proof = GraphProver.Prove(statement, values, tables, SumcheckOptions.Default, proverLog);
        GraphVerifier.Verify(statement, proof, verifierLog);
        return (proverLog, verifierLog, ModelFile.Digest(model));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ProverAndVerifierTranscriptsAgree(int seed)
    {
        (TranscriptRecorder prover, TranscriptRecorder verifier, _) = Record(seed);
        Assert.Equal(prover.Events, verifier.Events);
        Assert.Contains(prover.Events, e => e.Label == TranscriptLabels.GraphZeroCheckPoint);
    }

    [Fact]
    public void TheModelDigestIsTheContextRightAfterTheProtocolId()
    {
        (TranscriptRecorder prover, _, byte[] digest) = Record(-1);
        string[] labels = [.. prover.Events.Select(e => e.Label).Where(l => l != TranscriptLabels.Version && l != TranscriptLabels.ProtocolId)];
        Assert.Equal([TranscriptLabels.GraphStatement, TranscriptLabels.GraphContext, TranscriptLabels.GraphCircuitDigest], labels[..3]);
        TranscriptEvent context = prover.Events.First(e => e.Label == TranscriptLabels.GraphContext);
        Assert.Equal(digest.Length, context.Size);
    }
}
