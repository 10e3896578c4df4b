using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>M_a·a + M_b·b: completeness with several claims, a changed output, a tampered ã(z), the description bytes.</summary>
public class ScaledSumLayerTests
{
    private const int Vars = 3;
    private const long Ma = 1_234_567, Mb = -987_654;

    /// <summary>a = input, b = input + input (a sum layer), out = M_a·a + M_b·b, read twice by two sum layers so it gets two claims.</summary>
    private static (GraphCircuit Circuit, long[] Input) Build(int seed)
    {
        var b = new GraphCircuitBuilder(1 << Vars);
        PolynomialRef doubled = b.AddLayer(new SumLayer(PolynomialRef.Input, PolynomialRef.Input, Vars));
        PolynomialRef scaled = b.AddLayer(new ScaledSumLayer(PolynomialRef.Input, doubled, Ma, Mb, Vars));
        PolynomialRef twice = b.AddLayer(new SumLayer(scaled, scaled, Vars));
        b.AddLayer(new SumLayer(twice, scaled, Vars));
        var rng = new Random(seed);
        return (b.Build(), [.. Enumerable.Range(0, 1 << Vars).Select(_ => (long)rng.Next(-1000, 1000))]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void ScaledSumVerifiesAndEqualsIntegerArithmetic(int seed)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(seed);
        Assert.Equal(3, circuit.ClaimCounts[1]);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(input.Select(x => 3 * ((Ma * x) + (Mb * 2 * x))), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
    }

    [Fact]
    public void AChangedClaimedOutputIsRejected()
    {
        (GraphCircuit circuit, long[] input) = Build(4);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        Goldilocks[] output = [.. result.Statement.ClaimedOutput];
        output[5] += Goldilocks.One;
        GraphStatement changed = GraphStatement.For(circuit, [.. input.Select(Goldilocks.FromInt64)], output, GraphModel.Public(circuit, []));
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(changed, result.Proof));
        Assert.Equal(GkrRejection.FinalInputMismatch, ex.Reason);
    }

    [Fact]
    public void ATamperedEvaluationOfAIsRejectedDownstream()
    {
        (GraphCircuit circuit, long[] input) = Build(5);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        GkrLayerProof layer = result.Proof.Layers[1];
        GkrLayerProof tampered = layer with { Evaluations = layer.Evaluations.SetItem(0, layer.Evaluations[0] + GoldilocksExt2.One) };
        GraphProof proof = result.Proof with { Layers = result.Proof.Layers.SetItem(1, tampered) };
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(result.Statement, proof));
        Assert.Equal(GkrRejection.FinalInputMismatch, ex.Reason);
    }

    [Fact]
    public void DescriptionIsTwoLittleEndianI64AndRoundTrips()
    {
        NeuralLayerKinds.EnsureRegistered();
        var writer = new CircuitDescriptionWriter();
        new ScaledSumLayer(PolynomialRef.Input, PolynomialRef.Input, 0x0102030405060708, -2, 2).WriteDescription(writer);
        Assert.Equal([8, 7, 6, 5, 4, 3, 2, 1, 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], writer.ToArray());
        (GraphCircuit circuit, _) = Build(6);
        GraphCircuit decoded = GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit));
        Assert.True(decoded.Digest.SequenceEqual(circuit.Digest));
        var layer = Assert.IsType<ScaledSumLayer>(decoded.Layers[1]);
        Assert.Equal((Ma, Mb), (layer.MultiplierA, layer.MultiplierB));
    }

    [Fact]
    public void ZeroMultipliersAndBadDescriptionsAreRefused()
    {
        NeuralLayerKinds.EnsureRegistered();
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledSumLayer(PolynomialRef.Input, PolynomialRef.Input, 1, 0, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ScaledSumLayer(PolynomialRef.Input, PolynomialRef.Input, 0, 1, 2));
        var header = new GraphLayerHeader(2, [PolynomialRef.Input, PolynomialRef.Input], []);
        Assert.Throws<MalformedCircuitException>(() => ScaledSumLayer.Kind.Decode(header, new byte[15]));
        Assert.Throws<MalformedCircuitException>(() => ScaledSumLayer.Kind.Decode(header, new byte[16]));
        byte[] ok = [1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0];
        Assert.IsType<ScaledSumLayer>(ScaledSumLayer.Kind.Decode(header, ok));
        Assert.Throws<MalformedCircuitException>(() => ScaledSumLayer.Kind.Decode(header with { Reads = [PolynomialRef.Input] }, ok));
    }
}
