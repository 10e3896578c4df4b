using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Compiler;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Reference;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Tests.Compiler;

/// <summary>
/// <see cref="ModelCircuit"/>: random small MLPs compile to circuits whose proofs verify in public and committed
/// mode and whose claimed outputs equal <see cref="ReferenceInference"/> bit for bit; a changed weight against the
/// honest commitment is rejected; layers outside the subset are refused by name.
/// </summary>
public class ModelCircuitTests
{
    /// <summary>Seeds of the random MLPs (a seeded loop rather than FsCheck keeps CI time fixed).</summary>
    public static TheoryData<int> Seeds => [.. Enumerable.Range(0, SeedCount)];

    private const int SeedCount = 32;

    private static QuantizedType RandomType(Random rng) => rng.Next(2) == 0 ? QuantizedType.Int8 : QuantizedType.UInt8;

    /// <summary>
    /// 1–3 Dense + Requantize pairs (sometimes a final Dense of logits), features 1..40, random int8/uint8 types and
    /// zero points, per-tensor or per-channel scales with 6..31 significant bits each (so channels' reduced shifts differ), sometimes a fused ReLU, and
    /// Reshape/Flatten no-ops. Scales are chosen so the pre-clamp values stay within about ±1000 (small clamp tables).
    /// </summary>
    internal static QuantizedModel RandomMlp(int seed)
    {
        var rng = new Random(seed);
        QuantizedType inputType = RandomType(rng), type = inputType;
        int inputZero = rng.Next(type.MinValue(), type.MaxValue() + 1), zeroPoint = inputZero;
        int features = rng.Next(1, 41);
        var layers = new List<ModelLayer>();
        TensorShape inputShape = TensorShape.Flat(features);
        if (features % 2 == 0 && rng.Next(3) == 0)
        {
            inputShape = new TensorShape(2, features / 2);
            layers.Add(new Flatten());
        }

        bool perChannel = seed % 2 == 1;
        int pairs = rng.Next(1, 4);
        for (int p = 0; p < pairs; p++)
        {
            int outs = rng.Next(1, 41);
            Dense dense = RandomDense(rng, features, outs, type, zeroPoint, out long maxAcc);
            layers.Add(dense);
            if (!perChannel && rng.Next(4) == 0)
            {
                layers.Add(new Reshape(new TensorShape(1, outs)));
            }

            QuantizedType outType = RandomType(rng);
            int outZero = rng.Next(outType.MinValue(), outType.MaxValue() + 1);
            ChannelScale[] scales = [.. Enumerable.Range(0, perChannel ? outs : 1).Select(_ =>
                ChannelScale.FromReal(Math.Min(0.99, rng.Next(64, 600) / (double)maxAcc), rng.Next(6, 32)))];
            bool relu = rng.Next(2) == 0;
            layers.Add(new Requantize(new Requantization(scales, RoundingMode.RoundHalfUp, outType, outZero, relu ? outZero : outType.MinValue(), outType.MaxValue())));
            if (layers[^2] is Reshape || rng.Next(5) == 0)
            {
                layers.Add(new Flatten());
            }

            features = outs;
            type = outType;
            zeroPoint = outZero;
        }

        if (rng.Next(4) == 0)
        {
            layers.Add(RandomDense(rng, features, rng.Next(1, 11), type, zeroPoint, out _));
        }

        return new QuantizedModel(inputShape, inputType, inputZero, layers);
    }

    private static Dense RandomDense(Random rng, int ins, int outs, QuantizedType type, int zeroPoint, out long maxAcc)
    {
        sbyte[] w = [.. Enumerable.Range(0, outs * ins).Select(_ => (sbyte)rng.Next(-128, 128))];
        int[] bias = [.. Enumerable.Range(0, outs).Select(_ => rng.Next(-3000, 3001))];
        long deviation = Math.Max(Math.Abs(type.MinValue() - zeroPoint), Math.Abs(type.MaxValue() - zeroPoint));
        maxAcc = 1;
        for (int o = 0; o < outs; o++)
        {
            long sum = Math.Abs(bias[o]);
            for (int i = 0; i < ins; i++)
            {
                sum += Math.Abs((int)w[(o * ins) + i]) * deviation;
            }

            maxAcc = Math.Max(maxAcc, sum);
        }

        return new Dense(new QuantizedTensor(new TensorShape(outs, ins), w), bias, zeroPoint);
    }

