using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.NeuralLayers.Reference;
using Gkr.Protocol;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Tests.Proving;

/// <summary>
/// Whole-model proofs: random models of every layer kind prove, verify and equal the integer reference bit for bit;
/// and each model-level attack is rejected with its specific reason.
/// </summary>
public class ModelProofTests
{
    /// <summary>The samples of one batch, split from the reference's flat input.</summary>
    internal static int[][] Samples(QuantizedModel model, int batch, int seed)
    {
        int[] flat = TestModels.Input(model, batch, seed);
        int n = model.Input.Shape.ElementCount;
        return [.. Enumerable.Range(0, batch).Select(b => flat.AsSpan(b * n, n).ToArray())];
    }

    /// <summary>What the reference says the proof must claim.</summary>
    internal static long[][] Expected(QuantizedModel model, int[][] samples)
    {
        InferenceTrace trace = ReferenceInference.Run(model, samples.SelectMany(s => s).ToArray(), samples.Length);
        if (model.Output == ModelOutput.Argmax)
        {
            return [.. trace.Argmax!.Select(c => new long[] { c })];
        }

        int n = trace.Output.SampleLength;
        return [.. Enumerable.Range(0, samples.Length).Select(b => Enumerable.Range(0, n).Select(i => trace.Output[b, i]).ToArray())];
    }

    private static void AssertOutputs(long[][] expected, ModelOutputs outputs)
    {
        Assert.Equal(expected.Length, outputs.Values.Length);
        for (int b = 0; b < expected.Length; b++)
        {
            Assert.Equal(expected[b], outputs.Values[b].ToArray());
        }
    }

    /// <summary>200 random models (1–8 layers: conv, per-channel requantize with both roundings and fused ReLU, residual, max and sum pools, flatten, dense, logits or argmax), random batches and inputs.</summary>
    [Property(MaxTest = 200)]
    public Property RandomModelsVerifyAndEqualTheReference(NonNegativeInt seed) => Prop.ToProperty(CheckRandomModel(seed.Get));

    private static bool CheckRandomModel(int seed)
    {
        QuantizedModel model = TestModels.Random(seed);
        var rng = new Random(seed);
        int batch = rng.Next(1, 4);
        bool committed = rng.Next(2) == 0;
        int[][] samples = Samples(model, batch, seed + 1);
        var prover = new ModelProver(model, batch, committed);
        ModelProof proof = prover.Prove(samples);
        long[][] expected = Expected(model, samples);
        AssertOutputs(expected, proof.Outputs);
        ModelOutputs verified = new ModelVerifier(model, batch, prover.WeightCommitment).Verify(proof.Statement, proof.ProofBytes.AsSpan());
        AssertOutputs(expected, verified);
        return true;
    }

    private static (QuantizedModel Model, ModelProver Prover, ModelProof Proof, ModelVerifier Verifier) Honest(bool committed, ModelOutput output = ModelOutput.Logits, int seed = 7)
    {
        QuantizedModel model = TestModels.Fixed();
        model = new QuantizedModel(model.Input.Shape, model.Input.Type!.Value, model.Input.ZeroPoint, model.Layers, output);
        var prover = new ModelProver(model, 2, committed);
        ModelProof proof = prover.Prove(Samples(model, 2, seed));
        return (model, prover, proof, new ModelVerifier(model, 2, prover.WeightCommitment));
    }

    private static ProofRejectedException Rejected(ModelVerifier verifier, ModelStatement statement, ImmutableArray<byte> proof) =>
        Assert.ThrowsAny<ProofRejectedException>(() => verifier.Verify(statement, proof.AsSpan()));

    private static GkrRejection Mismatch(ModelVerifier verifier, ModelStatement statement, ImmutableArray<byte> proof) =>
        Assert.IsType<GkrRejectedException>(Rejected(verifier, statement, proof)).Reason;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TheFixedCnnVerifiesInBothWeightModes(bool committed)
    {
        (QuantizedModel model, _, ModelProof proof, ModelVerifier verifier) = Honest(committed, ModelOutput.Argmax);
        long[][] expected = Expected(model, [.. proof.Statement.Inputs.Select(i => i.ToArray())]);
        AssertOutputs(expected, verifier.Verify(proof.Statement, proof.ProofBytes.AsSpan()));
        Assert.Equal(expected.Select(e => (int)e[0]), verifier.Verify(proof.Statement, proof.ProofBytes.AsSpan()).Classes!);
        Assert.Equal(committed, proof.Statement.WeightsCommitted);
    }

