using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Commitments;
using Gkr.Protocol.Tests.Gkr;
using Gkr.Protocol.Tests.Sumcheck;
using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>
/// Statement binding (issue 6, the Frozen-Heart class): for every element of every statement type, an
/// honest proof is made, exactly one statement element is changed, the proof bytes are kept, and the
/// verifier must reject with the specific reason. Every element of a small instance is changed, not a
/// sample (except where a comment says so); each test writes "binding &lt;type&gt;: n mutations, n rejected".
/// </summary>
/// <remarks>
/// <para>The reason says where the statement is bound. A statement element that only enters the
/// transcript moves every challenge, so the first check that uses a challenge fails: sumcheck round 1
/// (round 0's sum is still right), the GKR output layer's round 0 (<see cref="GkrRejection.OutputClaimMismatch"/>),
/// Basefold's first round, Ligero's proof of work. An element that also fixes the proof's shape is
/// rejected by the decoder first (<see cref="MalformedProofException"/>, <see cref="GkrRejection.MalformedProof"/>,
/// <see cref="GkrRejection.LayerCountMismatch"/>): each sweep derives which of the two applies from the
/// mutated statement, never from the outcome.</para>
/// <para>Those reasons are the evidence of binding: an element left out of the transcript would let the
/// kept proof past them and fail only later, if at all (a changed gate at its layer's final check,
/// <see cref="GkrRejection.LayerFinalMismatch"/>; a public input at <see cref="GkrRejection.FinalInputMismatch"/>;
/// a root or layout at <see cref="GkrRejection.CommittedOpeningFailed"/> or <see cref="GkrRejection.FinalInputMismatch"/>;
/// a composition only at the caller's final check; a Basefold point or root at the final or Merkle check;
/// a Ligero row coordinate or root at the column or Merkle check).</para>
/// <para>Single attacks already covered elsewhere (kept there, not repeated as such here):
/// <c>Sumcheck/SoundnessTests</c> (claimed sum + 1, one composition rewritten with the same sum, n + 1,
/// another protocol id); <c>Sumcheck/BatchedSumcheckTests.OneFalseClaimInTheBatchIsRejected</c> (one
/// claim's sum); <c>Gkr/GkrSoundnessTests</c> (output element 3, input element 0, one gate's kind,
/// wrong output count, dropped or extra layer proofs); <c>Gkr/CommittedInputTests</c> (another
/// commitment, one bit of one root, a shorter public part, wrong public length, the absorb order);
/// <c>Commitments/BasefoldTests</c> and <c>Commitments/LigeroSoundnessTests</c> (claimed value + 1, a
/// whole other point, another commitment, Ligero's other rate, short point and swapped batch);
/// <c>Commitments/TranscriptInventoryTests</c> (Basefold's other rate). The sweeps here change each
/// element in turn, with the honest proof's bytes.</para>
/// </remarks>
public sealed class StatementBindingTests(ITestOutputHelper output)
{
    [Fact]
    public void SumcheckEveryStatementField()
    {
        // 3·f0·f1 + 5·f2·f3·f4 − f0 over n = 6: three terms of degrees 2, 3 and 1, so every kind of edit applies.
        Composition<GoldilocksExt2> composition = TestData.Compositions<GoldilocksExt2>().Single(c => c.Name == "3fg + 5abc - f").Composition;
        (_, SumcheckStatement<GoldilocksExt2> honest, SumcheckProof<GoldilocksExt2> proof) = SoundnessTests.Honest(21, composition);
        byte[] bytes = ProofEncoding.Encode(proof);
        SumcheckVerifier.Verify(honest, ProofEncoding.DecodeSumcheck(bytes, honest), new Transcript(TestData.ProtocolId));
        var sweep = new Sweep(output, "sumcheck");
        var source = new RandomSource(61);

        void Check(string mutation, SumcheckStatement<GoldilocksExt2> statement) => RejectsSumcheck(
            sweep,
            mutation,
            (honest.NumVariables, honest.Degree, 1),
            (statement.NumVariables, statement.Degree, 1),
            roundZeroMoves: statement.ClaimedSum != honest.ClaimedSum,
            proof,
            () => ProofEncoding.DecodeSumcheck(bytes, statement),
            kept => SumcheckVerifier.Verify(statement, kept, new Transcript(TestData.ProtocolId)));

        GoldilocksExt2 sum = honest.ClaimedSum;
        foreach ((string name, GoldilocksExt2 other) in Others(sum, ref source))
        {
            Check($"claimed sum {name}", honest.WithClaimedSum(other));
        }

        for (int n = 0; n <= honest.NumVariables + 2; n++)
        {
            if (n != honest.NumVariables)
            {
                Check($"n = {n}", new SumcheckStatement<GoldilocksExt2>(n, composition, sum));
            }
        }

        // The composition, term by term (the degree is the composition's: edits that change it are the degree mutations).
        foreach ((string name, Composition<GoldilocksExt2> edited) in CompositionEdits(composition, ref source))
        {
            Check($"composition: {name}", new SumcheckStatement<GoldilocksExt2>(honest.NumVariables, edited, sum));
        }

        // The field's name is absorbed too, but a proof over GoldilocksExt2 cannot be handed to a verifier over another field type.
        sweep.Finish();
    }

