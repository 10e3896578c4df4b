using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>The compact flatten: completeness with two claims and garbage in the image padding, a changed output, a cheated gather, the description.</summary>
public class CompactFlattenLayerTests
{
    /// <summary>Input images [C, H, W] padded, a compact flatten read twice (a sum layer of it with itself, then with it again: two claims).</summary>
    private static (GraphCircuit Circuit, long[] Input, long[] Expected) Build(int batchVars, int c, int h, int w, int seed)
    {
        int cv = WindowGeometry.Variables(c), hv = WindowGeometry.Variables(h), wv = WindowGeometry.Variables(w);
        int image = 1 << (cv + hv + wv);
        var b = new GraphCircuitBuilder((1 << batchVars) * image);
        var layer = new CompactFlattenLayer(PolynomialRef.Input, batchVars, c, h, w);
        PolynomialRef flat = b.AddLayer(layer);
        PolynomialRef twice = b.AddLayer(new SumLayer(flat, flat, layer.NumVariables));
        b.AddLayer(new SumLayer(twice, flat, layer.NumVariables));
        var rng = new Random(seed);
        long[] input = [.. Enumerable.Range(0, (1 << batchVars) * image).Select(_ => (long)rng.Next(-100_000, 100_000))]; // padding holds garbage too
        int row = 1 << layer.RowVariables;
        var expected = new long[(1 << batchVars) * row];
        for (int s = 0; s < 1 << batchVars; s++)
        {
            for (int i = 0; i < c * h * w; i++)
            {
                int cc = i / (h * w), hh = i / w % h, ww = i % w;
                expected[(s * row) + i] = 3 * input[(s * image) + (((((cc << hv) | hh) << wv) | ww))];
            }
        }

        return (b.Build(), input, expected);
    }

    [Theory]
    [InlineData(0, 16, 5, 5)]
    [InlineData(1, 3, 7, 2)]
    [InlineData(2, 1, 3, 3)]
    [InlineData(0, 5, 1, 1)]
    public void FlattenVerifiesAndEqualsTheRowMajorElements(int batchVars, int c, int h, int w)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input, long[] expected) = Build(batchVars, c, h, w, c + h + w);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(expected, result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
        Assert.Equal(circuit.Digest, GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit)).Digest);
    }

    [Property(MaxTest = 20)]
    public Property RandomShapesVerify(PositiveInt c, PositiveInt h, PositiveInt w, bool batched) => Prop.ToProperty(Check(1 + (c.Get % 6), 1 + (h.Get % 6), 1 + (w.Get % 6), batched ? 1 : 0));

    private static bool Check(int c, int h, int w, int batchVars)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input, long[] expected) = Build(batchVars, c, h, w, 7);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        return expected.SequenceEqual(result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
    }

    [Fact]
    public void AChangedOutputIsRejected()
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input, _) = Build(0, 16, 5, 5, 3);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        var output = result.Statement.ClaimedOutput.SetItem(7, result.Statement.ClaimedOutput[7] + Goldilocks.One);
        var changed = GraphStatement.For(circuit, result.Statement.PublicInput, output, GraphModel.Public(circuit, []));
        Assert.ThrowsAny<Protocol.ProofRejectedException>(() => GraphVerifier.Verify(changed, result.Proof));
    }

    [Fact]
    public void APaddedPositionPassedOffAsARealElementIsRejected()
    {
        // The prover "flattens" with element 0 taken from a padded image position (the gather the verifier checks says otherwise).
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input, _) = Build(0, 2, 3, 3, 5);
        GraphModel model = GraphModel.Public(circuit, []);
        Goldilocks[] x = [.. input.Select(Goldilocks.FromInt64)];
        GraphValues values = GraphProver.Evaluate(circuit, x, model);
        Goldilocks[] flat = (Goldilocks[])values.Get(PolynomialRef.Layer(0)).Clone();
        flat[0] = x[3]; // column 3 of row 0 is padding (W = 3 padded to 4)
        values.SetLayer(0, flat);
        Goldilocks[] twice = [.. flat.Select(v => v + v)];
        values.SetLayer(1, twice);
        values.SetLayer(2, [.. twice.Zip(flat, (a, b) => a + b)]);
        GraphStatement statement = GraphStatement.For(circuit, x, values.Output, model);
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, Protocol.Sumcheck.SumcheckOptions.Default)));
        Assert.Equal(GkrRejection.LayerFinalMismatch, ex.Reason); // the gather's final check: X̃(κ)·G̃(κ) is not the last round
    }

    [Fact]
    public void KindAndDescriptionAreKnown()
    {
        NeuralLayerKinds.EnsureRegistered();
        Assert.Equal(24, CompactFlattenLayer.Kind.Tag);
        Assert.Equal("flatten-compact", CompactFlattenLayer.Kind.Name);
        var writer = new CircuitDescriptionWriter();
        new CompactFlattenLayer(PolynomialRef.Input, 1, 16, 5, 300).WriteDescription(writer);
        Assert.Equal(new byte[] { 1, 15, 0, 4, 0, 43, 1 }, writer.ToArray());
    }
}
