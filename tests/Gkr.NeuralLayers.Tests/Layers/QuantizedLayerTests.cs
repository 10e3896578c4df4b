using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.Protocol;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Dense → requantize → ReLU (clamp) as a graph circuit: completeness against integer arithmetic, and attacks on the rounding.</summary>
public class QuantizedLayerTests
{
    private const int Batch = 1, In = 3, Out = 2; // log2 sizes: 2 rows, 8 inputs, 4 outputs

    private sealed record Net(GraphCircuit Circuit, Goldilocks[][] Tables, long[] Input, long[] W, long[] Bias, long[] Multipliers, int Shift, long ZeroPoint);

    private static Net Build(int seed, bool perChannel)
    {
        var rng = new Random(seed);
        int rows = 1 << Batch, ins = 1 << In, outs = 1 << Out;
        long[] input = [.. Enumerable.Range(0, rows * ins).Select(_ => (long)rng.Next(-128, 128))];
        long[] w = [.. Enumerable.Range(0, outs * ins).Select(_ => (long)rng.Next(-128, 128))];
        long[] bias = [.. Enumerable.Range(0, outs).Select(_ => (long)rng.Next(-5000, 5000))];
        long[] multipliers = [.. Enumerable.Range(0, perChannel ? outs : 1).Select(_ => (long)rng.Next(1 << 29, int.MaxValue))];
        int shift = 31 + rng.Next(5, 10);
        long zeroPoint = rng.Next(-3, 4);

        var b = new GraphCircuitBuilder(rows * ins);
        PolynomialRef wt = b.AddTable("weights", Out + In), bt = b.AddTable("bias", Out);
        PolynomialRef? mt = perChannel ? b.AddTable("multipliers", Out) : null;
        PolynomialRef acc = b.AddLayer(new DenseLayer(PolynomialRef.Input, wt, bt, Batch, In, Out));
        PolynomialRef u = RequantizeLayer.Add(b, acc, Batch + Out, multipliers[0], mt, 0, perChannel ? Out : 0, shift, zeroPoint);
        b.AddClamp(u, 12, 0, 127);
        Goldilocks[] F(long[] v) => [.. v.Select(Goldilocks.FromInt64)];
        Goldilocks[][] tables = perChannel ? [F(w), F(bias), F(multipliers)] : [F(w), F(bias)];
        return new Net(b.Build(), tables, input, w, bias, multipliers, shift, zeroPoint);
    }

    private static long[] Reference(Net n)
    {
        int rows = 1 << Batch, ins = 1 << In, outs = 1 << Out;
        var result = new long[rows * outs];
        for (int r = 0; r < rows; r++)
        {
            for (int o = 0; o < outs; o++)
            {
                long acc = n.Bias[o];
                for (int i = 0; i < ins; i++)
                {
                    acc += n.Input[(r * ins) + i] * n.W[(o * ins) + i];
                }

                long m = n.Multipliers[n.Multipliers.Length == 1 ? 0 : o];
                long q = (long)((((Int128)acc * m) + (Int128.One << (n.Shift - 1))) >> n.Shift) + n.ZeroPoint;
                result[(r * outs) + o] = Math.Clamp(q, 0, 127);
            }
        }

        return result;
    }