    [Fact]
    public void BatchedSumcheckEveryClaim()
    {
        (BatchedSumcheckStatement<GoldilocksExt2> honest, Goldilocks[][][] tables) = RandomInstances.Batched(3, 0, 3, 7, 4);
        BatchedSumcheckProof<GoldilocksExt2> proof = BatchedSumcheckTests.Prove(honest, tables);
        byte[] bytes = ProofEncoding.Encode(proof);
        BatchedSumcheck.Verify(honest, ProofEncoding.DecodeBatched(bytes, honest), new Transcript(TestData.ProtocolId));
        var sweep = new Sweep(output, "batched sumcheck");
        var source = new RandomSource(62);

        // ρ comes from the transcript, so any change moves the combined sum checked in round 0.
        void Check(string mutation, IEnumerable<SumcheckStatement<GoldilocksExt2>> claims)
        {
            var statement = new BatchedSumcheckStatement<GoldilocksExt2>(claims);
            RejectsSumcheck(
                sweep,
                mutation,
                (honest.NumVariables, honest.Degree, honest.Claims.Length),
                (statement.NumVariables, statement.Degree, statement.Claims.Length),
                roundZeroMoves: true,
                proof,
                () => ProofEncoding.DecodeBatched(bytes, statement),
                kept => BatchedSumcheck.Verify(statement, kept, new Transcript(TestData.ProtocolId)));
        }

        ImmutableArray<SumcheckStatement<GoldilocksExt2>> all = honest.Claims;
        for (int i = 0; i < all.Length; i++)
        {
            SumcheckStatement<GoldilocksExt2> claim = all[i];
            foreach ((string name, GoldilocksExt2 other) in Others(claim.ClaimedSum, ref source))
            {
                Check($"claim {i} sum {name}", all.SetItem(i, claim.WithClaimedSum(other)));
            }

            foreach (int n in new[] { claim.NumVariables - 1, claim.NumVariables + 1 }.Where(n => n >= 0))
            {
                Check($"claim {i} size n = {n}", all.SetItem(i, new SumcheckStatement<GoldilocksExt2>(n, claim.Composition, claim.ClaimedSum)));
            }

            ProductTerm<GoldilocksExt2> first = claim.Composition.Terms[0];
            var coefficient = new Composition<GoldilocksExt2>(claim.Composition.FactorCount, claim.Composition.Terms.SetItem(0, new(first.Coefficient + GoldilocksExt2.One, [.. first.Factors])));
            Check($"claim {i} first coefficient + 1", all.SetItem(i, new SumcheckStatement<GoldilocksExt2>(claim.NumVariables, coefficient, claim.ClaimedSum)));
            var higher = new Composition<GoldilocksExt2>(claim.Composition.FactorCount, claim.Composition.Terms.SetItem(0, new(first.Coefficient, [.. first.Factors, 0])));
            Check($"claim {i} first term times f0", all.SetItem(i, new SumcheckStatement<GoldilocksExt2>(claim.NumVariables, higher, claim.ClaimedSum)));
            Check($"claim {i} dropped", all.RemoveAt(i));
            Check($"claim {i} repeated", all.Insert(i, claim));
            if (i + 1 < all.Length)
            {
                Check($"claims {i}, {i + 1} swapped", all.SetItem(i, all[i + 1]).SetItem(i + 1, claim));
            }
        }

        sweep.Finish();
    }

    [Fact]
    public void GkrEveryPublicInputAndClaimedOutputElement()
    {
        GkrProverResult honest = GkrSoundnessTests.Honest(GkrSoundnessTests.Mixed());
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);
        GkrStatement s = honest.Statement;
        GkrVerifier.Verify(s, bytes);
        var sweep = new Sweep(output, "gkr public input and claimed output");
        var source = new RandomSource(63);
        for (int i = 0; i < s.PublicInput.Length; i++)
        {
            foreach ((string name, Goldilocks other) in Others(s.PublicInput[i], ref source))
            {
                RejectsGkr(sweep, $"public input {i} {name}", new GkrStatement(s.Circuit, s.PublicInput.SetItem(i, other), s.ClaimedOutput), bytes, GkrRejection.OutputClaimMismatch);
            }
        }

        for (int i = 0; i < s.ClaimedOutput.Length; i++)
        {
            foreach ((string name, Goldilocks other) in Others(s.ClaimedOutput[i], ref source))
            {
                RejectsGkr(sweep, $"claimed output {i} {name}", new GkrStatement(s.Circuit, s.PublicInput, s.ClaimedOutput.SetItem(i, other)), bytes, GkrRejection.OutputClaimMismatch);
            }
        }

