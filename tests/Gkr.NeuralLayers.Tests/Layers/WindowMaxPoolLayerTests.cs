using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Window max pooling: completeness against a direct maximum, the description bytes, and one test per attack.</summary>
public class WindowMaxPoolLayerTests
{
    private const int Bits = 10;

    private static (GraphCircuit Circuit, long[] Input) Build(WindowGeometry g, int seed, bool twoClaims)
    {
        long[] input = WindowTestData.Image(g, new Random(seed), 128);
        var b = new GraphCircuitBuilder(input.Length);
        PolynomialRef pool = WindowMaxPoolLayer.Add(b, PolynomialRef.Input, g, Bits);
        if (twoClaims)
        {
            b.AddLayer(new SumLayer(pool, pool, b.LayerAt(pool).NumVariables));
        }

        return (b.Build(), input);
    }

    /// <summary>The window maxima of the real channels, 0 at padded positions.</summary>
    private static long[] Direct(WindowGeometry g, long[] x)
    {
        var result = new long[1 << (g.BatchVariables + g.ChannelVariables + g.OutHeightVariables + g.OutWidthVariables)];
        for (int b = 0; b < 1 << g.BatchVariables; b++)
        {
            for (int c = 0; c < g.Channels; c++)
            {
                for (int y = 0; y < g.OutHeight; y++)
                {
                    for (int xo = 0; xo < g.OutWidth; xo++)
                    {
                        long best = long.MinValue;
                        for (int u = 0; u < g.KernelHeight; u++)
                        {
                            for (int v = 0; v < g.KernelWidth; v++)
                            {
                                best = Math.Max(best, x[WindowTestData.Index(g.ChannelVariables, g.InHeightVariables, g.InWidthVariables, b, c, (y * g.StrideHeight) + u, (xo * g.StrideWidth) + v)]);
                            }
                        }

                        result[WindowTestData.Index(g.ChannelVariables, g.OutHeightVariables, g.OutWidthVariables, b, c, y, xo)] = best;
                    }
                }
            }
        }

        return result;
    }

    private static void ProveVerifyCompare(WindowGeometry g, int seed, bool twoClaims)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(g, seed, twoClaims);
        GraphProverResult result = GraphProver.Prove(circuit, WindowTestData.Field(input), GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(Direct(g, input), result.Values.Get(PolynomialRef.Layer(0)).Select(v => v.ToInt64()));
    }

    [Theory]
    [InlineData(0, 1, 4, 4, 2, 2, 2, 2, false)]
    [InlineData(0, 3, 7, 7, 3, 3, 2, 2, true)] // 3×3 stride 2
    [InlineData(1, 4, 6, 5, 3, 3, 2, 2, true)]
    [InlineData(1, 3, 5, 7, 2, 3, 1, 2, false)]
    [InlineData(0, 2, 5, 5, 1, 1, 1, 1, true)]
    [InlineData(0, 2, 6, 6, 2, 2, 2, 2, true)]
    public void PoolingVerifiesAndEqualsTheWindowMaxima(int batch, int channels, int h, int w, int kh, int kw, int sh, int sw, bool twoClaims) =>
        ProveVerifyCompare(new WindowGeometry(batch, channels, h, w, kh, kw, sh, sw, 0, 0), h * 13 + w, twoClaims);

    [Property(MaxTest = 20)]
    public void RandomGeometriesVerifyAndEqualTheWindowMaxima(byte seed, byte shape)
    {
        var rng = new Random(seed + (shape << 8));
        int kh = rng.Next(1, 4), kw = rng.Next(1, 4);
        ProveVerifyCompare(new WindowGeometry(rng.Next(0, 2), rng.Next(1, 4), rng.Next(kh, 7), rng.Next(kw, 7), kh, kw, rng.Next(1, 3), rng.Next(1, 3), 0, 0), seed, rng.Next(2) == 0);
    }