    [Theory]
    [InlineData(1, false, false)]
    [InlineData(2, true, false)]
    [InlineData(3, false, true)]
    [InlineData(4, true, true)]
    public void DenseRequantizeReluVerifiesAndMatchesIntegerArithmetic(int seed, bool perChannel, bool committed)
    {
        NeuralLayerKinds.EnsureRegistered();
        Net n = Build(seed, perChannel);
        GraphModel model = committed ? GraphModel.Commit(n.Circuit, n.Tables) : GraphModel.Public(n.Circuit, n.Tables);
        GraphProverResult result = GraphProver.Prove(n.Circuit, [.. n.Input.Select(Goldilocks.FromInt64)], model);
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(Reference(n), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
        Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(n.Circuit)).Digest.SequenceEqual(n.Circuit.Digest));
    }

    /// <summary>Honest evaluation, then a change to the values the cheating prover commits to and proves from.</summary>
    private static void RejectedAfter(bool perChannel, Action<GraphValues, Net> tamper, LookupRejection reason)
    {
        Net n = Build(7, perChannel);
        GraphModel model = GraphModel.Public(n.Circuit, n.Tables);
        GraphValues values = GraphProver.Evaluate(n.Circuit, [.. n.Input.Select(Goldilocks.FromInt64)], model, SumcheckOptions.Default, allowInvalidLookups: true);
        tamper(values, n);
        GraphStatement statement = GraphStatement.For(n.Circuit, [.. n.Input.Select(Goldilocks.FromInt64)], values.Output, model);
        LookupRejectedException ex = Assert.Throws<LookupRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
        Assert.Equal(reason, ex.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void QuotientOffByOneWithTheRemainderMovedNegativeIsRejected(bool perChannel) =>
        RejectedAfter(perChannel, (v, n) =>
        {
            // u + 1 at element 2, remainder − 2^S: the top limb goes negative (p − something), out of its range.
            var requantize = (RequantizeLayer)n.Circuit.Layers[1];
            Goldilocks[] u = (Goldilocks[])v.Get(PolynomialRef.Layer(1)).Clone();
            u[2] += Goldilocks.One;
            v.SetLayer(1, u);
            PolynomialRef top = requantize.Writes[^1];
            Goldilocks[] limb = (Goldilocks[])v.Get(top).Clone();
            limb[2] -= Goldilocks.FromUInt64(1UL << RequantizeLayer.LimbWidth(requantize.TotalShift, requantize.Writes.Count - 1));
            v.ReplaceWitness(top, limb);
        }, LookupRejection.SumMismatch);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ARemainderOfTwoToTheSOrMoreIsRejected(bool perChannel) =>
        RejectedAfter(perChannel, (v, n) =>
        {
            // u − 1 at element 1, remainder + 2^S (exactly 2^S where the honest remainder is 0): the top limb reaches 2^width.
            var requantize = (RequantizeLayer)n.Circuit.Layers[1];
            Goldilocks[] u = (Goldilocks[])v.Get(PolynomialRef.Layer(1)).Clone();
            u[1] -= Goldilocks.One;
            v.SetLayer(1, u);
            var clamp = (Protocol.Graph.Layers.ClampLayer)n.Circuit.Layers[2];
            Goldilocks[] y = [.. u.Select(x => Goldilocks.FromInt64(Math.Clamp(x.ToInt64(), 0, 127)))];
            v.ReplaceWitness(clamp.Column, y);
            v.SetLayer(2, y); // the clamp stays consistent: only the remainder's range check can catch this
            PolynomialRef top = requantize.Writes[^1];
            Goldilocks[] limb = (Goldilocks[])v.Get(top).Clone();
            limb[1] += Goldilocks.FromUInt64(1UL << RequantizeLayer.LimbWidth(requantize.TotalShift, requantize.Writes.Count - 1));
            v.ReplaceWitness(top, limb);
        }, LookupRejection.SumMismatch);

    [Theory]
    [InlineData(16, new[] { 16 })]
    [InlineData(17, new[] { 9, 8 })]
    [InlineData(24, new[] { 12, 12 })]
    [InlineData(41, new[] { 14, 14, 13 })]
    [InlineData(62, new[] { 16, 16, 15, 15 })]
    public void RemaindersSplitIntoEvenLimbs(int bits, int[] widths)
    {
        Assert.Equal(widths, Enumerable.Range(0, RequantizeLayer.LimbCount(bits)).Select(l => RequantizeLayer.LimbWidth(bits, l)));
        Assert.Equal(widths.Select((_, l) => widths.Take(l).Sum()), Enumerable.Range(0, widths.Length).Select(l => RequantizeLayer.LimbOffset(bits, l)));
    }

    [Fact]
    public void ReluOutputLeftNegativeIsRejected() =>
        RejectedAfter(false, (v, n) =>
        {
            var clamp = (Protocol.Graph.Layers.ClampLayer)n.Circuit.Layers[2];
            Goldilocks[] y = (Goldilocks[])v.Get(clamp.Column).Clone();
            int at = Array.FindIndex(y, c => c.IsZero);
            Assert.True(at >= 0, "no clamped-to-zero output to cheat on");
            y[at] = Goldilocks.FromInt64(-5);
            v.ReplaceWitness(clamp.Column, y);
            v.SetLayer(2, y);
        }, LookupRejection.SumMismatch);

    [Fact]
    public void OverflowingRequantizationIsRefusedBeforeProving()
    {
        var b = new GraphCircuitBuilder(4);
        RequantizeLayer.Add(b, PolynomialRef.Input, 2, (1L << 31) - 1, null, 0, 0, 40, 0);
        GraphCircuit circuit = b.Build();
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() =>
            GraphProver.Prove(circuit, [Goldilocks.FromInt64(1L << 40), Goldilocks.One, Goldilocks.One, Goldilocks.One], GraphModel.Public(circuit, [])));
        Assert.Contains("overflow analysis", ex.Message);
    }
}
