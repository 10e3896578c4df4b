using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Hardening;

namespace Gkr.Protocol.Tests.Gkr;

/// <summary>
/// GKR with committed inputs: completeness over several layouts, and one attack per test with its
/// specific rejection (the committed input differs, another commitment, a changed root, a tampered
/// opening or evaluation, a missing or extra committed part, malformed bytes).
/// </summary>
public class CommittedInputTests
{
    internal static readonly BasefoldParameters Parameters = BasefoldParameters.Default;

    /// <summary>64 inputs (6 variables): a gate layer reading every input, a matmul layer, a gate layer.</summary>
    private static LayeredCircuit Circuit() => new CircuitBuilder(64)
        .AddGates(SampleCircuits.RandomGates(new Random(11), 64, 64))
        .AddMatMul(new MatrixSlice(0, 4, 8), new MatrixSlice(32, 8, 4))
        .AddGates(SampleCircuits.RandomGates(new Random(12), 8, 16))
        .Build();

    internal static BasefoldCommittedPolynomial[] Commit(GkrInputLayout layout, int seed) => RandomInstances.Commit(layout, seed, Parameters);

    internal static GkrProverResult Honest(GkrInputLayout layout, int seed = 40) =>
        GkrProver.Prove(Circuit(), SampleCircuits.RandomValues(seed, layout.PublicLength), layout, Commit(layout, seed + 100), Parameters, SumcheckOptions.SingleThreaded);

    /// <summary>Layout public 8 ‖ 2^4 ‖ 2^5: the statement (output computed from the input after <paramref name="alter"/>) and the prover's witness.</summary>
    private static (GkrStatement Statement, CircuitValues Values, BasefoldCommittedPolynomial[] Tables) Witness(Action<Goldilocks[]> alter)
    {
        GkrInputLayout layout = GkrInputLayout.Packed(8, 4, 5);
        LayeredCircuit circuit = Circuit();
        BasefoldCommittedPolynomial[] tables = RandomInstances.Commit(layout, 140, Parameters);
        Goldilocks[] publicInput = SampleCircuits.RandomValues(40, layout.PublicLength);
        Goldilocks[] input = layout.Assemble(publicInput, tables, circuit.InputWidth);
        alter(input);
        CircuitValues values = circuit.Evaluate(input, SumcheckOptions.SingleThreaded);
        return (new GkrStatement(circuit, publicInput, values.Output, new GkrCommittedInput(layout, tables.Select(t => t.Commitment), Parameters)), values, tables);
    }

    private static GkrStatement WithCommitments(GkrStatement statement, IEnumerable<BasefoldCommitment> commitments) =>
        new(statement.Circuit, statement.PublicInput, statement.ClaimedOutput, new GkrCommittedInput(statement.Committed!.Layout, commitments, Parameters));