        sweep.Finish();
    }

    [Fact]
    public void GkrEveryGateWireConstantAndLayerOfTheCircuit()
    {
        LayeredCircuit circuit = GkrSoundnessTests.Mixed();
        GkrProverResult honest = GkrSoundnessTests.Honest(circuit);
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);
        GkrVerifier.Verify(honest.Statement, bytes);
        var sweep = new Sweep(output, "gkr circuit");
        foreach ((string name, LayeredCircuit mutated) in CircuitMutations(circuit))
        {
            Assert.False(mutated.Digest.SequenceEqual(circuit.Digest), $"{name} leaves the circuit as it was");
            var statement = new GkrStatement(mutated, honest.Statement.PublicInput, honest.Statement.ClaimedOutput);
            RejectsGkr(sweep, name, statement, bytes, FirstCircuitFailure(circuit, mutated));
        }

        sweep.Finish();
    }

    [Fact]
    public void GkrCommittedEveryRootByteAndTheParameters()
    {
        // Public 8 ‖ 2^4 at 16 ‖ 2^5 at 32: two commitments of different sizes, two openings.
        GkrInputLayout layout = GkrInputLayout.Packed(8, 4, 5);
        (GkrStatement s, ImmutableArray<BasefoldCommitment> commitments, byte[] bytes) = HonestCommitted(layout);
        var sweep = new Sweep(output, "gkr committed roots and parameters");

        // Every byte of the first root; the first, a middle and the last byte of the second (the same code path).
        for (int j = 0; j < commitments.Length; j++)
        {
            foreach (int b in j == 0 ? Enumerable.Range(0, MerkleTree.DigestSize) : [0, MerkleTree.DigestSize / 2, MerkleTree.DigestSize - 1])
            {
                BasefoldCommitment c = commitments[j];
                var flipped = new BasefoldCommitment(c.NumVariables, c.LogInverseRate, c.LogArity, c.Root.SetItem(b, (byte)(c.Root[b] ^ 0x01)));
                RejectsGkr(sweep, $"commitment {j} root byte {b}", Committed(s, commitments: commitments.SetItem(j, flipped)), bytes, GkrRejection.OutputClaimMismatch);
            }

            BasefoldCommitment other = CommittedInputTests.Commit(layout, 900)[j].Commitment;
            RejectsGkr(sweep, $"commitment {j} replaced by another of the same size", Committed(s, commitments: commitments.SetItem(j, other)), bytes, GkrRejection.OutputClaimMismatch);
        }

        // The parameters, with the commitments' rate and arity where they change (the roots kept). They shape
        // the opening bytes only through upper bounds at these sizes: n ≤ 6 folds entirely in the first oracle
        // (leaves of 2^n symbols, no folded oracle whose count the arity could change), whose 2^L ≤ 8 leaves
        // are all a query can open, far below the decoder's bound of Queries·2^n elements. So the bytes
        // decode, and the transcript, which absorbs every parameter and each commitment's rate and arity,
        // rejects at the first check.
        BasefoldParameters p = s.Committed!.Parameters;
        foreach ((string name, BasefoldParameters changed) in new[]
        {
            ("target 80 bits", BasefoldParameters.ForSecurity(80)),
            ("target 90 bits", BasefoldParameters.ForSecurity(90)),
            ("target 99 bits", BasefoldParameters.ForSecurity(99)),
            ("target 101 bits", BasefoldParameters.ForSecurity(101)),
            ("8 proof-of-work bits", BasefoldParameters.ForSecurity(p.TargetBits, proofOfWorkBits: 8)),
            ("20 proof-of-work bits", BasefoldParameters.ForSecurity(p.TargetBits, proofOfWorkBits: 20)),
            ("conjectured bound", BasefoldParameters.ForSecurity(p.TargetBits, bound: ProximityBound.JohnsonConjectured)),
            ("rate 1/4", BasefoldParameters.ForSecurity(p.TargetBits, logInverseRate: 2)),
            ("arity 8", BasefoldParameters.ForSecurity(p.TargetBits, logArity: 3)),
        })
        {
            ImmutableArray<BasefoldCommitment> reshaped = [.. commitments.Select(c => new BasefoldCommitment(c.NumVariables, changed.LogInverseRate, changed.LogArity, c.Root))];
            RejectsGkr(sweep, $"parameters: {name} ({changed.Queries} queries)", Committed(s, commitments: reshaped, parameters: changed), bytes, GkrRejection.OutputClaimMismatch);
        }

        // The second commitment's size (2^5 → 2^4, root kept): both segments now share one opening, so the opening count differs.
        BasefoldCommitment second = commitments[1];
        RejectsGkr(
            sweep,
            "commitment 1 size 2^4 (root kept)",
            Committed(s, layout: new GkrInputLayout(8, [layout.Segments[0], new CommittedSegment(32, 4)]), commitments: commitments.SetItem(1, new BasefoldCommitment(4, second.LogInverseRate, second.LogArity, second.Root))),
            bytes,
            GkrRejection.MalformedProof);
        sweep.Finish();
    }

    [Fact]
    public void GkrCommittedEveryLayoutPublicPartAndOutputElement()
    {
        var sweep = new Sweep(output, "gkr committed layout, public part and output");

        // Public 8 ‖ 2^3 at 8 ‖ 2^3 at 16: two commitments of one size (one opening), room to move both.
        GkrInputLayout layout = GkrInputLayout.Packed(8, 3, 3);
        (GkrStatement s, ImmutableArray<BasefoldCommitment> commitments, byte[] bytes) = HonestCommitted(layout);
        var source = new RandomSource(64);

        // Every aligned placement of the two segments after the public part (same sizes: the proof's shape is unchanged).
        for (long first = 8; first < 64; first += 8)
        {
            for (long second = first + 8; second < 64; second += 8)
            {
                if ((first, second) != (8, 16))
                {
                    var moved = new GkrInputLayout(8, [new CommittedSegment(first, 3), new CommittedSegment(second, 3)]);
                    RejectsGkr(sweep, $"segments at {first}, {second}", Committed(s, layout: moved), bytes, GkrRejection.OutputClaimMismatch);
                }
            }
        }

        RejectsGkr(sweep, "commitments swapped", Committed(s, commitments: [commitments[1], commitments[0]]), bytes, GkrRejection.OutputClaimMismatch);
        RejectsGkr(sweep, "commitment 0 twice", Committed(s, commitments: [commitments[0], commitments[0]]), bytes, GkrRejection.OutputClaimMismatch);
        RejectsGkr(sweep, "commitment 1 twice", Committed(s, commitments: [commitments[1], commitments[1]]), bytes, GkrRejection.OutputClaimMismatch);
        foreach (int length in new[] { 0, 4, 7 })
        {
            var shorter = new GkrInputLayout(length, layout.Segments);
            RejectsGkr(sweep, $"public part of {length} values (a prefix of the honest one)", Committed(s, layout: shorter, publicInput: s.PublicInput[..length]), bytes, GkrRejection.OutputClaimMismatch);
        }

        // One segment fewer, or the second segment twice as large: the committed part of the proof has another shape.
        RejectsGkr(sweep, "segment 1 dropped", Committed(s, layout: new GkrInputLayout(8, [layout.Segments[0]]), commitments: [commitments[0]]), bytes, GkrRejection.MalformedProof);
        GkrInputLayout larger = GkrInputLayout.Packed(8, 3, 4);
        BasefoldCommitment larger1 = CommittedInputTests.Commit(larger, 901)[1].Commitment;
        RejectsGkr(sweep, "segment 1 of 2^4 with its own commitment", Committed(s, layout: larger, commitments: [commitments[0], larger1]), bytes, GkrRejection.MalformedProof);

        // The circuit's input width, which the digest binds and a committed layout does not tie to the public
        // part's length. Its own honest proof, for the circuit with a first layer reading only below 48: then
        // 48 inputs is a circuit of the same shape, 65 one of another (7 input variables).
        var firstLayer = (GateLayer)s.Circuit.Layers[0];
        LayeredCircuit reads48 = Rebuild(s.Circuit, calls => calls.SetItem(0, b => b.AddGates(firstLayer.GateArray.Select(g => g with { Left = g.Left % 48, Right = g.Right % 48 }))));
        GkrProverResult narrow = GkrProver.Prove(reads48, s.PublicInput.AsSpan(), layout, CommittedInputTests.Commit(layout, 140), CommittedInputTests.Parameters, SumcheckOptions.SingleThreaded);
        byte[] narrowBytes = GkrProofEncoding.Encode(narrow.Proof);
        GkrStatement n = narrow.Statement;
        GkrVerifier.Verify(n, narrowBytes);
        foreach (int width in new[] { 48, 65 })
        {
            LayeredCircuit resized = Rebuild(reads48, calls => calls, width);
            RejectsGkr(sweep, $"circuit input width {width}", new GkrStatement(resized, n.PublicInput, n.ClaimedOutput, n.Committed!), narrowBytes, FirstCircuitFailure(reads48, resized));
        }

        for (int i = 0; i < s.PublicInput.Length; i++)
        {
            foreach ((string name, Goldilocks other) in Others(s.PublicInput[i], ref source))
            {
                RejectsGkr(sweep, $"public part {i} {name}", Committed(s, publicInput: s.PublicInput.SetItem(i, other)), bytes, GkrRejection.OutputClaimMismatch);
            }
        }

        for (int i = 0; i < s.ClaimedOutput.Length; i++)
        {
            var statement = new GkrStatement(s.Circuit, s.PublicInput, s.ClaimedOutput.SetItem(i, s.ClaimedOutput[i] + Goldilocks.One), s.Committed!);
            RejectsGkr(sweep, $"claimed output {i} + 1", statement, bytes, GkrRejection.OutputClaimMismatch);
        }

        sweep.Finish();
    }

    [Fact]
    public void BasefoldOpeningEveryCoordinateValueAndRoot()
    {
        var sweep = new Sweep(output, "basefold opening");
        BasefoldParameters parameters = BasefoldTests.Parameters;
        (_, BasefoldOpeningStatement single, BasefoldOpeningProof proof) = BasefoldTests.Honest(6, 31);
        BasefoldCommittedPolynomial[] batch = [BasefoldProver.Commit(LigeroTestData.Table(5, 32), parameters), BasefoldProver.Commit(LigeroTestData.Table(5, 33), parameters)];
        BasefoldOpeningStatement batched = RandomInstances.TrueStatement(batch, [LigeroTestData.Point(5, 34), LigeroTestData.Point(5, 35)]);
        ImmutableArray<byte> OtherRoot(int n, int seed) => BasefoldProver.Commit(LigeroTestData.Table(n, seed), parameters).Commitment.Root;

        // One polynomial, one point: the combined claim is the value itself, so a point or root change
        // passes round 0 and fails round 1; with a batch, β and γ come from the transcript and round 0 fails.
        // Either way the first failed check is the sumcheck's.
        SweepOpenings(
            sweep,
            [("1 x 1", single, BasefoldEncoding.Encode(proof), OtherRoot(6, 36)), ("2 x 2", batched, BasefoldEncoding.Encode(BasefoldTests.Open(batched, batch)), OtherRoot(5, 37))],
            honest => new OpeningParts([.. honest.Commitments.Select(c => c.Root)], honest.Points, honest.Values),
            (honest, parts) => new BasefoldOpeningStatement(
                [.. honest.Commitments.Select((c, j) => new BasefoldCommitment(c.NumVariables, c.LogInverseRate, c.LogArity, parts.Roots[j]))], parts.Points, parts.Values),
            (mutated, bytes) => BasefoldTests.Verify(mutated, BasefoldEncoding.DecodeOpening(bytes, mutated, parameters)),
            (_, _) => CommitmentRejection.SumcheckMismatch);
        sweep.Finish();
    }

    [Fact]
    public void LigeroOpeningEveryCoordinateValueAndRoot()
    {
        var sweep = new Sweep(output, "ligero opening");
        LigeroParameters parameters = LigeroTestData.Parameters;
        (_, LigeroOpeningStatement single, LigeroOpeningProof proof) = LigeroTestData.Honest(10, seed: 41);
        Assert.InRange(single.Commitments[0].Shape.RowVariables, 1, 9); // both kinds of coordinate exist
        LigeroCommittedPolynomial[] batch = [LigeroProver.Commit(LigeroTestData.Table(8, 42), parameters), LigeroProver.Commit(LigeroTestData.Table(8, 43), parameters)];
        LigeroOpeningStatement batched = LigeroTestData.TrueStatement(batch, [LigeroTestData.Point(8, 44), LigeroTestData.Point(8, 45)]);
        ImmutableArray<byte> OtherRoot(int n, int seed) => LigeroProver.Commit(LigeroTestData.Table(n, seed), parameters).Commitment.Root;

        // The value check Σ_j β_j·v_j = ⟨u, eq(z_col)⟩ is the first check. With one commitment β = (1): only a
        // value or a column coordinate (z_[a..]) enters it; a row coordinate (z_[..a]) or the root only moves
        // the transcript, and the proof-of-work seed drawn from it is the first check to fail. With two
        // commitments β comes from the transcript, so every change fails the value check.
        static CommitmentRejection Expected(LigeroOpeningStatement honest, OpeningMutation m) =>
            honest.Commitments.Length > 1 || m.Element == OpeningElement.Value || (m.Element == OpeningElement.Coordinate && m.Index >= honest.Commitments[0].Shape.RowVariables)
                ? CommitmentRejection.ValueMismatch
                : CommitmentRejection.ProofOfWorkInvalid;

        SweepOpenings(
            sweep,
            [("1 x 1", single, LigeroEncoding.Encode(proof), OtherRoot(10, 46)), ("2 x 2", batched, LigeroEncoding.Encode(LigeroTestData.Open(batched, batch)), OtherRoot(8, 47))],
            honest => new OpeningParts([.. honest.Commitments.Select(c => c.Root)], honest.Points, honest.Values),
            (honest, parts) => new LigeroOpeningStatement([.. honest.Commitments.Select((c, j) => new LigeroCommitment(c.Shape, parts.Roots[j]))], parts.Points, parts.Values),
            (mutated, bytes) => LigeroTestData.Verify(mutated, LigeroEncoding.DecodeOpening(bytes, mutated, parameters)),
            Expected);
        sweep.Finish();
    }

    private static void RejectsGkr(Sweep sweep, string mutation, GkrStatement statement, byte[] proof, params GkrRejection[] allowed) =>
        sweep.Rejects<GkrRejectedException, GkrRejection>(mutation, () => GkrVerifier.Verify(statement, proof), e => e.Reason, allowed);

    /// <summary>+1, +X (extension only) and a seeded random other value.</summary>
    private static IEnumerable<(string Name, T Value)> Others<T>(T value, ref RandomSource source) where T : unmanaged, IField<T>
    {
        T random = T.Sample(ref source);
        List<(string, T)> others = [("+ 1", value + T.One), (random == value ? "+ 2" : "-> random", random == value ? value + T.One + T.One : random)];
        if (typeof(T) == typeof(GoldilocksExt2))
        {
            others.Add(("+ X", value + (T)(object)GoldilocksExt2.X));
        }

        return others;
    }

    /// <summary>
    /// Checks a kept sumcheck proof (single or batched) against a mutated statement. n, d and a batch's
    /// claim count fix the bytes' shape: when they move, the bytes must not decode, and the typed proof
    /// meets the verifier's shape checks (n rounds, then d + 1 values per round). Otherwise the first
    /// failure is round 0's sum when it moved (<paramref name="roundZeroMoves"/>), else round 1, whose
    /// running claim h_0(r_0) moved with the transcript.
    /// </summary>
    private static void RejectsSumcheck<TProof>(
        Sweep sweep, string mutation, (int N, int Degree, int Claims) honest, (int N, int Degree, int Claims) mutated, bool roundZeroMoves, TProof proof, Func<TProof> decode, Action<TProof> verify)
        where TProof : class
    {
        TProof kept = proof;
        if (mutated != honest)
        {
            Assert.Throws<MalformedProofException>(() => decode());
        }
        else
        {
            kept = decode();
        }

        SumcheckFailure expected =
            mutated.N != honest.N ? new(SumcheckRejection.WrongRoundCount, null)
            : mutated.Degree != honest.Degree ? new(SumcheckRejection.WrongDegree, 0)
            : roundZeroMoves ? new(SumcheckRejection.ClaimMismatch, 0)
            : new(SumcheckRejection.ClaimMismatch, 1);
        sweep.Rejects<SumcheckRejectedException, SumcheckFailure>(mutation, () => verify(kept), e => new(e.Reason, e.Round), expected);
    }

    /// <summary>Every single edit of a composition: each coefficient, each factor index, a factor more or less per term, each term dropped, adjacent terms swapped, and three rewrites of the same polynomial.</summary>
    private static List<(string Name, Composition<GoldilocksExt2> Composition)> CompositionEdits(Composition<GoldilocksExt2> composition, ref RandomSource source)
    {
        int k = composition.FactorCount;
        ImmutableArray<ProductTerm<GoldilocksExt2>> terms = composition.Terms;
        var edits = new List<(string, Composition<GoldilocksExt2>)>();
        void Add(string name, ImmutableArray<ProductTerm<GoldilocksExt2>> edited, int factorCount = 0) => edits.Add((name, new Composition<GoldilocksExt2>(factorCount == 0 ? k : factorCount, edited)));
        for (int j = 0; j < terms.Length; j++)
        {
            ProductTerm<GoldilocksExt2> term = terms[j];
            int[] factors = [.. term.Factors];
            foreach ((string name, GoldilocksExt2 other) in Others(term.Coefficient, ref source))
            {
                Add($"term {j} coefficient {name}", terms.SetItem(j, new(other, factors)));
            }

            for (int p = 0; p < factors.Length; p++)
            {
                int[] moved = [.. factors];
                moved[p] = (moved[p] + 1) % k;
                Add($"term {j} factor {p}: f{factors[p]} -> f{moved[p]}", terms.SetItem(j, new(term.Coefficient, moved)));
            }

            Add($"term {j} times f0", terms.SetItem(j, new(term.Coefficient, [.. factors, 0])));
            if (factors.Length > 1)
            {
                Add($"term {j} without its last factor", terms.SetItem(j, new(term.Coefficient, factors[..^1])));
            }

            if (terms.Length > 1)
            {
                Add($"term {j} dropped", terms.RemoveAt(j));
            }

            if (j + 1 < terms.Length)
            {
                Add($"terms {j}, {j + 1} swapped", terms.SetItem(j, terms[j + 1]).SetItem(j + 1, term));
            }
        }

        // Rewrites of the same polynomial: only the statement's encoding differs, so only binding can catch them
        // (a term split in halves is SoundnessTests.ChangedCompositionWithSameSumIsRejected).
        Add("an extra 0·f0 term", terms.Add(new(GoldilocksExt2.Zero, 0)));
        Add("an extra 0·f0^4 term (same polynomial, degree 4)", terms.Add(new(GoldilocksExt2.Zero, 0, 0, 0, 0)));
        Add("an extra unused factor", terms, k + 1);
        return edits;
    }

    /// <summary>
    /// The first failure of an honest proof checked against a mutated circuit: the decoder compares the
    /// layer count, then every layer's shape, with the circuit; a circuit of the same shape differs only in
    /// its digest, which moves the output point, so the output layer's first check fails.
    /// </summary>
    private static GkrRejection FirstCircuitFailure(LayeredCircuit honest, LayeredCircuit mutated)
    {
        if (mutated.Layers.Length != honest.Layers.Length)
        {
            return GkrRejection.LayerCountMismatch;
        }

        ImmutableArray<LayerProofShape> a = GkrShapes.Of(honest), b = GkrShapes.Of(mutated);
        bool sameShape = a.Zip(b).All(p => p.First.SumcheckRounds.SequenceEqual(p.Second.SumcheckRounds) && p.First.Degree == p.Second.Degree && p.First.Evaluations == p.Second.Evaluations);
        return sameShape ? GkrRejection.OutputClaimMismatch : GkrRejection.MalformedProof;
    }

    /// <summary>
    /// Every single edit of <paramref name="circuit"/>: per gate each other kind, each wire + 1, the
    /// constant + 1, a relay as the equal ConstMul(1), adjacent gates swapped; the data-parallel copy
    /// count; the matrix slices; another circuit of the same shape; a layer more or less.
    /// </summary>
    private static IEnumerable<(string Name, LayeredCircuit Circuit)> CircuitMutations(LayeredCircuit circuit)
    {
        ImmutableArray<CircuitLayer> layers = circuit.Layers;
        LayeredCircuit With(int index, Action<CircuitBuilder> add) => Rebuild(circuit, calls => calls.SetItem(index, add));
        for (int i = 0; i < layers.Length; i++)
        {
            switch (layers[i])
            {
                case GateLayer layer:
                {
                    ImmutableArray<Gate> gates = layer.GateArray;
                    int copies = 1 << layer.CopyVariables, available = 1 << layer.BlockInputVariables;
                    LayeredCircuit WithGates(IEnumerable<Gate> edited) => With(i, b => b.AddDataParallel(copies, edited));
                    for (int g = 0; g < gates.Length; g++)
                    {
                        foreach ((string what, Gate gate) in GateEdits(gates[g], available))
                        {
                            yield return ($"layer {i} gate {g} {what}", WithGates(gates.SetItem(g, gate)));
                        }

                        if (g + 1 < gates.Length && gates[g] != gates[g + 1])
                        {
                            yield return ($"layer {i} gates {g}, {g + 1} swapped", WithGates(gates.SetItem(g, gates[g + 1]).SetItem(g + 1, gates[g])));
                        }
                    }

                    if (copies > 1)
                    {
                        // Half the copies of a doubled block (the same function when the block fills its outputs), and twice the copies of half a block.
                        Gate[] doubled = [.. gates, .. gates.Select(x => x with { Left = x.Left + available, Right = x.Right + available })];
                        yield return ($"layer {i} {copies / 2} copies of the doubled block", With(i, b => b.AddDataParallel(copies / 2, doubled)));
                        Gate[] halved = [.. gates.Take(gates.Length / 2).Select(x => x with { Left = x.Left % (available / 2), Right = x.Right % (available / 2) })];
                        yield return ($"layer {i} {copies * 2} copies of half the block", With(i, b => b.AddDataParallel(copies * 2, halved)));
                    }

                    break;
                }

                case MatMulLayer m:
                    yield return ($"layer {i} A at offset {m.B.Offset}", With(i, b => b.AddMatMul(m.A with { Offset = m.B.Offset }, m.B)));
                    yield return ($"layer {i} B at offset {m.A.Offset}", With(i, b => b.AddMatMul(m.A, m.B with { Offset = m.A.Offset })));
                    yield return ($"layer {i} A and B offsets swapped", With(i, b => b.AddMatMul(m.A with { Offset = m.B.Offset }, m.B with { Offset = m.A.Offset })));
                    yield return ($"layer {i} A {m.A.Rows * 2}x{m.A.Cols / 2}, B {m.B.Rows / 2}x{m.B.Cols * 2}", With(i, b => b.AddMatMul(m.A with { Rows = m.A.Rows * 2, Cols = m.A.Cols / 2 }, m.B with { Rows = m.B.Rows / 2, Cols = m.B.Cols * 2 })));
                    yield return ($"layer {i} A {m.A.Rows}x{m.A.Cols / 2}, B {m.B.Rows / 2}x{m.B.Cols}", With(i, b => b.AddMatMul(m.A with { Cols = m.A.Cols / 2 }, m.B with { Rows = m.B.Rows / 2 })));
                    yield return ($"layer {i} replaced by {m.Width} relays", With(i, b => b.AddGates(Enumerable.Range(0, m.Width).Select(Gate.Relay))));
                    break;
                default:
                    throw new ArgumentException($"No edits for a {layers[i].GetType().Name}.", nameof(circuit));
            }
        }

        // Another circuit of the same shape: every gate layer's gates drawn again.
        yield return ("every gate layer redrawn", Rebuild(circuit, calls => [.. calls.Select((call, i) => layers[i] is GateLayer g
            ? b => b.AddDataParallel(1 << g.CopyVariables, SampleCircuits.RandomGates(new Random(100 + i), g.GateArray.Length, 1 << g.BlockInputVariables))
            : call)]));

        // Another shape: an identity layer more (after the first layer, at the end), a width-preserving layer fewer.
        Action<CircuitBuilder> Relays(int width) => b => b.AddGates(Enumerable.Range(0, width).Select(Gate.Relay));
        yield return ("relay layer inserted after layer 0", Rebuild(circuit, calls => calls.Insert(1, Relays(layers[0].Width))));
        yield return ("relay layer appended", Rebuild(circuit, calls => calls.Add(Relays(circuit.OutputWidth))));
        for (int i = 0; i + 1 < layers.Length; i++)
        {
            if (layers[i].InputVariables == layers[i].NumVariables)
            {
                yield return ($"layer {i} removed", Rebuild(circuit, calls => calls.RemoveAt(i)));
            }
        }
    }

    /// <summary>Each other kind (reading the same inputs), each wire + 1, the constant + 1, and a relay as ConstMul(1).</summary>
    private static IEnumerable<(string What, Gate Gate)> GateEdits(Gate gate, int available)
    {
        int left = gate.Left, right = gate.IsUnary ? gate.Left : gate.Right;
        foreach (GateKind kind in Enum.GetValues<GateKind>().Where(k => k != gate.Kind))
        {
            Gate other = kind switch
            {
                GateKind.ConstMul => Gate.ConstMul(Goldilocks.FromUInt64(3), left),
                GateKind.Relay => Gate.Relay(left),
                _ => new Gate(kind, left, right, Goldilocks.Zero),
            };
            yield return ($"kind {gate.Kind} -> {kind}", other);
        }

        if (gate.IsUnary)
        {
            yield return ("input + 1", gate with { Left = (left + 1) % available, Right = (left + 1) % available });
        }
        else
        {
            yield return ("left wire + 1", gate with { Left = (left + 1) % available });
            yield return ("right wire + 1", gate with { Right = (right + 1) % available });
        }

        if (gate.Kind == GateKind.ConstMul)
        {
            yield return ("constant + 1", gate with { Constant = gate.Constant + Goldilocks.One });
        }

        if (gate.Kind == GateKind.Relay)
        {
            yield return ("relay -> ConstMul(1), the same function", Gate.ConstMul(Goldilocks.One, left));
        }
    }

    /// <summary>The builder call that adds <paramref name="layer"/>, so an edited circuit is rebuilt with every size derived again.</summary>
    private static Action<CircuitBuilder> AddCall(CircuitLayer layer) => layer switch
    {
        GateLayer g => b => b.AddDataParallel(1 << g.CopyVariables, g.GateArray),
        MatMulLayer m => b => b.AddMatMul(m.A, m.B),
        _ => throw new ArgumentException($"No builder call for a {layer.GetType().Name}.", nameof(layer)),
    };

    private static LayeredCircuit Rebuild(LayeredCircuit circuit, Func<ImmutableArray<Action<CircuitBuilder>>, ImmutableArray<Action<CircuitBuilder>>> edit, int? inputWidth = null)
    {
        var builder = new CircuitBuilder(inputWidth ?? circuit.InputWidth);
        foreach (Action<CircuitBuilder> add in edit([.. circuit.Layers.Select(AddCall)]))
        {
            add(builder);
        }

        return builder.Build();
    }

    /// <summary>An honest committed-input proof for <paramref name="layout"/> (<see cref="CommittedInputTests"/>' circuit, tables and parameters), checked to verify: its statement, commitments and bytes.</summary>
    private static (GkrStatement Statement, ImmutableArray<BasefoldCommitment> Commitments, byte[] Bytes) HonestCommitted(GkrInputLayout layout)
    {
        GkrProverResult honest = CommittedInputTests.Honest(layout);
        byte[] bytes = GkrProofEncoding.Encode(honest.Proof);
        GkrVerifier.Verify(honest.Statement, bytes);
        return (honest.Statement, honest.Statement.Committed!.Commitments, bytes);
    }

    /// <summary><paramref name="s"/> with some parts of its committed input (and public part) replaced.</summary>
    private static GkrStatement Committed(GkrStatement s, GkrInputLayout? layout = null, ImmutableArray<BasefoldCommitment>? commitments = null, BasefoldParameters? parameters = null, ImmutableArray<Goldilocks>? publicInput = null) =>
        new(
            s.Circuit,
            publicInput ?? s.PublicInput,
            s.ClaimedOutput,
            new GkrCommittedInput(layout ?? s.Committed!.Layout, commitments ?? s.Committed!.Commitments, parameters ?? s.Committed!.Parameters));

    /// <summary>A sumcheck rejection's reason and round, as the sweeps compare and count them.</summary>
    private readonly record struct SumcheckFailure(SumcheckRejection Reason, int? Round)
    {
        public override string ToString() => Round is { } round ? $"{Reason} in round {round}" : $"{Reason}";
    }

    /// <summary>Which part of an opening statement a mutation changes.</summary>
    private enum OpeningElement
    {
        Coordinate,
        Value,
        Root,
        OtherCommitment,
        SwappedCommitments,
        SwappedPoints,
    }

    /// <summary>One opening-statement mutation: the element, and the coordinate index for <see cref="OpeningElement.Coordinate"/>.</summary>
    private readonly record struct OpeningMutation(OpeningElement Element, int Index);

    /// <summary>An opening statement of either scheme, as its roots (one per commitment, shapes kept), points and values.</summary>
    private sealed record OpeningParts(
        ImmutableArray<ImmutableArray<byte>> Roots,
        ImmutableArray<ImmutableArray<GoldilocksExt2>> Points,
        ImmutableArray<ImmutableArray<GoldilocksExt2>> Values);

    /// <summary>
    /// Sweeps opening statements of either scheme, each with its honest proof's bytes (checked to verify first): every coordinate of
    /// every point (+1, +X, random), every claimed value (the same three), every byte of the first root and
    /// the first and last byte of the others, each root replaced by another commitment's of the same shape,
    /// and, in a batch, the commitments and the points swapped together with their values (a true
    /// statement in another order).
    /// </summary>
    /// <param name="sweep">Where the mutations are counted.</param>
    /// <param name="cases">Per instance: a label, the honest statement, its proof's bytes, and the root of another commitment of the same shape.</param>
    /// <param name="split">The statement's roots, points and values.</param>
    /// <param name="build">The honest statement with other roots (the commitments' shapes kept), points and values.</param>
    /// <param name="verify">Decodes the kept bytes for a mutated statement and verifies them.</param>
    /// <param name="expected">The reason each mutation of an honest statement must be rejected with.</param>
    private static void SweepOpenings<TStatement>(
        Sweep sweep,
        IEnumerable<(string Label, TStatement Statement, byte[] Bytes, ImmutableArray<byte> OtherRoot)> cases,
        Func<TStatement, OpeningParts> split,
        Func<TStatement, OpeningParts, TStatement> build,
        Action<TStatement, byte[]> verify,
        Func<TStatement, OpeningMutation, CommitmentRejection> expected)
    {
        foreach ((string label, TStatement statement, byte[] bytes, ImmutableArray<byte> otherRoot) in cases)
        {
            verify(statement, bytes); // the honest statement accepts the bytes every mutation keeps
            void Check(string mutation, OpeningMutation m, OpeningParts parts)
            {
                TStatement mutated = build(statement, parts);
                sweep.Rejects<CommitmentRejectedException, CommitmentRejection>($"{label}: {mutation}", () => verify(mutated, bytes), e => e.Reason, expected(statement, m));
            }

            SweepOpening(split(statement), otherRoot, Check);
        }
    }

    /// <summary>The mutations of one opening statement, each handed to <paramref name="check"/> with its description and its parts.</summary>
    private static void SweepOpening(OpeningParts honest, ImmutableArray<byte> otherRoot, Action<string, OpeningMutation, OpeningParts> check)
    {
        var source = new RandomSource(65);
        for (int i = 0; i < honest.Points.Length; i++)
        {
            for (int c = 0; c < honest.Points[i].Length; c++)
            {
                foreach ((string name, GoldilocksExt2 other) in Others(honest.Points[i][c], ref source))
                {
                    check($"point {i} coordinate {c} {name}", new(OpeningElement.Coordinate, c), honest with { Points = honest.Points.SetItem(i, honest.Points[i].SetItem(c, other)) });
                }
            }
        }

        for (int j = 0; j < honest.Values.Length; j++)
        {
            for (int i = 0; i < honest.Values[j].Length; i++)
            {
                foreach ((string name, GoldilocksExt2 other) in Others(honest.Values[j][i], ref source))
                {
                    check($"value ({j}, {i}) {name}", new(OpeningElement.Value, 0), honest with { Values = honest.Values.SetItem(j, honest.Values[j].SetItem(i, other)) });
                }
            }
        }

        for (int j = 0; j < honest.Roots.Length; j++)
        {
            foreach (int b in j == 0 ? Enumerable.Range(0, MerkleTree.DigestSize) : [0, MerkleTree.DigestSize - 1])
            {
                check($"root {j} byte {b}", new(OpeningElement.Root, b), honest with { Roots = honest.Roots.SetItem(j, honest.Roots[j].SetItem(b, (byte)(honest.Roots[j][b] ^ 0x01))) });
            }

            check($"root {j} of another commitment", new(OpeningElement.OtherCommitment, 0), honest with { Roots = honest.Roots.SetItem(j, otherRoot) });
        }

        if (honest.Roots.Length > 1)
        {
            check("commitments 0, 1 swapped with their values", new(OpeningElement.SwappedCommitments, 0), honest with
            {
                Roots = honest.Roots.SetItem(0, honest.Roots[1]).SetItem(1, honest.Roots[0]),
                Values = honest.Values.SetItem(0, honest.Values[1]).SetItem(1, honest.Values[0]),
            });
        }

        if (honest.Points.Length > 1)
        {
            check("points 0, 1 swapped with their values", new(OpeningElement.SwappedPoints, 0), honest with
            {
                Points = honest.Points.SetItem(0, honest.Points[1]).SetItem(1, honest.Points[0]),
                Values = [.. honest.Values.Select(v => v.SetItem(0, v[1]).SetItem(1, v[0]))],
            });
        }
    }

    /// <summary>One statement type's sweep: counts mutations and rejections and collects every mutation not rejected with an allowed reason.</summary>
    private sealed class Sweep(ITestOutputHelper output, string type)
    {
        private readonly List<string> _failures = [];
        private readonly SortedDictionary<string, int> _reasons = new(StringComparer.Ordinal);
        private int _mutations;
        private int _rejected;

        /// <summary>Runs <paramref name="verify"/> on one mutated statement; it must throw <typeparamref name="TException"/> with one of <paramref name="allowed"/>.</summary>
        public void Rejects<TException, TReason>(string mutation, Action verify, Func<TException, TReason> reasonOf, params TReason[] allowed)
            where TException : Exception
            where TReason : notnull
        {
            _mutations++;
            Exception? thrown = Record.Exception(verify);
            if (thrown is not TException rejection)
            {
                _failures.Add(thrown is null
                    ? $"{mutation}: ACCEPTED, the element is not bound"
                    : $"{mutation}: {thrown.GetType().Name} instead of {typeof(TException).Name}: {thrown.Message}");
                return;
            }

            _rejected++;
            TReason reason = reasonOf(rejection);
            string name = reason.ToString() ?? string.Empty;
            _reasons[name] = _reasons.GetValueOrDefault(name) + 1;
            if (!allowed.Contains(reason))
            {
                _failures.Add($"{mutation}: rejected with {reason}, expected {string.Join(" or ", allowed)} ({rejection.Message})");
            }
        }

        /// <summary>Writes the counts ("binding &lt;type&gt;: n mutations, n rejected", then the reasons seen) and fails on any mutation not rejected as expected.</summary>
        public void Finish()
        {
            output.WriteLine($"binding {type}: {_mutations} mutations, {_rejected} rejected");
            output.WriteLine($"  reasons: {string.Join(", ", _reasons.Select(r => $"{r.Key} x{r.Value}"))}");
            Assert.True(_mutations > 0, $"binding {type}: no mutation ran");
            Assert.True(_failures.Count == 0, $"binding {type}: {_failures.Count} of {_mutations} mutations not rejected as expected:{Environment.NewLine}{string.Join(Environment.NewLine, _failures)}");
        }
    }
}