    private static int[][] RandomInput(Random rng, QuantizedModel model, int batch)
    {
        QuantizedType type = model.Input.Type!.Value;
        return [.. Enumerable.Range(0, batch).Select(_ => Enumerable.Range(0, model.Input.Shape.ElementCount).Select(_ => rng.Next(type.MinValue(), type.MaxValue() + 1)).ToArray())];
    }

    /// <summary>Seed <paramref name="seed"/>'s model, batch (1..4) and input samples.</summary>
    private static (QuantizedModel Model, int Batch, int[][] Samples) Case(int seed)
    {
        QuantizedModel model = RandomMlp(seed);
        var rng = new Random(seed + 1000);
        int batch = rng.Next(1, 5);
        return (model, batch, RandomInput(rng, model, batch));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomMlpProofsVerifyInBothModesAndMatchTheReference(int seed)
    {
        (QuantizedModel model, int batch, int[][] samples) = Case(seed);
        ModelCircuit compiled = ModelCircuit.Compile(model, batch);
        long[] expected = ReferenceInference.Run(model, samples.SelectMany(s => s).ToArray(), batch).Output.ToInt64();
        Goldilocks[] input = compiled.LayoutInput(samples);
        Assert.Equal(compiled.Circuit.Digest, ModelCircuit.Compile(model, batch).Circuit.Digest);
        Assert.Equal(compiled.Circuit.Digest, GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(compiled.Circuit)).Digest);

        foreach (GraphModel graphModel in new[] { compiled.PublicModel(), compiled.CommitModel() })
        {
            GraphProverResult result = GraphProver.Prove(compiled.Circuit, input, graphModel);
            GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
            Assert.Equal(expected, compiled.ReadOutput(result.Statement.ClaimedOutput).SelectMany(r => r));
        }
    }

    [Fact]
    public void RandomMlpsCoverTheIntendedCases()
    {
        var cases = Enumerable.Range(0, SeedCount).Select(Case).ToArray();
        QuantizedModel[] models = [.. cases.Select(c => c.Model)];
        Assert.Equal([1, 2, 3, 4], cases.Select(c => c.Batch).Distinct().Order());
        Requantize[] requantizes = [.. models.SelectMany(m => m.Layers.OfType<Requantize>())];
        Dense[] denses = [.. models.SelectMany(m => m.Layers.OfType<Dense>())];
        Assert.Contains(requantizes, r => r.Parameters.IsPerChannel);
        Assert.Contains(requantizes, r => !r.Parameters.IsPerChannel);
        Assert.Contains(models, m => m.Input.Type == QuantizedType.Int8);
        Assert.Contains(models, m => m.Input.Type == QuantizedType.UInt8);
        Assert.Contains(models, m => m.Input.ZeroPoint != 0);
        Assert.Contains(denses, d => d.InFeatures > 1 && (d.InFeatures & (d.InFeatures - 1)) != 0);
        Assert.Contains(models, m => m.Layers.Count(l => l is Dense) == 3);
        Assert.Contains(models, m => m.OutputSpec.Kind == ValueKind.Accumulator);
        Assert.Contains(denses, d => d.InFeatures == 1 || d.OutFeatures == 1);
        Assert.Contains(denses, d => d.InFeatures > 32 || d.OutFeatures > 32);
        Assert.Contains(requantizes, r => r.Parameters.IsPerChannel && r.Parameters.Scales.Select(c => c.ReducedShift).Distinct().Count() > 1);
        Assert.Contains(requantizes, r => r.Parameters.Min == r.Parameters.ZeroPoint && r.Parameters.Min != r.Parameters.OutputType.MinValue());
        Assert.Contains(models, m => m.Layers.Any(l => l is Reshape) && m.Layers.Any(l => l is Flatten));
    }

