using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Conv2d: completeness against a direct loop over many geometries, the description bytes, and one test per attack.</summary>
public class Conv2dLayerTests
{
    private sealed record Net(GraphCircuit Circuit, WindowGeometry Geometry, int OutChannels, long[] Input, long[] Weights, long[] Bias, Goldilocks[][] Tables);

    /// <summary>conv → sum(conv, conv) when <paramref name="twoClaims"/> (the convolution then receives two claims).</summary>
    private static Net Build(WindowGeometry g, int outChannels, int seed, bool twoClaims)
    {
        var rng = new Random(seed);
        int ov = WindowGeometry.Variables(outChannels), khp = 1 << g.KernelHeightVariables, kwp = 1 << g.KernelWidthVariables;
        var weights = new long[1 << (ov + g.ChannelVariables + g.KernelHeightVariables + g.KernelWidthVariables)];
        for (int o = 0; o < outChannels; o++)
        {
            for (int c = 0; c < g.Channels; c++)
            {
                for (int u = 0; u < khp; u++)
                {
                    for (int v = 0; v < kwp; v++)
                    {
                        // Padded kernel positions hold garbage too: the wiring never reads them.
                        weights[WindowTestData.Index(g.ChannelVariables, g.KernelHeightVariables, g.KernelWidthVariables, o, c, u, v)] = rng.Next(-128, 128);
                    }
                }
            }
        }

        long[] bias = [.. Enumerable.Range(0, 1 << ov).Select(o => o < outChannels ? (long)rng.Next(-5000, 5000) : 0)];
        long[] input = WindowTestData.Image(g, rng, 128);
        var b = new GraphCircuitBuilder(input.Length);
        PolynomialRef wt = b.AddTable("weights", WindowGeometry.Variables(weights.Length)), bt = b.AddTable("bias", ov);
        PolynomialRef conv = b.AddLayer(new Conv2dLayer(PolynomialRef.Input, wt, bt, g, outChannels));
        if (twoClaims)
        {
            b.AddLayer(new SumLayer(conv, conv, b.LayerAt(conv).NumVariables));
        }

        return new Net(b.Build(), g, outChannels, input, weights, bias, [WindowTestData.Field(weights), WindowTestData.Field(bias)]);
    }

    private static long[] Direct(Net n)
    {
        WindowGeometry g = n.Geometry;
        int ov = WindowGeometry.Variables(n.OutChannels);
        return WindowTestData.Window(g, n.Input, n.OutChannels, ov, o => n.Bias[o], (_, _) => Enumerable.Range(0, g.Channels),
            (o, c, u, v, x) => n.Weights[WindowTestData.Index(g.ChannelVariables, g.KernelHeightVariables, g.KernelWidthVariables, o, c, u, v)] * x);
    }

    private static void ProveVerifyCompare(Net n)
    {
        NeuralLayerKinds.EnsureRegistered();
        GraphModel model = GraphModel.Public(n.Circuit, n.Tables);
        GraphProverResult result = GraphProver.Prove(n.Circuit, WindowTestData.Field(n.Input), model);
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        long[] expected = Direct(n);
        Assert.Equal(expected, result.Values.Get(PolynomialRef.Layer(0)).Select(v => v.ToInt64()));
        if (n.Circuit.Layers.Length == 2)
        {
            Assert.Equal(expected.Select(v => 2 * v), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
        }
    }

    [Theory]
    [InlineData(0, 1, 4, 4, 3, 3, 1, 1, 1, 1, 2, false)] // VGG-style, tiny
    [InlineData(0, 3, 5, 7, 3, 3, 1, 1, 1, 1, 4, true)] // non-power-of-two plane, two claims
    [InlineData(1, 4, 6, 6, 3, 3, 2, 2, 0, 0, 3, true)] // batch 2, stride 2
    [InlineData(1, 3, 7, 5, 5, 5, 1, 2, 2, 2, 2, false)] // 5×5, padding 2, uneven strides
    [InlineData(0, 4, 5, 5, 1, 1, 1, 1, 0, 0, 5, true)] // 1×1 kernel
    [InlineData(0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, false)] // a single pixel: zero-round phase 1
    [InlineData(0, 2, 8, 3, 3, 2, 2, 1, 1, 0, 2, true)] // rectangular kernel
    public void ConvolutionVerifiesAndEqualsTheDirectLoop(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int outChannels, bool twoClaims) =>
        ProveVerifyCompare(Build(new WindowGeometry(batch, channels, h, w, kh, kw, sh, sw, ph, pw), outChannels, h * 31 + w, twoClaims));

    [Property(MaxTest = 25)]
    public void RandomGeometriesVerifyAndEqualTheDirectLoop(byte seed, byte shape)
    {
        var rng = new Random(seed + (shape << 8));
        int kh = rng.Next(1, 4), kw = rng.Next(1, 4);
        int h = rng.Next(1, 7), w = rng.Next(1, 7);
        int ph = rng.Next(0, kh), pw = rng.Next(0, kw);
        h = Math.Max(h, kh - (2 * ph));
        w = Math.Max(w, kw - (2 * pw));
        var g = new WindowGeometry(rng.Next(0, 2), rng.Next(1, 4), h, w, kh, kw, rng.Next(1, 3), rng.Next(1, 3), ph, pw);
        ProveVerifyCompare(Build(g, rng.Next(1, 4), seed, rng.Next(2) == 0));
    }

    [Fact]
    public void TheCircuitDigestRoundTrips()
    {
        NeuralLayerKinds.EnsureRegistered();
        Net n = Build(new WindowGeometry(1, 3, 5, 7, 3, 3, 2, 1, 1, 1), 4, 1, true);
        GraphCircuit decoded = GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(n.Circuit));
        Assert.True(decoded.Digest.SequenceEqual(n.Circuit.Digest));
        Assert.Equal(n.Geometry, ((Conv2dLayer)decoded.Layers[0]).Geometry);
    }

