using System.Buffers.Binary;
using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Gkr;

/// <summary>One attack per test; each asserts the specific rejection.</summary>
public class GkrSoundnessTests
{
    /// <summary>Gate, data-parallel and matrix layers, every layer with at least two variables on its input side.</summary>
    internal static LayeredCircuit Mixed() => new CircuitBuilder(64)
        .AddGates(SampleCircuits.RandomGates(new Random(1), 40, 64))
        .AddDataParallel(4, SampleCircuits.RandomGates(new Random(2), 16, 16))
        .AddMatMul(new MatrixSlice(0, 4, 8), new MatrixSlice(32, 8, 4))
        .AddGates(SampleCircuits.RandomGates(new Random(3), 12, 16))
        .Build();

    internal static GkrProverResult Honest(LayeredCircuit circuit, int seed = 5) => GkrProver.Prove(circuit, SampleCircuits.RandomValues(seed, circuit.InputWidth));

    private static GkrRejectedException Rejects(GkrStatement statement, GkrProof proof) =>
        Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(statement, proof));

    private static GkrRejectedException RejectsBytes(GkrStatement statement, byte[] proof) =>
        Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(statement, proof));

    private static GkrProof ReplaceLayer(GkrProof proof, int layer, GkrLayerProof replacement) => new(proof.Layers.SetItem(layer, replacement));

    [Fact]
    public void WrongClaimedOutputInOneElement()
    {
        GkrProverResult honest = Honest(Mixed());
        ImmutableArray<Goldilocks> output = honest.Statement.ClaimedOutput;
        var statement = new GkrStatement(honest.Statement.Circuit, honest.Statement.PublicInput, output.SetItem(3, output[3] + Goldilocks.One));
        GkrRejectedException ex = Rejects(statement, honest.Proof);
        Assert.Equal(GkrRejection.OutputClaimMismatch, ex.Reason);
        Assert.Equal(3, ex.Layer);
    }

    [Fact]
    public void WrongPublicInputWithTheHonestProof()
    {
        GkrProverResult honest = Honest(Mixed());
        ImmutableArray<Goldilocks> input = honest.Statement.PublicInput;
        var statement = new GkrStatement(honest.Statement.Circuit, input.SetItem(0, input[0] + Goldilocks.One), honest.Statement.ClaimedOutput);

        // The input is bound into the transcript, so every challenge moves and the first check fails.
        Assert.Equal(GkrRejection.OutputClaimMismatch, Rejects(statement, honest.Proof).Reason);
    }

    [Fact]
    public void ProverWhoseWitnessInputDiffersFromTheStatement()
    {
        // Every layer is proved honestly for input x', but the statement (and transcript) say x; only the
        // verifier's own evaluation of the input's extension catches it.
        LayeredCircuit circuit = Mixed();
        Goldilocks[] claimed = SampleCircuits.RandomValues(1, circuit.InputWidth);
        Goldilocks[] actual = [.. claimed];
        actual[10] += Goldilocks.One;
        CircuitValues values = circuit.Evaluate(actual);
        var statement = new GkrStatement(circuit, claimed, values.Output);
        GkrProof proof = GkrProver.Prove(statement, values, SumcheckOptions.Default);
        Assert.Equal(GkrRejection.FinalInputMismatch, Rejects(statement, proof).Reason);
    }

    [Fact]
    public void ProofForCircuitACheckedAgainstCircuitBOfTheSameShape()
    {
        LayeredCircuit a = Mixed();
        Gate[] gates = SampleCircuits.RandomGates(new Random(1), 40, 64);
        gates[7] = gates[7].Kind == GateKind.Add ? Gate.Mul(gates[7].Left, gates[7].Right) : Gate.Add(gates[7].Left, gates[7].Right);
        LayeredCircuit b = new CircuitBuilder(64)
            .AddGates(gates)
            .AddDataParallel(4, SampleCircuits.RandomGates(new Random(2), 16, 16))
            .AddMatMul(new MatrixSlice(0, 4, 8), new MatrixSlice(32, 8, 4))
            .AddGates(SampleCircuits.RandomGates(new Random(3), 12, 16))
            .Build();
        GkrProverResult honest = Honest(a);
        var statement = new GkrStatement(b, honest.Statement.PublicInput, honest.Statement.ClaimedOutput);
        Assert.Equal(GkrRejection.OutputClaimMismatch, Rejects(statement, honest.Proof).Reason);
    }

    [Fact]
    public void ProverUsingAnotherCircuitsValuesUnderTheRightDigest()
    {
        // The transcript binds circuit B, but the layer values come from circuit A (one gate differs in
        // layer 0). The prover derives h(1) from the running claim, so phase 1 passes its rounds; the lie
        // surfaces where the prover's tables (built from B's wiring) meet the verifier's chain: phase 2, round 0.
        LayeredCircuit a = new CircuitBuilder(16).AddGates([Gate.Add(0, 1), Gate.Mul(2, 3), Gate.Sub(4, 5), Gate.Relay(6)]).AddGates([Gate.Mul(0, 1), Gate.Add(2, 3)]).Build();
        LayeredCircuit b = new CircuitBuilder(16).AddGates([Gate.Add(0, 1), Gate.Mul(2, 3), Gate.Sub(4, 5), Gate.Relay(7)]).AddGates([Gate.Mul(0, 1), Gate.Add(2, 3)]).Build();
        Goldilocks[] input = SampleCircuits.RandomValues(4, 16);
        CircuitValues valuesA = a.Evaluate(input);
        var statement = new GkrStatement(b, input, valuesA.Output);
        GkrProof proof = GkrProver.Prove(statement, valuesA, SumcheckOptions.Default);
        GkrRejectedException ex = Rejects(statement, proof);
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
        Assert.Equal((0, 1, 0), (ex.Layer!.Value, ex.Sumcheck!.Value, ex.Round!.Value));
    }

    [Fact]
    public void DroppedLayer()
    {
        GkrProverResult honest = Honest(Mixed());
        Assert.Equal(GkrRejection.LayerCountMismatch, Rejects(honest.Statement, new GkrProof(honest.Proof.Layers.RemoveAt(0))).Reason);
    }

    [Fact]
    public void ExtraLayer()
    {
        GkrProverResult honest = Honest(Mixed());
        Assert.Equal(GkrRejection.LayerCountMismatch, Rejects(honest.Statement, new GkrProof(honest.Proof.Layers.Add(honest.Proof.Layers[^1]))).Reason);
    }

    [Fact]
    public void DroppedLayerInTheBytes()
    {
        GkrProverResult honest = Honest(Mixed());
        byte[] bytes = GkrProofEncoding.Encode(new GkrProof(honest.Proof.Layers.RemoveAt(0)));
        Assert.Equal(GkrRejection.LayerCountMismatch, RejectsBytes(honest.Statement, bytes).Reason);
    }

    [Fact]
    public void TamperedClaimedEvaluationInEachLayer()
    {
        GkrProverResult honest = Honest(Mixed());
        for (int layer = 0; layer < honest.Proof.Layers.Length; layer++)
        {
            // The last evaluation is absorbed after the layer's last round: only the layer's final check sees it.
            GkrLayerProof original = honest.Proof.Layers[layer];
            int last = original.Evaluations.Length - 1;
            var tampered = original with { Evaluations = original.Evaluations.SetItem(last, original.Evaluations[last] + GoldilocksExt2.X) };
            GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, layer, tampered));
            Assert.Equal(GkrRejection.LayerFinalMismatch, ex.Reason);
            Assert.Equal(layer, ex.Layer);
            Assert.Equal(nameof(GkrRejection.LayerFinalMismatch), ex.Check);
            Assert.NotNull(ex.Expected);
            Assert.NotEqual(ex.Expected, ex.Actual);
        }
    }

    [Fact]
    public void TamperedPhaseOneEvaluationInEachGateLayer()
    {
        GkrProverResult honest = Honest(Mixed());
        foreach (int layer in new[] { 0, 1, 3 })
        {
            // The verifier forms phase 2's claim F1 − Ṽ(u)(R(u) + L(u)) from Ṽ(u): phase 2 round 0 sees the lie.
            GkrLayerProof original = honest.Proof.Layers[layer];
            var tampered = original with { Evaluations = original.Evaluations.SetItem(0, original.Evaluations[0] + GoldilocksExt2.One) };
            GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, layer, tampered));
            Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
            Assert.Equal((layer, 1, 0), (ex.Layer!.Value, ex.Sumcheck!.Value, ex.Round!.Value));
            Assert.Equal(SumcheckRejection.ClaimMismatch, ex.SumcheckReason);
            Assert.NotNull(ex.Expected); // the sumcheck's expected and actual claim, through the base type
            Assert.NotEqual(ex.Expected, ex.Actual);
        }
    }

    [Fact]
    public void TamperedRoundInEachLayer()
    {
        GkrProverResult honest = Honest(Mixed());
        for (int layer = 0; layer < honest.Proof.Layers.Length; layer++)
        {
            GkrLayerProof original = honest.Proof.Layers[layer];
            int sumcheck = original.Sumchecks.Length - 1;
            ImmutableArray<ImmutableArray<GoldilocksExt2>> rounds = original.Sumchecks[sumcheck].RoundPolynomials;
            int round = rounds.Length - 1;
            ImmutableArray<GoldilocksExt2> h = rounds[round];
            var changed = new SumcheckProof<GoldilocksExt2>(rounds.SetItem(round, h.SetItem(1, h[1] + GoldilocksExt2.One)));
            var tampered = original with { Sumchecks = original.Sumchecks.SetItem(sumcheck, changed) };
            GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, layer, tampered));
            Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
            Assert.Equal((layer, sumcheck, round), (ex.Layer!.Value, ex.Sumcheck!.Value, ex.Round!.Value));
            Assert.Equal(SumcheckRejection.ClaimMismatch, ex.SumcheckReason);
        }
    }

    [Fact]
    public void SwappedPhaseProofs()
    {
        GkrProverResult honest = Honest(Mixed());
        GkrLayerProof original = honest.Proof.Layers[0];
        var swapped = original with { Sumchecks = [original.Sumchecks[1], original.Sumchecks[0]] };
        GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, 0, swapped));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
        Assert.Equal((0, 0, 0), (ex.Layer!.Value, ex.Sumcheck!.Value, ex.Round!.Value));
    }

    [Fact]
    public void RoundPolynomialWithTooFewValues()
    {
        GkrProverResult honest = Honest(Mixed());
        GkrLayerProof original = honest.Proof.Layers[1];
        ImmutableArray<ImmutableArray<GoldilocksExt2>> rounds = original.Sumchecks[0].RoundPolynomials;
        var shortened = new SumcheckProof<GoldilocksExt2>(rounds.SetItem(0, rounds[0].RemoveAt(2)));
        GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, 1, original with { Sumchecks = original.Sumchecks.SetItem(0, shortened) }));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
        Assert.Equal(SumcheckRejection.WrongDegree, ex.SumcheckReason);
    }

    [Fact]
    public void MissingRound()
    {
        GkrProverResult honest = Honest(Mixed());
        GkrLayerProof original = honest.Proof.Layers[2];
        var fewer = new SumcheckProof<GoldilocksExt2>(original.Sumchecks[0].RoundPolynomials.RemoveAt(0));
        GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, 2, original with { Sumchecks = [fewer] }));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
        Assert.Equal(SumcheckRejection.WrongRoundCount, ex.SumcheckReason);
    }

    [Fact]
    public void MissingEvaluation()
    {
        GkrProverResult honest = Honest(Mixed());
        GkrLayerProof original = honest.Proof.Layers[2];
        GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, 2, original with { Evaluations = original.Evaluations.RemoveAt(0) }));
        Assert.Equal(GkrRejection.MalformedProof, ex.Reason);
        Assert.Equal(2, ex.Layer);
    }

    [Fact]
    public void StatementWithTheWrongNumberOfOutputs()
    {
        GkrProverResult honest = Honest(Mixed());
        var statement = new GkrStatement(honest.Statement.Circuit, honest.Statement.PublicInput, honest.Statement.ClaimedOutput.Add(Goldilocks.Zero));
        Assert.Equal(GkrRejection.StatementMismatch, Rejects(statement, honest.Proof).Reason);
    }

    [Theory]
    [InlineData(Goldilocks.Modulus)]
    [InlineData(Goldilocks.Modulus + 5)]
    [InlineData(ulong.MaxValue)]
    public void NonCanonicalElementEncoding(ulong word)
    {
        GkrProverResult honest = Honest(Mixed());
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);

        // The last 16 bytes are the output layer's last evaluation; overwrite its C0 word.
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 16), word);
        GkrRejectedException ex = RejectsBytes(honest.Statement, bytes);
        Assert.Equal(GkrRejection.MalformedProof, ex.Reason);
        Assert.Contains("canonical", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedProof()
    {
        GkrProverResult honest = Honest(Mixed());
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);
        GkrRejectedException ex = RejectsBytes(honest.Statement, bytes[..^1]);
        Assert.Equal(GkrRejection.MalformedProof, ex.Reason);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TrailingBytes()
    {
        GkrProverResult honest = Honest(Mixed());
        byte[] bytes = [.. GkrProofEncoding.Encode(honest.Proof), 0];
        GkrRejectedException ex = RejectsBytes(honest.Statement, bytes);
        Assert.Equal(GkrRejection.MalformedProof, ex.Reason);
        Assert.Contains("trailing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WrongRoundCountInTheBytes()
    {
        GkrProverResult honest = Honest(Mixed());
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);

        // Header (8), layer count (4), layer 0's sumcheck count (4), then sumcheck 0's round count.
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 5);
        Assert.Equal(GkrRejection.MalformedProof, RejectsBytes(honest.Statement, bytes).Reason);
    }

    [Fact]
    public void EveryFlippedByteIsRejected()
    {
        LayeredCircuit circuit = new CircuitBuilder(8).AddGates([Gate.Mul(0, 1), Gate.Add(2, 3), Gate.Sub(4, 5)]).AddMatMul(new(0, 2, 2), new(0, 2, 2)).Build();
        GkrProverResult honest = Honest(circuit);
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] flipped = [.. bytes];
            flipped[i] ^= 0x04;
            Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(honest.Statement, flipped));
        }
    }

    [Fact]
    public void ProductPreservingTamperOfMatMulEvaluations()
    {
        // a_0·b_0 is unchanged, so the matrix layer's own final check passes; the claims it hands down are
        // false, and the layer below (data-parallel, layer 1) rejects in its first round.
        GkrProverResult honest = Honest(Mixed());
        GkrLayerProof original = honest.Proof.Layers[2];
        GoldilocksExt2 k = GoldilocksExt2.X + GoldilocksExt2.One;
        var tampered = original with
        {
            Evaluations = original.Evaluations.SetItem(0, original.Evaluations[0] * k).SetItem(1, original.Evaluations[1] * k.Inverse()),
        };
        GkrRejectedException ex = Rejects(honest.Statement, ReplaceLayer(honest.Proof, 2, tampered));
        Assert.Equal(GkrRejection.SumcheckFailed, ex.Reason);
        Assert.Equal((1, 0, 0), (ex.Layer!.Value, ex.Sumcheck!.Value, ex.Round!.Value));
    }

    [Fact]
    public void GoldenProofBytes()
    {
        // Any change to the transcript, the reduction or the encoding changes these bytes: bump the
        // protocol or format version when that is intended.
        LayeredCircuit circuit = new CircuitBuilder(4).AddGates([Gate.Mul(0, 1), Gate.Add(2, 3)]).AddMatMul(new(0, 1, 1), new(1, 1, 1)).Build();
        GkrProverResult result = GkrProver.Prove(circuit, [Goldilocks.FromUInt64(3), Goldilocks.FromUInt64(5), Goldilocks.FromUInt64(7), Goldilocks.FromUInt64(11)]);
        Assert.Equal([Goldilocks.FromUInt64(15 * 18)], result.Statement.ClaimedOutput.ToArray());
        byte[] bytes = GkrProofEncoding.Encode(result.Proof);
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        Assert.True(hash == "00740eb1ee0be9f8561e17509f0dd5b0a1ad5dc05819bc5d1eed8803667983ec", $"golden hash is now {hash}");
    }
}