    [Fact]
    public void OneWeightChangedAgainstTheCommitmentIsRejected()
    {
        (QuantizedModel model, ModelProver prover, ModelProof honest, ModelVerifier verifier) = Honest(committed: true);
        Goldilocks[][] tables = [.. prover.Circuit.Tables];
        tables[0][3] += Goldilocks.One; // the conv's weight [0, 0, 0, 3]
        GraphModel cheating = GraphModel.WithTables(prover.Circuit.CommitModel(), tables);
        Goldilocks[] input = prover.Circuit.LayoutInput([.. honest.Statement.Inputs.Select(i => i.ToArray())]);
        GraphProverResult result = GraphProver.Prove(prover.Circuit.Circuit, input, cheating, context: ModelFile.Digest(model));
        ModelStatement statement = honest.Statement.WithClaimedOutput(result.Statement.ClaimedOutput);
        Assert.Equal(GkrRejection.ModelOpeningFailed, Mismatch(verifier, statement, [.. GraphProofEncoding.Encode(result.Proof)]));
    }

    [Fact]
    public void AnotherWeightCommitmentIsRefused()
    {
        (QuantizedModel model, _, ModelProof proof, _) = Honest(committed: true);
        var other = new ModelProver(model, 2, commitWeights: true, witnessParameters: null);
        var verifier = new ModelVerifier(model, 2, other.WeightCommitment);
        Assert.Equal(other.WeightCommitment!.Digest(), proof.Statement.WeightCommitment!.Digest()); // deterministic commitment
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => new ModelVerifier(model, 2, expectedWeights: null).Verify(proof.Statement, proof.ProofBytes.AsSpan()));
        Assert.Equal(GkrRejection.StatementMismatch, ex.Reason);
        verifier.Verify(proof.Statement, proof.ProofBytes.AsSpan());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OneInputValueChangedIsRejected(bool committed)
    {
        (_, _, ModelProof proof, ModelVerifier verifier) = Honest(committed);
        int[][] inputs = [.. proof.Statement.Inputs.Select(i => i.ToArray())];
        inputs[1][5] = inputs[1][5] == 255 ? 254 : inputs[1][5] + 1;
        Rejected(verifier, proof.Statement.WithInputs(inputs), proof.ProofBytes);
    }

    [Fact]
    public void AnInputOutsideItsTypeIsAStatementMismatch()
    {
        (_, _, ModelProof proof, ModelVerifier verifier) = Honest(committed: false);
        int[][] inputs = [.. proof.Statement.Inputs.Select(i => i.ToArray())];
        inputs[0][0] = 256;
        Assert.Equal(GkrRejection.StatementMismatch, Mismatch(verifier, proof.Statement.WithInputs(inputs), proof.ProofBytes));
    }

    [Fact]
    public void OneLogitChangedIsRejected()
    {
        (_, ModelProver prover, ModelProof proof, ModelVerifier verifier) = Honest(committed: true);
        int index = prover.Circuit.LastLayout.IndexOf(1) + (1 << prover.Circuit.OutputVariables); // sample 1, logit 1
        ModelStatement changed = proof.Statement.WithClaimedOutput(proof.Statement.ClaimedOutput.SetItem(index, proof.Statement.ClaimedOutput[index] + Goldilocks.One));
        Rejected(verifier, changed, proof.ProofBytes);
    }

    [Fact]
    public void TheClassChangedIsRejected()
    {
        (_, _, ModelProof proof, ModelVerifier verifier) = Honest(committed: true, ModelOutput.Argmax);
        Goldilocks claimed = proof.Statement.ClaimedOutput[0];
        ModelStatement changed = proof.Statement.WithClaimedOutput(proof.Statement.ClaimedOutput.SetItem(0, claimed == Goldilocks.Zero ? Goldilocks.One : claimed - Goldilocks.One));
        Rejected(verifier, changed, proof.ProofBytes);
    }