    [Fact]
    public void KindAndDescriptionBytesAreFixed()
    {
        NeuralLayerKinds.EnsureRegistered();
        GraphLayerKind kind = GraphLayerKinds.Get(19);
        Assert.Equal("conv2d", kind.Name);
        Assert.Equal(typeof(Conv2dLayer), kind.Type);
        var writer = new CircuitDescriptionWriter();
        new Conv2dLayer(PolynomialRef.Input, PolynomialRef.Table(0), PolynomialRef.Table(1), new WindowGeometry(1, 3, 300, 7, 3, 5, 1, 2, 1, 2), 64).WriteDescription(writer);
        Assert.Equal(
            (byte[])[1, 3, 0, 0x2C, 0x01, 7, 0, 3, 0, 5, 0, 1, 0, 2, 0, 1, 0, 2, 0, 64, 0],
            writer.ToArray());
    }

    [Fact]
    public void DecodingRefusesAnInconsistentDescription()
    {
        NeuralLayerKinds.EnsureRegistered();
        byte[] good = [0, 1, 0, 4, 0, 4, 0, 3, 0, 3, 0, 1, 0, 1, 0, 1, 0, 1, 0, 2, 0];
        var header = new GraphLayerHeader(5, [PolynomialRef.Input, PolynomialRef.Table(0), PolynomialRef.Table(1)], []);
        Assert.IsType<Conv2dLayer>(Conv2dLayer.Kind.Decode(header, good));
        Assert.Throws<MalformedCircuitException>(() => Conv2dLayer.Kind.Decode(header with { NumVariables = 6 }, good));
        Assert.Throws<MalformedCircuitException>(() => Conv2dLayer.Kind.Decode(header, good[..^1]));
        byte[] badPadding = (byte[])good.Clone();
        badPadding[15] = 3; // padding 3 with a 3×3 kernel
        Assert.Throws<MalformedCircuitException>(() => Conv2dLayer.Kind.Decode(header, badPadding));
    }

    [Fact]
    public void GeometryRefusesBadSizes()
    {
        Assert.Throws<ArgumentException>(() => new WindowGeometry(0, 0, 4, 4, 3, 3, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => new WindowGeometry(0, 1, 4, 4, 3, 3, 1, 1, 3, 1));
        Assert.Throws<ArgumentException>(() => new WindowGeometry(0, 1, 2, 2, 5, 5, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => new WindowGeometry(0, 1, 1 << 17, 4, 3, 3, 1, 1, 1, 1));
        Assert.Throws<ArgumentException>(() => new WindowGeometry(0, 1 << 16, 1 << 16, 1, 1, 1, 1, 1, 0, 0));
        var g = new WindowGeometry(0, 3, 32, 32, 3, 3, 1, 1, 1, 1);
        Assert.Equal((32, 32, 2, 5, 5, 2, 2), (g.OutHeight, g.OutWidth, g.ChannelVariables, g.OutHeightVariables, g.OutWidthVariables, g.KernelHeightVariables, g.KernelWidthVariables));
    }

    private static readonly WindowGeometry AttackGeometry = new(0, 2, 7, 7, 3, 3, 1, 1, 0, 0);

    [Fact]
    public void AChangedOutputValueIsRejected()
    {
        NeuralLayerKinds.EnsureRegistered();
        Net n = Build(AttackGeometry, 2, 5, false);
        GraphModel model = GraphModel.Public(n.Circuit, n.Tables);
        GraphProverResult honest = GraphProver.Prove(n.Circuit, WindowTestData.Field(n.Input), model);
        Goldilocks[] output = [.. honest.Statement.ClaimedOutput];
        output[9] += Goldilocks.One;
        GraphStatement statement = GraphStatement.For(n.Circuit, WindowTestData.Field(n.Input), output, model);
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, honest.Proof));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
        Assert.Equal(0, ex.Layer);
    }