    [Fact]
    public void AChangedWeightAgainstTheHonestCommitmentIsRejected()
    {
        QuantizedModel model = RandomMlp(3);
        var rng = new Random(77);
        ModelCircuit compiled = ModelCircuit.Compile(model, 2);
        Goldilocks[] input = compiled.LayoutInput(RandomInput(rng, model, 2));
        GraphModel honest = compiled.CommitModel();
        Goldilocks[][] tables = [.. compiled.Tables];
        tables[0][0] += Goldilocks.One; // the first weight of the first Dense
        GraphModel cheating = GraphModel.WithTables(honest, tables);

        GraphProverResult result = GraphProver.Prove(compiled.Circuit, input, cheating);
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof)));
        Assert.Equal(GkrRejection.ModelOpeningFailed, ex.Reason);
    }

    public static TheoryData<string, string> Unsupported => new()
    {
        { "per-channel-flattened", "Layer 2 (Requantize)" },
        { "reshape-to-image", "Layer 2 (Reshape)" },
    };

    [Theory]
    [MemberData(nameof(Unsupported))]
    public void LayoutsTheCircuitCannotExpressAreRefusedByName(string which, string named)
    {
        static Requantize R(int channels) => new(new Requantization([.. Enumerable.Repeat(new ChannelScale(1 << 30, 3), channels)], RoundingMode.RoundHalfUp, QuantizedType.Int8, 0, -128, 127));
        var conv = new Conv2d(new QuantizedTensor(new TensorShape(2, 1, 1, 1), [1, 2]), [0, 0], 0);
        QuantizedModel model = which switch
        {
            "per-channel-flattened" => new QuantizedModel(TensorShape.Chw(1, 2, 2), QuantizedType.Int8, 0, [conv, new Flatten(), R(8)]),
            _ => new QuantizedModel(TensorShape.Chw(1, 2, 2), QuantizedType.Int8, 0, [conv, R(1), new Reshape(TensorShape.Chw(2, 4, 1))]),
        };

        NotSupportedException ex = Assert.Throws<NotSupportedException>(() => ModelCircuit.Compile(model, 1));
        Assert.Contains(named, ex.Message);
    }

    [Fact]
    public void PerChannelRequantizationOfAReshapedValueIsRefused()
    {
        var dense = new Dense(new QuantizedTensor(new TensorShape(6, 2), new sbyte[12]), new int[6], 0);
        var requantize = new Requantize(new Requantization([new ChannelScale(1 << 30, 2), new ChannelScale(1 << 29, 2)], RoundingMode.RoundHalfUp, QuantizedType.Int8, 0, -128, 127));
        var model = new QuantizedModel(TensorShape.Flat(2), QuantizedType.Int8, 0, [dense, new Reshape(new TensorShape(2, 3)), requantize]);
        NotSupportedException ex = Assert.Throws<NotSupportedException>(() => ModelCircuit.Compile(model, 1));
        Assert.Contains("Layer 2 (Requantize)", ex.Message);
    }

    [Fact]
    public void AnEmptyBatchIsRefused()
    {
        var dense = new Dense(new QuantizedTensor(new TensorShape(3, 2), new sbyte[6]), new int[3], 0);
        var logits = new QuantizedModel(TensorShape.Flat(2), QuantizedType.Int8, 0, [dense]);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelCircuit.Compile(logits, 0));
    }

    [Fact]
    public void AClampWiderThanTwentyBitsIsRefused()
    {
        // Scale just below 1 on accumulators up to ~2^22: the pre-clamp value needs more than 20 bits.
        var dense = new Dense(new QuantizedTensor(new TensorShape(1, 40), [.. Enumerable.Repeat((sbyte)127, 40)]), [4_000_000], 0);
        var requantize = new Requantize(Requantization.PerTensor(ChannelScale.FromReal(0.99), RoundingMode.RoundHalfUp, QuantizedType.Int8, 0));
        var model = new QuantizedModel(TensorShape.Flat(40), QuantizedType.Int8, 0, [dense, requantize]);
        ModelOverflowException ex = Assert.Throws<ModelOverflowException>(() => ModelCircuit.Compile(model, 1));
        Assert.Equal(1, ex.Layer);
        Assert.Equal(ModelCircuit.MaxClampBits, ex.LimitBits);
    }

    [Fact]
    public void LayoutAndReadOutputCheckTheirShapes()
    {
        ModelCircuit compiled = ModelCircuit.Compile(RandomMlp(0), 3);
        Assert.Throws<ArgumentException>(() => compiled.LayoutInput([new int[compiled.InputFeatures]]));
        Assert.Throws<ArgumentException>(() => compiled.LayoutInput([.. Enumerable.Repeat(new int[compiled.InputFeatures + 1], 3)]));
        Assert.Throws<ArgumentException>(() => compiled.ReadOutput(new Goldilocks[3]));
    }
}
