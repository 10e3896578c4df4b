using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Reference;
using Gkr.Protocol;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>Argmax: completeness against the reference kernel (ties, negatives, padding), and one test per attack.</summary>
public class ArgmaxLayerTests
{
    private const int Bits = 12;

    private static (GraphCircuit Circuit, long[] Logits) Build(int seed, int rowVariables, int featureVariables, int features, int spread = 300)
    {
        var rng = new Random(seed);
        int width = 1 << featureVariables;
        long[] logits = [.. Enumerable.Range(0, (1 << rowVariables) * width).Select(x => (x % width) < features ? rng.Next(-spread, spread) : rng.Next(-100_000, 100_000))];
        for (int row = 0; row < 1 << rowVariables && features > 2; row++)
        {
            // A tie for the maximum in every other row: a later copy of the first maximum.
            if (row % 2 == 0)
            {
                int first = Enumerable.Range(0, features).MaxBy(i => logits[(row * width) + i]);
                int later = rng.Next(0, features);
                logits[(row * width) + later] = logits[(row * width) + first];
            }
        }

        var b = new GraphCircuitBuilder(logits.Length);
        ArgmaxLayer.Add(b, PolynomialRef.Input, rowVariables, featureVariables, features, Bits);
        return (b.Build(), logits);
    }

    /// <summary>ElementwiseKernels.Argmax's rule: the first index of the largest real logit.</summary>
    private static long[] Reference(long[] logits, int rowVariables, int featureVariables, int features)
    {
        int width = 1 << featureVariables;
        return [.. Enumerable.Range(0, 1 << rowVariables).Select(row =>
        {
            int best = 0;
            for (int i = 1; i < features; i++)
            {
                if (logits[(row * width) + i] > logits[(row * width) + best])
                {
                    best = i;
                }
            }

            return (long)best;
        })];
    }

    private static GraphProverResult ProveAndVerify(GraphCircuit circuit, long[] logits)
    {
        NeuralLayerKinds.EnsureRegistered();
        GraphProverResult result = GraphProver.Prove(circuit, [.. logits.Select(Goldilocks.FromInt64)], GraphModel.Public(circuit, []));
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        return result;
    }