    /// <summary>Two conv blocks of one shape ([2, 4, 4] → [2, 4, 4]), then a dense layer: blocks can be swapped, dropped or re-strided without changing any shape.</summary>
    private static QuantizedModel TwoBlocks(bool swapped = false, bool dropFirst = false, int padding = 1, int kernel = 3)
    {
        var rng = new Random(5);
        ModelLayer[] Block(int zeroIn, int zeroOut)
        {
            sbyte[] w = [.. Enumerable.Range(0, 2 * 2 * kernel * kernel).Select(_ => (sbyte)rng.Next(-60, 61))];
            var conv = new Conv2d(new QuantizedTensor(new TensorShape(2, 2, kernel, kernel), w), [rng.Next(-500, 500), rng.Next(-500, 500)], zeroIn, 1, padding);
            return [conv, new Requantize(Requantization.PerTensor(new ChannelScale(1 << 30, 7), RoundingMode.RoundHalfUp, QuantizedType.Int8, zeroOut))];
        }

        ModelLayer[] first = Block(-1, -1), second = Block(-1, -1);
        IEnumerable<ModelLayer> blocks = dropFirst ? second : swapped ? [.. second, .. first] : [.. first, .. second];
        sbyte[] dense = [.. Enumerable.Range(0, 3 * 32).Select(_ => (sbyte)rng.Next(-100, 101))];
        return new QuantizedModel(TensorShape.Chw(2, 4, 4), QuantizedType.Int8, -1, [.. blocks, new Flatten(), new Dense(new QuantizedTensor(new TensorShape(3, 32), dense), [1, 2, 3], -1)]);
    }

    /// <summary>Model B of the same shapes as A: a block dropped, the blocks swapped, another padding and kernel (same output size).</summary>
    public static TheoryData<string> OtherModels => ["weight", "dropped", "swapped", "padding"];

    private static QuantizedModel Variant(string how)
    {
        if (how != "weight")
        {
            return how switch { "dropped" => TwoBlocks(dropFirst: true), "swapped" => TwoBlocks(swapped: true), _ => TwoBlocks(padding: 0, kernel: 1) };
        }

        QuantizedModel a = TwoBlocks();
        var layers = a.Layers.ToList();
        var conv = (Conv2d)layers[0];
        sbyte[] w = conv.Weights.Values.ToArray();
        w[4] = (sbyte)(w[4] + 1);
        layers[0] = new Conv2d(new QuantizedTensor(conv.Weights.Shape, w), conv.Bias, conv.InputZeroPoint, 1, 1);
        return new QuantizedModel(a.Input.Shape, a.Input.Type!.Value, a.Input.ZeroPoint, layers, a.Output);
    }

    [Theory]
    [MemberData(nameof(OtherModels))]
    public void AProofForModelAIsRejectedForModelB(string how)
    {
        QuantizedModel a = TwoBlocks(), b = Variant(how);
        ModelProof proof = new ModelProver(a, 2, commitWeights: false).Prove(Samples(a, 2, 3));
        Assert.False(ModelFile.Digest(a).AsSpan().SequenceEqual(ModelFile.Digest(b)));
        Assert.Equal(a.OutputSpec.Shape, b.OutputSpec.Shape);
        var verifier = new ModelVerifier(b, 2);

        // Checked as a statement about A: the digest names another model.
        Assert.Equal(GkrRejection.StatementMismatch, Mismatch(verifier, proof.Statement, proof.ProofBytes));

        // Relabelled as a statement about B (the prover lies about the model): B's circuit and transcript reject it.
        var relabelled = new ModelStatement(ModelFile.Digest(b), 2, proof.Statement.Inputs.Select(i => i.ToArray()), proof.Statement.ClaimedOutput, null);
        Rejected(verifier, relabelled, proof.ProofBytes);
    }