    private static GkrRejectedException Rejects(GkrStatement statement, GkrProof proof) =>
        Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(statement, proof));

    public static TheoryData<int, int[]> Layouts => new()
    {
        { 0, new[] { 6 } },        // the whole input committed
        { 20, new[] { 5 } },       // public [0, 20), zeros, committed [32, 64)
        { 8, new[] { 4, 5 } },     // public, two committed segments of different sizes (two openings)
        { 0, new[] { 5, 5 } },     // two committed segments of one size (one batched opening)
        { 3, new[] { 2, 3, 2 } },  // small uneven segments with gaps
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void HonestProofsVerify(int publicLength, int[] segments)
    {
        GkrInputLayout layout = GkrInputLayout.Packed(publicLength, segments);
        GkrProverResult honest = RandomInstances.ProveAndVerifyCommitted(Circuit(), layout, 40, Parameters);
        Assert.Equal(layout.Groups().Length, honest.Proof.Committed!.Openings.Length);
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);
        Assert.Equal((byte)EncodingKind.GkrCommitted, bytes[6]);

        // Within the file limits: the openings' part of the proof bound is an upper bound, the layers' part exact.
        Assert.InRange(bytes.Length, GkrProofEncoding.MaxLength(Circuit()) + 1, GkrProofEncoding.MaxLength(honest.Statement));
        Assert.InRange(GkrStatementEncoding.Encode(honest.Statement).Length, 0, GkrStatementEncoding.MaxLength(Circuit()));
    }

    [Fact]
    public void ProverAndVerifierTranscriptsAgreeAndTheCommitmentsComeFirst()
    {
        (GkrStatement statement, CircuitValues values, BasefoldCommittedPolynomial[] tables) = Witness(_ => { });
        var proverLog = new TranscriptRecorder();
        var verifierLog = new TranscriptRecorder();
        GkrProof proof = GkrProver.Prove(statement, values, SumcheckOptions.SingleThreaded, proverLog, tables);
        GkrVerifier.Verify(statement, proof, recorder: verifierLog);
        Assert.Equal(proverLog.Events, verifierLog.Events);

        int firstChallenge = proverLog.Events.ToList().FindIndex(e => e.Operation == TranscriptOperation.Challenge);
        string[] beforeChallenge = [.. proverLog.Events.Take(firstChallenge).Select(e => e.Label)];
        Assert.Contains(TranscriptLabels.GkrInputLayout, beforeChallenge);
        Assert.Contains(TranscriptLabels.GkrInputCommitments, beforeChallenge);
        Assert.Contains(TranscriptLabels.GkrPublicInput, beforeChallenge);
        Assert.Contains(TranscriptLabels.GkrClaimedOutput, beforeChallenge);
        Assert.Contains(proverLog.Events, e => e.Label == TranscriptLabels.GkrCommittedEvaluations);
    }

    [Fact]
    public void LayoutIsAlignedAndChecked()
    {
        GkrInputLayout layout = GkrInputLayout.Packed(8, 4, 5);
        Assert.Equal([new CommittedSegment(16, 4), new CommittedSegment(32, 5)], layout.Segments.ToArray());
        Assert.Throws<ArgumentException>(() => new GkrInputLayout(0, [new CommittedSegment(8, 4)]));
        Assert.Throws<ArgumentException>(() => new GkrInputLayout(20, [new CommittedSegment(16, 4)]));
        Assert.Throws<ArgumentException>(() => new GkrInputLayout(0, [new CommittedSegment(32, 5), new CommittedSegment(0, 4)]));
        Assert.Throws<ArgumentException>(() => GkrInputLayout.Packed(40, 5).CheckFits(Circuit()));
    }

    [Fact]
    public void CommittedInputDifferingInOneElementIsRejectedByTheOpening()
    {
        // One weight of the second segment differs from the committed one.
        (GkrStatement statement, CircuitValues values, BasefoldCommittedPolynomial[] tables) = Witness(input => input[40] += Goldilocks.One);
        GkrProof proof = GkrProver.Prove(statement, values, SumcheckOptions.SingleThreaded, tables: tables);

        GkrRejectedException ex = Rejects(statement, proof);
        Assert.Equal(GkrRejection.CommittedOpeningFailed, ex.Reason);
        Assert.Equal(CommitmentRejection.SumcheckMismatch, ex.CommitmentReason);
        Assert.Contains("opening 1", ex.Message); // the 2^5 segment's group
    }

    [Fact]
    public void ProofCheckedAgainstAnotherCommitmentIsRejected()
    {
        GkrInputLayout layout = GkrInputLayout.Packed(8, 4, 5);
        GkrProverResult honest = Honest(layout);
        BasefoldCommittedPolynomial[] other = RandomInstances.Commit(layout, 999, Parameters);
        GkrRejectedException ex = Rejects(WithCommitments(honest.Statement, other.Select(t => t.Commitment)), honest.Proof);
        Assert.Equal(GkrRejection.OutputClaimMismatch, ex.Reason);
    }

    [Fact]
    public void ChangedCommitmentRootInTheStatementIsRejected()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(0, 6));
        BasefoldCommitment c = honest.Statement.Committed!.Commitments[0];
        byte[] root = [.. c.Root];
        root[31] ^= 1;
        var changed = new BasefoldCommitment(c.NumVariables, c.LogInverseRate, c.LogArity, [.. root]);
        GkrRejectedException ex = Rejects(WithCommitments(honest.Statement, [changed]), honest.Proof);
        Assert.Equal(GkrRejection.OutputClaimMismatch, ex.Reason);
    }

    [Fact]
    public void ChangedLayoutInTheStatementIsRejected()
    {
        // The same commitment, read as a segment after a shorter public part (the public input is zero past 16).
        Goldilocks[] publicInput = [.. SampleCircuits.RandomValues(40, 16), .. new Goldilocks[4]];
        LayeredCircuit circuit = Circuit();
        GkrInputLayout layout = GkrInputLayout.Packed(20, 5);
        GkrProverResult honest = GkrProver.Prove(circuit, publicInput, layout, RandomInstances.Commit(layout, 140, Parameters), Parameters, SumcheckOptions.SingleThreaded);
        GkrStatement s = honest.Statement;
        var shorter = new GkrCommittedInput(new GkrInputLayout(16, [new CommittedSegment(32, 5)]), s.Committed!.Commitments, Parameters);
        var statement = new GkrStatement(s.Circuit, publicInput[..16], s.ClaimedOutput, shorter);
        Assert.Equal(GkrRejection.OutputClaimMismatch, Rejects(statement, honest.Proof).Reason);
    }

    [Fact]
    public void TamperedOpeningIsRejected()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(8, 4, 5));
        GkrCommittedInputProof committed = honest.Proof.Committed!;
        BasefoldOpeningProof opening = committed.Openings[0];
        GkrProof proof = honest.Proof with { Committed = committed with { Openings = committed.Openings.SetItem(0, opening with { FinalValue = opening.FinalValue + GoldilocksExt2.One }) } };
        GkrRejectedException ex = Rejects(honest.Statement, proof);
        Assert.Equal(GkrRejection.CommittedOpeningFailed, ex.Reason);
        Assert.Equal(CommitmentRejection.FinalValueMismatch, ex.CommitmentReason);
    }

    [Fact]
    public void TamperedOpenedCosetIsRejected()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(0, 6));
        GkrCommittedInputProof committed = honest.Proof.Committed!;
        BasefoldOpeningProof opening = committed.Openings[0];
        ImmutableArray<Goldilocks> cosets = opening.BaseCosets[0];
        BasefoldOpeningProof tampered = opening with { BaseCosets = opening.BaseCosets.SetItem(0, cosets.SetItem(0, cosets[0] + Goldilocks.One)) };
        GkrProof proof = honest.Proof with { Committed = committed with { Openings = [tampered] } };
        GkrRejectedException ex = Rejects(honest.Statement, proof);
        Assert.Equal(GkrRejection.CommittedOpeningFailed, ex.Reason);
        Assert.Equal(CommitmentRejection.MerklePathMismatch, ex.CommitmentReason);
    }

    [Fact]
    public void TamperedSegmentEvaluationIsRejected()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(8, 4, 5));
        GkrCommittedInputProof committed = honest.Proof.Committed!;
        ImmutableArray<GoldilocksExt2> first = committed.Evaluations[0];
        GkrProof proof = honest.Proof with { Committed = committed with { Evaluations = committed.Evaluations.SetItem(0, first.SetItem(0, first[0] + GoldilocksExt2.One)) } };
        Assert.Equal(GkrRejection.FinalInputMismatch, Rejects(honest.Statement, proof).Reason);
    }

    [Fact]
    public void MissingOrExtraCommittedPartIsMalformed()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(0, 6));
        Assert.Equal(GkrRejection.MalformedProof, Rejects(honest.Statement, honest.Proof with { Committed = null }).Reason);

        GkrProverResult plain = GkrProver.Prove(Circuit(), SampleCircuits.RandomValues(3, 64));
        Assert.Equal(GkrRejection.MalformedProof, Rejects(plain.Statement, plain.Proof with { Committed = honest.Proof.Committed }).Reason);

        GkrCommittedInputProof committed = honest.Proof.Committed!;
        GkrProof twoOpenings = honest.Proof with { Committed = committed with { Openings = [committed.Openings[0], committed.Openings[0]] } };
        Assert.Equal(GkrRejection.MalformedProof, Rejects(honest.Statement, twoOpenings).Reason);
    }

    [Fact]
    public void PublicInputOfTheWrongLengthIsAStatementMismatch()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(8, 4, 5));
        GkrStatement s = honest.Statement;
        var statement = new GkrStatement(s.Circuit, s.PublicInput.Add(Goldilocks.One), s.ClaimedOutput, s.Committed!);
        Assert.Equal(GkrRejection.StatementMismatch, Rejects(statement, honest.Proof).Reason);
    }

    [Fact]
    public void MalformedBytesAreRejected()
    {
        GkrProverResult honest = Honest(GkrInputLayout.Packed(8, 4, 5));
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);

        GkrRejectedException trailing = Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(honest.Statement, [.. bytes, 0]));
        Assert.Equal(GkrRejection.MalformedProof, trailing.Reason);
        Assert.Equal(GkrRejection.MalformedProof, Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(honest.Statement, bytes.AsSpan(0, bytes.Length - 1))).Reason);

        // The all-public kind for a committed statement, and the committed kind for an all-public one.
        byte[] wrongKind = [.. bytes];
        wrongKind[6] = (byte)EncodingKind.Gkr;
        Assert.Equal(GkrRejection.MalformedProof, Assert.Throws<GkrRejectedException>(() => GkrVerifier.Verify(honest.Statement, wrongKind)).Reason);
        Assert.Throws<MalformedProofException>(() => GkrProofEncoding.Decode(bytes, honest.Statement.Circuit));
    }
}
