using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Prover and verifier of the argmax, half-to-even requantize and scaled-sum layers make the same transcript calls in the same order.</summary>
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

    [Theory]
    [MemberData(nameof(Circuits))]
    public void ProverAndVerifierTranscriptsAgree(string name)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, Goldilocks[][] tables) = Build(name);
        GraphModel model = GraphModel.Public(circuit, tables);
        var rng = new Random(3);
        Goldilocks[] input = [.. Enumerable.Range(0, 32).Select(_ => Goldilocks.FromInt64(rng.Next(-1000, 1000)))];
        GraphValues values = GraphProver.Evaluate(circuit, input, model);
        GraphStatement statement = GraphStatement.For(circuit, input, values.Output, model);
        var prover = new TranscriptRecorder();
        var verifier = new TranscriptRecorder();
        GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default, prover), verifier);
        Assert.Equal(prover.Events, verifier.Events);
        if (name != "scaled-sum")
        {
            Assert.Contains(prover.Events, e => e.Label == TranscriptLabels.GraphZeroCheckPoint);
        }
    }
}
