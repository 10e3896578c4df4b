using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>2×2 max-pooling: completeness against a direct maximum, and the two attacks (a non-maximum, a value outside the window).</summary>
public class MaxPoolLayerTests
{
    private const int Outer = 1, H = 2, W = 1, Bits = 10; // 2 planes of 8 × 4 pooled to 4 × 2

    private static (GraphCircuit Circuit, long[] Input) Build(int seed)
    {
        var b = new GraphCircuitBuilder(1 << (Outer + H + W + 2));
        MaxPoolLayer.Add(b, PolynomialRef.Input, Outer, H, W, Bits);
        var rng = new Random(seed);
        return (b.Build(), [.. Enumerable.Range(0, 1 << (Outer + H + W + 2)).Select(_ => (long)rng.Next(-300, 300))]);
    }

    private static long[] Direct(long[] x)
    {
        int outW = 1 << W, outH = 1 << H, inW = 2 * outW, inH = 2 * outH;
        var result = new long[(1 << Outer) * outH * outW];
        for (int o = 0; o < 1 << Outer; o++)
        {
            for (int h = 0; h < outH; h++)
            {
                for (int w = 0; w < outW; w++)
                {
                    long best = long.MinValue;
                    for (int dh = 0; dh < 2; dh++)
                    {
                        for (int dw = 0; dw < 2; dw++)
                        {
                            best = Math.Max(best, x[(((o * inH) + (2 * h) + dh) * inW) + (2 * w) + dw]);
                        }
                    }

                    result[(((o * outH) + h) * outW) + w] = best;
                }
            }
        }

        return result;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void PoolingVerifiesAndEqualsTheWindowMaxima(int seed)
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, long[] input) = Build(seed);
        GraphProverResult result = GraphProver.Prove(circuit, [.. input.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(Direct(input), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
        Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit)).Digest.SequenceEqual(circuit.Digest));
    }

    private static ProofRejectedException Cheat(Func<long[], long, int, long> maximum)
    {
        (GraphCircuit circuit, long[] input) = Build(4);
        var layer = (MaxPoolLayer)circuit.Layers[0];
        GraphModel model = GraphModel.Public(circuit, []);
        GraphValues values = GraphProver.Evaluate(circuit, [.. input.Select(Goldilocks.FromInt64)], model, SumcheckOptions.Default, allowInvalidLookups: true);
        long[] honest = Direct(input);
        long[] claimed = [.. honest.Select((m, y) => maximum(input, m, y))];
        Goldilocks[] m = [.. claimed.Select(Goldilocks.FromInt64)];
        values.ReplaceWitness(layer.Maximum, m);
        values.SetLayer(0, m);
        for (int k = 0; k < 4; k++)
        {
            PolynomialRef d = layer.Writes[1 + k];
            Goldilocks[] x = [.. Enumerable.Range(0, m.Length).Select(y => m[y] - values.Get(PolynomialRef.Input)[WindowIndex(y, k)])];
            values.ReplaceWitness(d, x);
        }

        return CheatingProver.Rejection(circuit, [.. input.Select(Goldilocks.FromInt64)], model, values);
    }

    private static int WindowIndex(int y, int k)
    {
        int w = y & ((1 << W) - 1), rest = y >> W;
        return (((rest << 1) | (k >> 1)) << (W + 1)) | (w << 1) | (k & 1);
    }

    [Fact]
    public void ANonMaximumOfTheWindowIsRejectedByTheRangeCheck()
    {
        // The smallest window element instead of the largest: some difference is negative.
        ProofRejectedException ex = Cheat((x, m, y) => y == 3 ? Enumerable.Range(0, 4).Min(k => x[WindowIndex(y, k)]) : m);
        Assert.Equal(LookupRejection.SumMismatch, Assert.IsType<LookupRejectedException>(ex).Reason);
    }

    [Fact]
    public void AValueAboveTheWindowIsRejectedByTheZeroCheck()
    {
        // m + 1: every difference is positive and in range, but none is zero.
        ProofRejectedException ex = Cheat((x, m, y) => y == 5 ? m + 1 : m);
        GkrRejectedException gkr = Assert.IsType<GkrRejectedException>(ex);
        Assert.Contains(gkr.Reason, new[] { GkrRejection.SumcheckFailed, GkrRejection.LayerFinalMismatch });
        Assert.Equal(0, gkr.Layer);
    }
}