    [Fact]
    public void KindDescriptionAndDigestAreFixed()
    {
        NeuralLayerKinds.EnsureRegistered();
        Assert.Equal("maxpool-window", GraphLayerKinds.Get(23).Name);
        Assert.Equal("maxpool2x2", GraphLayerKinds.Get(18).Name);
        var g = new WindowGeometry(0, 64, 32, 32, 3, 3, 2, 2, 0, 0);
        var writer = new CircuitDescriptionWriter();
        new WindowMaxPoolLayer(PolynomialRef.Input, PolynomialRef.Witness(0), [.. Enumerable.Range(1, 9).Select(PolynomialRef.Witness)], g, 9).WriteDescription(writer);
        Assert.Equal((byte[])[0, 64, 0, 32, 0, 32, 0, 3, 0, 3, 0, 2, 0, 2, 0, 0, 0, 0, 0, 9], writer.ToArray());
        (GraphCircuit circuit, _) = Build(new WindowGeometry(1, 3, 7, 7, 3, 3, 2, 2, 0, 0), 1, true);
        Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit)).Digest.SequenceEqual(circuit.Digest));
        Assert.Throws<ArgumentException>(() => WindowMaxPoolLayer.Add(new GraphCircuitBuilder(64), PolynomialRef.Input, new WindowGeometry(0, 1, 8, 8, 3, 3, 2, 2, 1, 1), Bits));
    }

    private static readonly WindowGeometry AttackGeometry = new(0, 2, 7, 7, 3, 3, 2, 2, 0, 0);

    /// <summary>x_k at output y (the 2 × 4 × 4 layout of the 3 × 3 real outputs), k = u·3 + v; 0 at padded outputs.</summary>
    private static long WindowValue(long[] input, int y, int k)
    {
        int c = y >> 4, oy = (y >> 2) & 3, ox = y & 3;
        return oy < 3 && ox < 3 ? input[WindowTestData.Index(1, 3, 3, 0, c, (2 * oy) + (k / 3), (2 * ox) + (k % 3))] : 0;
    }

    private static ProofRejectedException Cheat(Func<long[], long, int, long> maximum, int at)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(AttackGeometry, 4, false);
        var layer = (WindowMaxPoolLayer)circuit.Layers[0];
        GraphModel model = GraphModel.Public(circuit, []);
        GraphValues values = GraphProver.Evaluate(circuit, WindowTestData.Field(input), model, SumcheckOptions.Default, allowInvalidLookups: true);
        Goldilocks[] m = (Goldilocks[])values.Get(layer.Maximum).Clone();
        m[at] = Goldilocks.FromInt64(maximum(input, m[at].ToInt64(), at));
        values.ReplaceWitness(layer.Maximum, m);
        values.SetLayer(0, m);
        for (int k = 0; k < 9; k++)
        {
            Goldilocks[] d = (Goldilocks[])values.Get(layer.Differences[k]).Clone();
            d[at] = m[at] - Goldilocks.FromInt64(WindowValue(input, at, k));
            values.ReplaceWitness(layer.Differences[k], d);
        }

        for (int l = 0; l < circuit.Lookups.Length; l++)
        {
            values.ReplaceWitness(circuit.Lookups[l].Multiplicities, LookupProver.Multiplicities(l, circuit.Lookups[l], values, allowInvalid: true));
        }

        GraphStatement statement = GraphStatement.For(circuit, WindowTestData.Field(input), values.Output, model);
        return Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
    }

    [Fact]
    public void ANonMaximumOfTheWindowIsRejectedByTheRangeCheck()
    {
        // Output (0, 1, 2) claims its window's minimum: some difference is negative.
        int at = (1 * 4) + 2;
        ProofRejectedException ex = Cheat((x, _, y) => Enumerable.Range(0, 9).Min(k => WindowValue(x, y, k)), at);
        Assert.Equal(LookupRejection.SumMismatch, Assert.IsType<LookupRejectedException>(ex).Reason);
    }

    [Fact]
    public void AValueNotInTheWindowIsRejectedByTheZeroCheck()
    {
        // m + 1: every difference positive and in range, none zero.
        ProofRejectedException ex = Cheat((_, m, _) => m + 1, 21);
        GkrRejectedException gkr = Assert.IsType<GkrRejectedException>(ex);
        Assert.Contains(gkr.Reason, new[] { GkrRejection.SumcheckFailed, GkrRejection.LayerFinalMismatch });
        Assert.Equal(0, gkr.Layer);
    }

    [Fact]
    public void AnOutputComputedWithAnotherStrideIsRejected()
    {
        // Stride 1 maxima (5×5, the first 3×3 kept) in place of stride 2's, the differences recomputed from them.
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(AttackGeometry, 6, false);
        long[] strideOne = Direct(new WindowGeometry(0, 2, 7, 7, 3, 3, 1, 1, 0, 0), input);
        var layer = (WindowMaxPoolLayer)circuit.Layers[0];
        GraphModel model = GraphModel.Public(circuit, []);
        GraphValues values = GraphProver.Evaluate(circuit, WindowTestData.Field(input), model, SumcheckOptions.Default, allowInvalidLookups: true);
        var m = new Goldilocks[values.Get(layer.Maximum).Length];
        for (int y = 0; y < m.Length; y++)
        {
            int c = y >> 4, oy = (y >> 2) & 3, ox = y & 3;
            m[y] = oy < 3 && ox < 3 ? Goldilocks.FromInt64(strideOne[WindowTestData.Index(1, 3, 3, 0, c, oy, ox)]) : Goldilocks.Zero;
        }

        values.ReplaceWitness(layer.Maximum, m);
        values.SetLayer(0, m);
        for (int k = 0; k < 9; k++)
        {
            values.ReplaceWitness(layer.Differences[k], [.. Enumerable.Range(0, m.Length).Select(y => m[y] - Goldilocks.FromInt64(WindowValue(input, y, k)))]);
        }

        for (int l = 0; l < circuit.Lookups.Length; l++)
        {
            values.ReplaceWitness(circuit.Lookups[l].Multiplicities, LookupProver.Multiplicities(l, circuit.Lookups[l], values, allowInvalid: true));
        }

        GraphStatement statement = GraphStatement.For(circuit, WindowTestData.Field(input), values.Output, model);
        ProofRejectedException ex = Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
        Assert.IsType<LookupRejectedException>(ex);
    }
}