    [Fact]
    public void AProofForAnotherPaddingIsRejectedUnderTheModelsCircuit()
    {
        // 7×7 with a 3×3 kernel: padding 0 gives 5×5, padding 1 gives 7×7, both in 8×8, so the proofs have one shape.
        NeuralLayerKinds.EnsureRegistered();
        Net n = Build(AttackGeometry, 2, 6, false);
        var padded = new WindowGeometry(0, 2, 7, 7, 3, 3, 1, 1, 1, 1);
        Net wrong = Build(padded, 2, 6, false);
        Assert.False(wrong.Circuit.Digest.SequenceEqual(n.Circuit.Digest));
        GraphProverResult forged = GraphProver.Prove(wrong.Circuit, WindowTestData.Field(wrong.Input), GraphModel.Public(wrong.Circuit, wrong.Tables));
        GraphStatement statement = GraphStatement.For(n.Circuit, WindowTestData.Field(n.Input), forged.Statement.ClaimedOutput, GraphModel.Public(n.Circuit, n.Tables));
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, forged.Proof));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
    }

    [Fact]
    public void AnOutputComputedWithAnotherStrideIsRejected()
    {
        NeuralLayerKinds.EnsureRegistered();
        Net n = Build(AttackGeometry, 2, 7, false);
        GraphModel model = GraphModel.Public(n.Circuit, n.Tables);
        GraphValues values = GraphProver.Evaluate(n.Circuit, WindowTestData.Field(n.Input), model, SumcheckOptions.Default, allowInvalidLookups: true);

        // Stride 2 gives 3×3 outputs; put them where the stride-1 layout has its first 3×3 and keep the layout.
        long[] wrong = Direct(n with { Geometry = new WindowGeometry(0, 2, 7, 7, 3, 3, 2, 2, 0, 0) });
        var layer = new long[1 << n.Circuit.Layers[0].NumVariables];
        for (int o = 0; o < 2; o++)
        {
            for (int y = 0; y < 3; y++)
            {
                for (int x = 0; x < 3; x++)
                {
                    layer[WindowTestData.Index(1, 3, 3, 0, o, y, x)] = wrong[WindowTestData.Index(1, 2, 2, 0, o, y, x)];
                }
            }
        }

        values.SetLayer(0, WindowTestData.Field(layer));
        GraphStatement statement = GraphStatement.For(n.Circuit, WindowTestData.Field(n.Input), values.Output, model);
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
        Assert.Equal(GkrRejection.LayerFinalMismatch, ex.Reason);
        Assert.Equal(0, ex.Layer);
    }

    [Fact]
    public void AChangedWeightIsRejectedByTheTableCheck()
    {
        // The prover proves with one weight changed; the verifier checks against the model's tables.
        NeuralLayerKinds.EnsureRegistered();
        Net n = Build(AttackGeometry, 2, 8, true);
        GraphModel model = GraphModel.Public(n.Circuit, n.Tables);
        Goldilocks[] changed = (Goldilocks[])n.Tables[0].Clone();
        changed[WindowTestData.Index(1, 2, 2, 1, 1, 2, 1)] += Goldilocks.One;
        GraphValues values = GraphProver.Evaluate(n.Circuit, WindowTestData.Field(n.Input), GraphModel.Public(n.Circuit, [changed, n.Tables[1]]), SumcheckOptions.Default, allowInvalidLookups: true);
        GraphStatement statement = GraphStatement.For(n.Circuit, WindowTestData.Field(n.Input), values.Output, model);
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
        Assert.Equal(GkrRejection.TableClaimMismatch, ex.Reason);
    }

    [Fact]
    public void NonZeroWeightsAtAPaddedChannelAreRefused()
    {
        Net n = Build(new WindowGeometry(0, 3, 4, 4, 3, 3, 1, 1, 1, 1), 2, 9, false);
        Goldilocks[] weights = (Goldilocks[])n.Tables[0].Clone();
        weights[WindowTestData.Index(2, 2, 2, 0, 3, 0, 0)] = Goldilocks.One; // channel 3 of 3
        Assert.Throws<InvalidOperationException>(() => GraphProver.Prove(n.Circuit, WindowTestData.Field(n.Input), GraphModel.Public(n.Circuit, [weights, n.Tables[1]])));
    }
}