    [Fact]
    public void TheStatementIsBoundToTheModelDigestThroughTheTranscript()
    {
        (QuantizedModel model, ModelProver prover, ModelProof proof, _) = Honest(committed: false);
        GraphStatement honest = new ModelVerifier(model, 2).GraphStatementOf(proof.Statement);
        Assert.Equal(ModelFile.Digest(model), honest.Context);
        var noContext = GraphStatement.For(honest.Circuit, honest.PublicInput, honest.ClaimedOutput, prover.Circuit.PublicModel());
        Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(noContext, proof.ProofBytes.AsSpan()));
    }

    [Fact]
    public void ABatchOtherThanTheVerifiersIsAStatementMismatch()
    {
        (QuantizedModel model, _, ModelProof proof, _) = Honest(committed: false);
        Assert.Equal(GkrRejection.StatementMismatch, Mismatch(new ModelVerifier(model, 3), proof.Statement, proof.ProofBytes));
    }

    [Fact]
    public void PublicWeightsAgainstAPublishedCommitmentAreAStatementMismatch()
    {
        (QuantizedModel model, _, ModelProof proof, _) = Honest(committed: false);
        var committed = new ModelProver(model, 2, commitWeights: true);
        Assert.Equal(GkrRejection.StatementMismatch, Mismatch(new ModelVerifier(model, 2, committed.WeightCommitment), proof.Statement, proof.ProofBytes));
    }

    [Fact]
    public void EveryFlippedProofByteIsRejectedAndNothingElseEscapes()
    {
        (_, _, ModelProof proof, ModelVerifier verifier) = Honest(committed: true);
        byte[] bytes = [.. proof.ProofBytes];
        int step = Math.Max(1, bytes.Length / 400), tried = 0;
        for (int i = 0; i < bytes.Length; i += step)
        {
            byte[] mutated = (byte[])bytes.Clone();
            mutated[i] ^= (byte)(1 << (i % 8));
            Assert.ThrowsAny<ProofRejectedException>(() => verifier.Verify(proof.Statement, mutated));
            tried++;
        }

        foreach (int length in new[] { 0, 1, bytes.Length / 2, bytes.Length - 1 })
        {
            Assert.ThrowsAny<ProofRejectedException>(() => verifier.Verify(proof.Statement, bytes.AsSpan(0, length)));
            tried++;
        }

        Assert.ThrowsAny<ProofRejectedException>(() => verifier.Verify(proof.Statement, [.. bytes, 0]));
        Assert.True(tried >= 300, $"{tried} mutations");
    }

    [Fact]
    public void AModelWhoseRequantizationProductCouldOverflowIsRefusedNamingTheLayer()
    {
        // A bias near 2^31 times a multiplier near 2^31: acc·M reaches 2^62, past what the field's signed range allows.
        var conv = new Conv2d(new QuantizedTensor(new TensorShape(1, 1, 3, 3), [.. Enumerable.Repeat((sbyte)127, 9)]), [int.MaxValue - 10_000], 0, 1, 1);
        var requantize = new Requantize(Requantization.PerTensor(new ChannelScale(int.MaxValue, 40), RoundingMode.RoundHalfUp, QuantizedType.Int8, 0));
        var model = new QuantizedModel(TensorShape.Chw(1, 4, 4), QuantizedType.Int8, 0, [conv, requantize]);
        ModelOverflowException ex = Assert.Throws<ModelOverflowException>(() => new ModelProver(model));
        Assert.Equal(1, ex.Layer);
        Assert.Equal(ModelLayerKind.Requantize, ex.Kind);
        Assert.Contains("Layer 1", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void AConvolutionPastTheMagnitudeLimitIsRefusedNamingTheLayer()
    {
        var conv = new Conv2d(new QuantizedTensor(new TensorShape(1, 1, 3, 3), [.. Enumerable.Repeat((sbyte)-128, 9)]), [0], 0, 1, 1);
        var model = new QuantizedModel(TensorShape.Chw(1, 4, 4), QuantizedType.UInt8, 0, [conv]);
        ModelOverflowException ex = Assert.Throws<ModelOverflowException>(() => new ModelProver(model, limits: new OverflowLimits(16, 62)));
        Assert.Equal(0, ex.Layer);
        Assert.Equal(ModelLayerKind.Conv2d, ex.Kind);
    }

    [Fact]
    public void WeakerWitnessParametersAreRejected()
    {
        (_, _, ModelProof proof, ModelVerifier verifier) = Honest(committed: true);
        ModelStatement s = proof.Statement;
        var weaker = new ModelStatement(s.ModelDigest.AsSpan(), s.Batch, s.Inputs.Select(i => i.ToArray()), s.ClaimedOutput, s.WeightCommitment, Protocol.Commitments.BasefoldParameters.ForSecurity(80));
        Rejected(verifier, weaker, proof.ProofBytes);
    }

    [Fact]
    public void EveryClaimedOutputValueIsBound()
    {
        (_, _, ModelProof proof, ModelVerifier verifier) = Honest(committed: false, ModelOutput.Argmax);
        for (int i = 0; i < proof.Statement.ClaimedOutput.Length; i++)
        {
            Rejected(verifier, proof.Statement.WithClaimedOutput(proof.Statement.ClaimedOutput.SetItem(i, proof.Statement.ClaimedOutput[i] + Goldilocks.One)), proof.ProofBytes);
        }
    }
}
