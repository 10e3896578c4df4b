using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Prover and verifier of the argmax, half-to-even requantize and scaled-sum layers make the same transcript calls in the same order, and every value a layer sends is checked.</summary>
public class LayerTranscriptTests
{
    public static TheoryData<string> Circuits => ["argmax", "half-even", "half-even per channel", "scaled-sum"];

    private static (GraphCircuit Circuit, Goldilocks[][] Tables) Build(string name)
    {
        var b = new GraphCircuitBuilder(32);
        switch (name)
        {
            case "argmax":
                ArgmaxLayer.Add(b, PolynomialRef.Input, 1, 4, 10, 12);
                return (b.Build(), []);
            case "half-even":
                RequantizeLayer.Add(b, PolynomialRef.Input, 5, 3 << 20, null, 0, 0, 36, 1, RoundingMode.RoundHalfToEven);
                return (b.Build(), []);
            case "half-even per channel":
                PolynomialRef table = b.AddTable("multipliers", 2);
                PolynomialRef u = RequantizeLayer.Add(b, PolynomialRef.Input, 5, 0, table, 1, 2, 33, 0, RoundingMode.RoundHalfToEven);
                b.AddLayer(new SumLayer(u, u, 5));
                return (b.Build(), [[.. new long[] { 3 << 20, 5, 1 << 30, 7 }.Select(Goldilocks.FromInt64)]]);
            default:
                PolynomialRef s = b.AddLayer(new ScaledSumLayer(PolynomialRef.Input, PolynomialRef.Input, 3, -4, 5));
                b.AddLayer(new SumLayer(s, s, 5));
                return (b.Build(), []);
        }
    }

    private static (GraphStatement Statement, GraphValues Values, GraphModel Model) Honest(string name)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, Goldilocks[][] tables) = Build(name);
        GraphModel model = GraphModel.Public(circuit, tables);
        var rng = new Random(3);
        Goldilocks[] input = [.. Enumerable.Range(0, 32).Select(_ => Goldilocks.FromInt64(rng.Next(-1000, 1000)))];
        GraphValues values = GraphProver.Evaluate(circuit, input, model);
        return (GraphStatement.For(circuit, input, values.Output, model), values, model);
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void ProverAndVerifierTranscriptsAgree(string name)
    {
        (GraphStatement statement, GraphValues values, GraphModel model) = Honest(name);
        var prover = new TranscriptRecorder();
        var verifier = new TranscriptRecorder();
        GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default, prover), verifier);
        Assert.Equal(prover.Events, verifier.Events);
        if (name != "scaled-sum")
        {
            Assert.Contains(prover.Events, e => e.Label == TranscriptLabels.GraphZeroCheckPoint);
        }
    }

    /// <summary>
    /// Each value layer 0 sends, changed by one, is rejected: values that enter the layer's sumcheck claim fail its first
    /// round, values at ρ fail the final check, and the half-even per-claim values (absorbed before τ, α and the rounds'
    /// challenges) move every challenge, so the recorded rounds fail (their claims on witness columns would fail the opening too).
    /// </summary>
    [Theory]
    [MemberData(nameof(Circuits))]
    public void EveryEvaluationTheLayerSendsIsChecked(string name)
    {
        (GraphStatement statement, GraphValues values, GraphModel model) = Honest(name);
        GraphProof proof = GraphProver.Prove(statement, values, model, SumcheckOptions.Default);
        GkrLayerProof layer = proof.Layers[0];
        for (int j = 0; j < layer.Evaluations.Length; j++)
        {
            GkrLayerProof tampered = layer with { Evaluations = layer.Evaluations.SetItem(j, layer.Evaluations[j] + GoldilocksExt2.One) };
            GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, proof with { Layers = proof.Layers.SetItem(0, tampered) }));
            GkrRejection expected = name switch
            {
                "argmax" => j < 2 ? GkrRejection.SumcheckFailed : GkrRejection.LayerFinalMismatch,
                "scaled-sum" => GkrRejection.FinalInputMismatch,
                _ => j < layer.Evaluations.Length - ((RequantizeLayer)statement.Circuit.Layers[0]).Writes.Count - (name.EndsWith("channel", StringComparison.Ordinal) ? 2 : 1)
                    ? GkrRejection.SumcheckFailed : GkrRejection.LayerFinalMismatch,
            };
            Assert.Equal(expected, ex.Reason);
        }
    }
}
