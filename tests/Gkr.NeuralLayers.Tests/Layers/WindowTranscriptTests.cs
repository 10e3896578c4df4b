using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>
/// The window layers chained (conv → window max-pool → sum-pool → sum, so the sum pool gets two claims): the proof verifies,
/// prover and verifier transcripts agree event by event, and each layer's absorbs and challenges come in the pinned order.
/// </summary>
public class WindowTranscriptTests
{
    private static (GraphStatement Statement, GraphValues Values, GraphModel Model) Chain()
    {
        NeuralLayerKinds.EnsureRegistered();
        var rng = new Random(21);
        var conv = new WindowGeometry(0, 3, 9, 9, 3, 3, 1, 1, 1, 1);
        long[] input = WindowTestData.Image(conv, rng, 3);
        var weights = new long[1 << (2 + 2 + 2 + 2)];
        for (int o = 0; o < 4; o++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int k = 0; k < 9; k++)
                {
                    weights[WindowTestData.Index(2, 2, 2, o, c, k / 3, k % 3)] = rng.Next(-3, 4);
                }
            }
        }

        var b = new GraphCircuitBuilder(input.Length);
        PolynomialRef wt = b.AddTable("weights", 8), bt = b.AddTable("bias", 2);
        PolynomialRef y = b.AddLayer(new Conv2dLayer(PolynomialRef.Input, wt, bt, conv, 4));
        PolynomialRef m = WindowMaxPoolLayer.Add(b, y, new WindowGeometry(0, 4, 9, 9, 3, 3, 2, 2, 0, 0), 10);
        PolynomialRef s = b.AddLayer(new SumPoolLayer(m, new WindowGeometry(0, 4, 4, 4, 2, 2, 2, 2, 0, 0)));
        b.AddLayer(new SumLayer(s, s, b.LayerAt(s).NumVariables));
        GraphCircuit circuit = b.Build();
        GraphModel model = GraphModel.Public(circuit, [WindowTestData.Field(weights), WindowTestData.Field([5, -7, 0, 2])]);
        GraphValues values = GraphProver.Evaluate(circuit, WindowTestData.Field(input), model);
        return (GraphStatement.For(circuit, WindowTestData.Field(input), values.Output, model), values, model);
    }

    private static (TranscriptRecorder Prover, TranscriptRecorder Verifier) Record()
    {
        (GraphStatement statement, GraphValues values, GraphModel model) = Chain();
        var prover = new TranscriptRecorder();
        var verifier = new TranscriptRecorder();
        GraphProof proof = GraphProver.Prove(statement, values, model, SumcheckOptions.Default, prover);
        GraphVerifier.Verify(statement, proof, verifier);
        GraphVerifier.Verify(statement, GraphProofEncoding.Encode(proof));
        return (prover, verifier);
    }

    [Fact]
    public void ProverAndVerifierTranscriptsAgree()
    {
        (TranscriptRecorder prover, TranscriptRecorder verifier) = Record();
        Assert.Equal(prover.Events, verifier.Events);
    }

    /// <summary>Layer <paramref name="layer"/>'s events (after its graph/layer absorb, up to the next layer or the witness opening), the sumcheck rounds folded into one "rounds" entry.</summary>
    private static string[] LayerEvents(TranscriptRecorder log, int layer)
    {
        var events = log.Events.ToList();
        int output = events.FindLastIndex(e => e.Label == TranscriptLabels.GraphOutputPoint);
        int[] layerStarts = [.. Enumerable.Range(output, events.Count - output).Where(i => events[i].Label == TranscriptLabels.GraphLayer)];
        int start = layerStarts[3 - layer]; // the walk runs from the last layer (3) down
        var result = new List<string>();
        for (int i = start + 1; i < events.Count && events[i].Label != TranscriptLabels.GraphLayer && !events[i].Label.StartsWith("pcs/", StringComparison.Ordinal); i++)
        {
            string label = events[i].Label is TranscriptLabels.SumcheckRoundPolynomial or TranscriptLabels.SumcheckRoundChallenge ? "rounds" : $"{events[i].Operation} {events[i].Label}";
            if (result.Count == 0 || result[^1] != label || label != "rounds")
            {
                result.Add(label);
            }
        }

        return [.. result];
    }

    [Fact]
    public void EachWindowLayerAbsorbsBeforeItsNextChallenge()
    {
        (TranscriptRecorder log, _) = Record();
        string absorb = $"Absorb {TranscriptLabels.GkrLayerEvaluations}", weight = $"Challenge {TranscriptLabels.GraphClaimWeight}";

        // Sum pool, two claims: the walk's claim weight, one sumcheck, X̃(ρ).
        Assert.Equal([weight, "rounds", absorb], LayerEvents(log, 2));

        // Window max pool: τ, the zero-check, d̃_k and m̃ at ρ, μ, the gather sumcheck, X̃(ρ′).
        Assert.Equal([$"Challenge {TranscriptLabels.GraphZeroCheckPoint}", "rounds", absorb, weight, "rounds", absorb], LayerEvents(log, 1));

        // Conv, one claim (from the max pool's gather): β, the weight sumcheck, W̃ and Z̃, the window sumcheck, X̃ (no λ for one claim).
        Assert.Equal([absorb, "rounds", absorb, "rounds", absorb], LayerEvents(log, 0));
    }

    /// <summary>
    /// Each value a window layer sends, changed by one, is rejected with the check it enters: the conv's β_j enters the
    /// weight sumcheck's claim (its first round fails), W̃, Z̃ and X̃ the final checks; the max pool's d̃_k the zero-check's
    /// final check, m̃(ρ) the gather sumcheck's claim, X̃ its final check; the sum pool's X̃ its final check.
    /// </summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void EveryEvaluationAWindowLayerSendsIsChecked(int index)
    {
        (GraphStatement statement, GraphValues values, GraphModel model) = Chain();
        GraphProof proof = GraphProver.Prove(statement, values, model, SumcheckOptions.Default);
        GkrLayerProof layer = proof.Layers[index];
        for (int j = 0; j < layer.Evaluations.Length; j++)
        {
            GkrLayerProof tampered = layer with { Evaluations = layer.Evaluations.SetItem(j, layer.Evaluations[j] + GoldilocksExt2.One) };
            GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, proof with { Layers = proof.Layers.SetItem(index, tampered) }));
            bool entersAClaim = (index == 0 && j == 0) || (index == 1 && j == layer.Evaluations.Length - 2);
            Assert.Equal(entersAClaim ? GkrRejection.SumcheckFailed : GkrRejection.LayerFinalMismatch, ex.Reason);
            Assert.Equal(index, ex.Layer);
        }
    }
}
