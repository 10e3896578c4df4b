using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Tests.Gkr;

/// <summary>
/// The layer seam: a new layer kind (element-wise square) written against the public API only —
/// <see cref="CircuitLayer"/>, <see cref="ILayerReducer"/>, <see cref="LayerSumcheck"/> — mixes with the built-in kinds.
/// </summary>
public class CustomLayerTests
{
    private static LayeredCircuit Circuit() => new CircuitBuilder(32)
        .AddGates(SampleCircuits.RandomGates(new Random(4), 32, 32))
        .AddLayer(new SquareLayer(5))
        .AddMatMul(new MatrixSlice(0, 4, 4), new MatrixSlice(16, 4, 4))
        .AddGates([Gate.Add(0, 1), Gate.Mul(2, 3), Gate.Relay(15)])
        .Build();

    [Fact]
    public void MixedCircuitWithACustomLayerVerifies()
    {
        LayeredCircuit circuit = Circuit();
        GkrProverResult result = GkrCompletenessTests.ProveAndVerify(circuit, 3);
        Goldilocks x = result.Values.Layer(0)[7];
        Assert.Equal(x * x, result.Values.Layer(1)[7]);
    }

    [Fact]
    public void TamperedCustomLayerEvaluationIsRejectedByItsFinalCheck()
    {
        GkrProverResult honest = GkrProver.Prove(Circuit(), SampleCircuits.RandomValues(3, 32));
        GkrLayerProof original = honest.Proof.Layers[1];
        var tampered = original with { Evaluations = [original.Evaluations[0] + GoldilocksExt2.One] };
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() =>
            GkrVerifier.Verify(honest.Statement, new GkrProof(honest.Proof.Layers.SetItem(1, tampered))));
        Assert.Equal(GkrRejection.LayerFinalMismatch, ex.Reason);
        Assert.Equal(1, ex.Layer);
    }
}