    [Theory]
    [InlineData(1, 0, 4, 10)]
    [InlineData(2, 1, 4, 10)]
    [InlineData(3, 2, 4, 10)]
    [InlineData(4, 2, 1, 2)]
    [InlineData(5, 1, 0, 1)]
    [InlineData(6, 1, 10, 1000)]
    [InlineData(7, 2, 3, 5)]
    public void ArgmaxVerifiesAndMatchesTheReference(int seed, int rowVariables, int featureVariables, int features)
    {
        (GraphCircuit circuit, long[] logits) = Build(seed, rowVariables, featureVariables, features);
        GraphProverResult result = ProveAndVerify(circuit, logits);
        Assert.Equal(Reference(logits, rowVariables, featureVariables, features), result.Statement.ClaimedOutput.Select(v => v.ToInt64()));
        Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit)).Digest.SequenceEqual(circuit.Digest));
    }

    [Fact]
    public void TheReferenceRuleIsElementwiseKernelsArgmax()
    {
        // Same rule as the reference kernel on a row with three equal maxima and negatives.
        long[] row = [-5, 7, -9, 7, 7, -1, 0, 2];
        var tensor = new LayerTensor(ValueSpec.Accumulator(new TensorShape(8)), 1, null, row);
        Assert.Equal(ElementwiseKernels.Argmax(tensor)[0], Reference(row, 0, 3, 8)[0]);
        (GraphCircuit circuit, _) = Build(1, 0, 3, 8);
        Assert.Equal(1, ProveAndVerify(circuit, row).Statement.ClaimedOutput[0].ToInt64());
    }

    [Property(MaxTest = 20)]
    public void ArgmaxMatchesTheReferenceForRandomShapes(int seed, byte rows, byte featureBits, byte spread)
    {
        int r = rows % 3, f = featureBits % 6, features = 1 + (Math.Abs(seed % 997) % (1 << f));
        (GraphCircuit circuit, long[] logits) = Build(seed, r, f, features, 1 + spread);
        Assert.Equal(Reference(logits, r, f, features), ProveAndVerify(circuit, logits).Statement.ClaimedOutput.Select(v => v.ToInt64()));
    }

    [Fact]
    public void DescriptionKnownAnswerAndDecodeRefusals()
    {
        NeuralLayerKinds.EnsureRegistered();
        (GraphCircuit circuit, _) = Build(1, 1, 4, 10);
        var writer = new CircuitDescriptionWriter();
        circuit.Layers[0].WriteDescription(writer);
        Assert.Equal([1, 4, 10, 0, 0, 0, Bits], writer.ToArray());
        GraphLayer layer = circuit.Layers[0];
        var header = new GraphLayerHeader(1, layer.Reads, layer.Writes);
        Assert.IsType<ArgmaxLayer>(ArgmaxLayer.Kind.Decode(header, writer.ToArray()));
        Assert.Throws<MalformedCircuitException>(() => ArgmaxLayer.Kind.Decode(header, [1, 4, 17, 0, 0, 0, Bits])); // 17 features > 16
        Assert.Throws<MalformedCircuitException>(() => ArgmaxLayer.Kind.Decode(header, [1, 4, 0, 0, 0, 0, Bits]));
        Assert.Throws<MalformedCircuitException>(() => ArgmaxLayer.Kind.Decode(header, [2, 4, 10, 0, 0, 0, Bits]));
        Assert.Throws<MalformedCircuitException>(() => ArgmaxLayer.Kind.Decode(header, [1, 4, 10, 0, 0, 0]));
    }

    private const int R = 1, F = 4, Features = 10;

    /// <summary>Honest evaluation, then the cheating prover's e (per row) with k = Σ i·e and m = Σ e·L unless overridden, c = [i &lt; k] unless overridden, and g, d recomputed from them.</summary>
    private static ProofRejectedException Rejected(long[] logits, Func<int, long[], long[]> oneHot, Func<int, long, long>? maximum = null, Func<int, int, long, long>? flag = null)
    {
        NeuralLayerKinds.EnsureRegistered();
        var b = new GraphCircuitBuilder(logits.Length);
        ArgmaxLayer.Add(b, PolynomialRef.Input, R, F, Features, Bits);
        GraphCircuit circuit = b.Build();
        var layer = (ArgmaxLayer)circuit.Layers[0];
        GraphModel model = GraphModel.Public(circuit, []);
        Goldilocks[] input = [.. logits.Select(Goldilocks.FromInt64)];
        GraphValues values = GraphProver.Evaluate(circuit, input, model, SumcheckOptions.Default, allowInvalidLookups: true);
        int width = 1 << F, rows = 1 << R;
        Goldilocks[] e = new Goldilocks[rows * width], c = new Goldilocks[e.Length], g = new Goldilocks[e.Length], d = new Goldilocks[e.Length], m = new Goldilocks[rows], k = new Goldilocks[rows];
        for (int row = 0; row < rows; row++)
        {
            long[] honest = new long[width];
            honest[Reference(logits, R, F, Features)[row]] = 1;
            long[] ones = oneHot(row, honest);
            long kk = Enumerable.Range(0, width).Sum(i => i * ones[i]), mm = Enumerable.Range(0, width).Sum(i => ones[i] * logits[(row * width) + i]);
            mm = maximum?.Invoke(row, mm) ?? mm;
            (m[row], k[row]) = (Goldilocks.FromInt64(mm), Goldilocks.FromInt64(kk));
            for (int i = 0; i < width; i++)
            {
                int x = (row * width) + i;
                long before = flag?.Invoke(row, i, kk) ?? (i < kk ? 1 : 0);
                e[x] = Goldilocks.FromInt64(ones[i]);
                c[x] = Goldilocks.FromInt64(before);
                g[x] = Goldilocks.FromInt64(before == 1 ? kk - 1 - i : i - kk);
                d[x] = i < Features ? Goldilocks.FromInt64(mm - logits[x] - before) : Goldilocks.Zero;
            }
        }

        Goldilocks[][] columns = [e, c, g, d, m, k];
        for (int col = 0; col < 6; col++)
        {
            values.ReplaceWitness(layer.Writes[col], columns[col]);
        }

        values.SetLayer(0, k);
        return CheatingProver.Rejection(circuit, input, model, values);
    }

    /// <summary>Row 0: maximum 50 at 3 and again at 7, 40 at 5; row 1: maximum 9 at 0; padded features hold 1000.</summary>
    private static long[] Logits()
    {
        long[] row0 = [1, -2, 3, 50, -7, 40, 0, 50, 2, -30], row1 = [9, 8, -1, 2, 3, 4, 5, 6, 7, -9];
        return [.. row0, .. Enumerable.Repeat(1000L, 6), .. row1, .. Enumerable.Repeat(1000L, 6)];
    }

    private static long[] At(params (int Index, long Value)[] entries)
    {
        var e = new long[1 << F];
        foreach ((int i, long v) in entries)
        {
            e[i] = v;
        }

        return e;
    }

    private static void AssertRangeCheck(ProofRejectedException ex) => CheatingProver.AssertRangeCheck(ex);

    private static void AssertSumcheck(ProofRejectedException ex) => CheatingProver.AssertLayerSumcheck(ex, 0);

    [Fact]
    public void AClassThatIsNotTheMaximumIsRejected() =>
        AssertRangeCheck(Rejected(Logits(), (row, e) => row == 0 ? At((5, 1)) : e)); // d at 3 is 40 − 50 < 0

    [Fact]
    public void ALaterIndexAmongEqualMaximaIsRejected() =>
        AssertRangeCheck(Rejected(Logits(), (row, e) => row == 0 ? At((7, 1)) : e)); // d at 3 is 50 − 50 − [3 < 7] = −1

    [Fact]
    public void TwoOnesAreRejected() =>
        AssertSumcheck(Rejected(Logits(), (row, e) => row == 0 ? At((3, 1), (7, 1)) : e)); // Σ e = 2

    [Fact]
    public void ATwoAndAMinusOneAreRejected() =>
        AssertSumcheck(Rejected(Logits(), (row, e) => row == 0 ? At((3, 2), (4, -1)) : e)); // Σ e = 1, k = 2, m = 107 above every logit: only e's booleanity fails

    [Fact]
    public void AMaximumThatIsNoLogitIsRejected() =>
        AssertSumcheck(Rejected(Logits(), (_, e) => e, (row, m) => row == 1 ? m + 1 : m)); // d stays in range; m ≠ Σ e·L

    [Fact]
    public void AClassOnAPaddedFeatureIsRejected() =>
        AssertSumcheck(Rejected(Logits(), (row, e) => row == 1 ? At((12, 1)) : e)); // logit 1000 beats every real one; e is 1 on padding

    [Fact]
    public void ABeforeClassFlagCutShortToHideAnEarlierMaximumIsRejected() =>
        AssertRangeCheck(Rejected(Logits(), (row, e) => row == 0 ? At((7, 1)) : e, flag: (row, i, k) => row == 0 ? (i < 3 ? 1 : 0) : (i < k ? 1 : 0))); // d at 3 is 0, but the gap i − k at i = 3..6 is negative
}
