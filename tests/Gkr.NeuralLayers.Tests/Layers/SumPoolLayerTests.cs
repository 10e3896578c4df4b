using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Sum pooling: completeness against a direct loop, the description bytes, and one test per attack.</summary>
public class SumPoolLayerTests
{
    private static (GraphCircuit Circuit, long[] Input) Build(WindowGeometry g, int seed, bool twoClaims)
    {
        long[] input = WindowTestData.Image(g, new Random(seed), 128);
        var b = new GraphCircuitBuilder(input.Length);
        PolynomialRef pool = b.AddLayer(new SumPoolLayer(PolynomialRef.Input, g));
        if (twoClaims)
        {
            b.AddLayer(new SumLayer(pool, pool, b.LayerAt(pool).NumVariables));
        }

        return (b.Build(), input);
    }

    /// <summary>Every channel, the padded ones included (they pool the padding's garbage).</summary>
    private static long[] Direct(WindowGeometry g, long[] x) =>
        WindowTestData.Window(g, x, 1 << g.ChannelVariables, g.ChannelVariables, _ => 0, (_, o) => [o], (_, _, _, _, v) => v);

    private static void ProveVerifyCompare(WindowGeometry g, int seed, bool twoClaims)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(g, seed, twoClaims);
        GraphProverResult result = GraphProver.Prove(circuit, WindowTestData.Field(input), GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(Direct(g, input), result.Values.Get(PolynomialRef.Layer(0)).Select(v => v.ToInt64()));
    }

    [Theory]
    [InlineData(0, 1, 4, 4, 2, 2, 2, 2, 0, 0, false)]
    [InlineData(0, 3, 5, 7, 3, 3, 2, 2, 0, 0, true)]
    [InlineData(1, 4, 6, 6, 3, 3, 1, 1, 1, 1, true)]
    [InlineData(1, 3, 7, 5, 5, 5, 1, 2, 2, 2, false)]
    [InlineData(0, 4, 5, 5, 1, 1, 1, 1, 0, 0, true)]
    [InlineData(0, 1, 1, 1, 1, 1, 1, 1, 0, 0, false)]
    public void PoolingVerifiesAndEqualsTheDirectLoop(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, bool twoClaims) =>
        ProveVerifyCompare(new WindowGeometry(batch, channels, h, w, kh, kw, sh, sw, ph, pw), h * 17 + w, twoClaims);

    [Property(MaxTest = 25)]
    public void RandomGeometriesVerifyAndEqualTheDirectLoop(byte seed, byte shape)
    {
        var rng = new Random(seed + (shape << 8));
        int kh = rng.Next(1, 4), kw = rng.Next(1, 4), ph = rng.Next(0, kh), pw = rng.Next(0, kw);
        int h = Math.Max(rng.Next(1, 7), kh - (2 * ph)), w = Math.Max(rng.Next(1, 7), kw - (2 * pw));
        ProveVerifyCompare(new WindowGeometry(rng.Next(0, 2), rng.Next(1, 4), h, w, kh, kw, rng.Next(1, 3), rng.Next(1, 3), ph, pw), seed, rng.Next(2) == 0);
    }

    [Fact]
    public void KindDescriptionAndDigestAreFixed()
    {
        NeuralLayerKinds.EnsureRegistered();
        Assert.Equal("sumpool2d", GraphLayerKinds.Get(20).Name);
        var writer = new CircuitDescriptionWriter();
        var g = new WindowGeometry(0, 64, 32, 32, 2, 2, 2, 2, 0, 0);
        new SumPoolLayer(PolynomialRef.Input, g).WriteDescription(writer);
        Assert.Equal((byte[])[0, 64, 0, 32, 0, 32, 0, 2, 0, 2, 0, 2, 0, 2, 0, 0, 0, 0, 0], writer.ToArray());
        (GraphCircuit circuit, _) = Build(new WindowGeometry(1, 3, 5, 7, 3, 3, 2, 1, 1, 1), 1, true);
        GraphCircuit decoded = GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit));
        Assert.True(decoded.Digest.SequenceEqual(circuit.Digest));
        Assert.Throws<MalformedCircuitException>(() => SumPoolLayer.Kind.Decode(new GraphLayerHeader(9, [PolynomialRef.Input], []), writer.ToArray()));
    }

    private static readonly WindowGeometry AttackGeometry = new(0, 2, 7, 7, 3, 3, 1, 1, 0, 0);

    [Fact]
    public void AChangedOutputValueIsRejected()
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(AttackGeometry, 3, false);
        GraphModel model = GraphModel.Public(circuit, []);
        GraphProverResult honest = GraphProver.Prove(circuit, WindowTestData.Field(input), model);
        Goldilocks[] output = [.. honest.Statement.ClaimedOutput];
        output[3] -= Goldilocks.One;
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(GraphStatement.For(circuit, WindowTestData.Field(input), output, model), honest.Proof));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
    }

    [Fact]
    public void AProofForAnotherPaddingIsRejectedUnderTheModelsCircuit()
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(AttackGeometry, 4, false);
        (GraphCircuit wrong, _) = Build(new WindowGeometry(0, 2, 7, 7, 3, 3, 1, 1, 1, 1), 4, false);
        Assert.False(wrong.Digest.SequenceEqual(circuit.Digest));
        GraphProverResult forged = GraphProver.Prove(wrong, WindowTestData.Field(input), GraphModel.Public(wrong, []));
        GraphStatement statement = GraphStatement.For(circuit, WindowTestData.Field(input), forged.Statement.ClaimedOutput, GraphModel.Public(circuit, []));
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, forged.Proof));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
    }

    [Fact]
    public void AnOutputComputedWithAnotherStrideIsRejected()
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(AttackGeometry, 5, false);
        GraphModel model = GraphModel.Public(circuit, []);
        GraphValues values = GraphProver.Evaluate(circuit, WindowTestData.Field(input), model, SumcheckOptions.Default, allowInvalidLookups: true);
        long[] wrong = Direct(new WindowGeometry(0, 2, 7, 7, 3, 3, 2, 2, 0, 0), input);
        var layer = new long[1 << circuit.Layers[0].NumVariables];
        for (int c = 0; c < 2; c++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    layer[WindowTestData.Index(1, 3, 3, 0, c, y, x)] = wrong[WindowTestData.Index(1, 2, 2, 0, c, y, x)];
                }
            }
        }

        values.SetLayer(0, WindowTestData.Field(layer));
        GraphStatement statement = GraphStatement.For(circuit, WindowTestData.Field(input), values.Output, model);
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
        Assert.Equal(GkrRejection.LayerFinalMismatch, ex.Reason);
    }
}
