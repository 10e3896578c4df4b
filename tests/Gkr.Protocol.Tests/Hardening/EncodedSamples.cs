using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Commitments;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>
/// One honest encoding of some type, the map of its fields, and the check a receiver runs on bytes of
/// that type: <see cref="Check"/> returns normally when it accepts and throws when it rejects.
/// </summary>
/// <param name="Name">The encoding's name in reports.</param>
/// <param name="Bytes">The honest bytes (accepted by <see cref="Check"/>).</param>
/// <param name="Fields">Every field of <see cref="Bytes"/> as the encoder wrote it.</param>
/// <param name="Check">Decode and verify, including the caller's own final checks where the API leaves them to it.</param>
internal sealed record EncodedSample(string Name, byte[] Bytes, IReadOnlyList<EncodedField> Fields, Action<byte[]> Check);

/// <summary>A sumcheck's caller-side final evaluation check failed (the verifier returned a claim that does not hold).</summary>
internal sealed class FinalClaimRejectedException() : ProofRejectedException("The sumcheck's final evaluation claim does not hold.")
{
    public override string Check => "FinalEvaluationCheck";
}

/// <summary>Honest samples of every encoding kind the library writes, small enough to mutate exhaustively.</summary>
internal static class EncodedSamples
{
    private const string ProtocolId = LigeroTestData.ProtocolId;

    private static readonly BasefoldParameters Basefold = BasefoldParameters.Default;

    private static readonly Func<EncodedSample>[] Factories =
    [
        Sumcheck, Batched, GkrPublic, GkrCommitted, BasefoldOpening, LigeroOpening,
        LigeroCommitment, BasefoldCommitmentFile, CircuitFile, StatementFile, GkrLarge, BasefoldOpeningLarge,
        GraphPublic, GraphCommitted, GraphCircuitFile,
    ];

    private static readonly string[] FactoryNames =
    [
        "sumcheck", "batched-sumcheck", "gkr", "gkr-committed", "basefold-opening", "ligero-opening",
        "ligero-commitment", "basefold-commitment", "circuit", "statement", "gkr-large", "basefold-opening-large",
        "graph", "graph-committed", "graph-circuit",
    ];

    /// <summary>The sample names, in order (each sample is built only when asked for).</summary>
    public static IReadOnlyList<string> Names => FactoryNames;

    public static EncodedSample ByName(string name)
    {
        EncodedSample sample = Factories[Array.IndexOf(FactoryNames, name)]();
        return sample.Name == name ? sample : throw new InvalidOperationException($"Sample {name} is registered under {sample.Name}.");
    }

    private static (byte[] Bytes, List<EncodedField> Fields) Record(Action<CanonicalWriter> write)
    {
        var writer = new CanonicalWriter(record: true);
        write(writer);
        return (writer.ToArray(), writer.Fields!);
    }

    /// <summary>Σ f·g·h over 2^5 (degree 3), with the caller's final check.</summary>
    public static EncodedSample Sumcheck()
    {
        var source = new RandomSource(601);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(3, 5, ref source);
        Composition<GoldilocksExt2> composition = Composition<GoldilocksExt2>.Product(3);
        (SumcheckStatement<GoldilocksExt2> statement, SumcheckProverResult<GoldilocksExt2> result) =
            TestData.ProveHonest<Goldilocks, GoldilocksExt2>(composition, tables, 5);
        (byte[] bytes, List<EncodedField> fields) = Record(w => ProofEncoding.Write(result.Proof, w));
        return new("sumcheck", bytes, fields, b =>
        {
            SumcheckClaim<GoldilocksExt2> claim = SumcheckVerifier.Verify(statement, b, new Transcript(TestData.ProtocolId));
            if (!TestData.FinalCheck(composition, tables, claim))
            {
                throw new FinalClaimRejectedException();
            }
        });
    }

    /// <summary>Three claims of 2^2, 2^4 and 2^5 entries batched.</summary>
    public static EncodedSample Batched()
    {
        var source = new RandomSource(602);
        Composition<GoldilocksExt2> composition = Composition<GoldilocksExt2>.Product(2);
        int[] sizes = [2, 4, 5];
        Goldilocks[][][] tables = [.. sizes.Select(n => TestData.RandomTables<Goldilocks>(2, n, ref source))];
        var statement = new BatchedSumcheckStatement<GoldilocksExt2>(
            sizes.Select((n, i) => new SumcheckStatement<GoldilocksExt2>(n, composition, SumcheckProver.ComputeSum(composition, tables[i]))));
        BatchedSumcheckProof<GoldilocksExt2> proof = BatchedSumcheck.Prove<Goldilocks, GoldilocksExt2>(statement, tables, new Transcript(TestData.ProtocolId)).Proof;
        (byte[] bytes, List<EncodedField> fields) = Record(w => ProofEncoding.Write(proof, w));
        return new("batched-sumcheck", bytes, fields, b =>
        {
            ImmutableArray<SumcheckClaim<GoldilocksExt2>> claims = BatchedSumcheck.Verify(statement, b, new Transcript(TestData.ProtocolId));
            for (int i = 0; i < claims.Length; i++)
            {
                if (!TestData.FinalCheck(composition, tables[i], claims[i]))
                {
                    throw new FinalClaimRejectedException();
                }
            }
        });
    }

    /// <summary>A gate layer, a data-parallel layer and a matrix product over 16 public inputs.</summary>
    public static LayeredCircuit SmallCircuit() => new CircuitBuilder(16)
        .AddGates(SampleCircuits.RandomGates(new Random(603), 16, 16))
        .AddDataParallel(2, SampleCircuits.RandomGates(new Random(604), 8, 8))
        .AddMatMul(new MatrixSlice(0, 2, 4), new MatrixSlice(8, 4, 2))
        .Build();

    private static GkrProverResult HonestGkr() => GkrProver.Prove(SmallCircuit(), SampleCircuits.RandomValues(605, 16), SumcheckOptions.SingleThreaded);

    public static EncodedSample GkrPublic()
    {
        GkrProverResult honest = HonestGkr();
        (byte[] bytes, List<EncodedField> fields) = Record(w => GkrProofEncoding.Write(honest.Proof, w));
        return new("gkr", bytes, fields, b => GkrVerifier.Verify(honest.Statement, b));
    }

    /// <summary>A random circuit of 8 layers up to 2^10 wide: enough field elements that the suite samples positions.</summary>
    public static EncodedSample GkrLarge()
    {
        LayeredCircuit circuit = SampleCircuits.Random(640, 8, 10);
        GkrProverResult honest = GkrProver.Prove(circuit, SampleCircuits.RandomValues(641, circuit.InputWidth), SumcheckOptions.SingleThreaded);
        (byte[] bytes, List<EncodedField> fields) = Record(w => GkrProofEncoding.Write(honest.Proof, w));
        return new("gkr-large", bytes, fields, b => GkrVerifier.Verify(honest.Statement, b));
    }

    /// <summary>Public 4 ‖ committed 2^2 ‖ committed 2^3 (two openings).</summary>
    public static EncodedSample GkrCommitted()
    {
        GkrInputLayout layout = GkrInputLayout.Packed(4, 2, 3);
        BasefoldCommittedPolynomial[] tables = RandomInstances.Commit(layout, 606, Basefold);
        GkrProverResult honest = GkrProver.Prove(SmallCircuit(), SampleCircuits.RandomValues(608, 4), layout, tables, Basefold, SumcheckOptions.SingleThreaded);
        (byte[] bytes, List<EncodedField> fields) = Record(w => GkrProofEncoding.Write(honest.Proof, w));
        return new("gkr-committed", bytes, fields, b => GkrVerifier.Verify(honest.Statement, b));
    }

    private static (BasefoldOpeningStatement Statement, BasefoldOpeningProof Proof, BasefoldCommittedPolynomial[] Polynomials) HonestBasefold()
    {
        BasefoldCommittedPolynomial[] polynomials = [BasefoldProver.Commit(LigeroTestData.Table(4, 610), Basefold), BasefoldProver.Commit(LigeroTestData.Table(4, 611), Basefold)];
        BasefoldOpeningStatement statement = RandomInstances.TrueStatement(polynomials, [LigeroTestData.Point(4, 612), LigeroTestData.Point(4, 613)]);
        return (statement, BasefoldProver.Open(statement, polynomials, Basefold, new Transcript(ProtocolId)), polynomials);
    }

    /// <summary>Two polynomials of 2^4 entries opened at two points.</summary>
    public static EncodedSample BasefoldOpening()
    {
        (BasefoldOpeningStatement statement, BasefoldOpeningProof proof, _) = HonestBasefold();
        (byte[] bytes, List<EncodedField> fields) = Record(w => BasefoldEncoding.Write(proof, w));
        return new("basefold-opening", bytes, fields, b => BasefoldVerifier.Verify(statement, b, Basefold, new Transcript(ProtocolId)));
    }

    /// <summary>One polynomial of 2^14 entries: a proof of tens of kilobytes, so byte positions are sampled.</summary>
    public static EncodedSample BasefoldOpeningLarge()
    {
        BasefoldCommittedPolynomial polynomial = BasefoldProver.Commit(LigeroTestData.Table(14, 650), Basefold);
        BasefoldOpeningStatement statement = RandomInstances.TrueStatement([polynomial], [LigeroTestData.Point(14, 651)]);
        BasefoldOpeningProof proof = BasefoldProver.Open(statement, [polynomial], Basefold, new Transcript(ProtocolId));
        (byte[] bytes, List<EncodedField> fields) = Record(w => BasefoldEncoding.Write(proof, w));
        return new("basefold-opening-large", bytes, fields, b => BasefoldVerifier.Verify(statement, b, Basefold, new Transcript(ProtocolId)));
    }

    /// <summary>A Basefold commitment file; the check decodes it and verifies the honest opening against it.</summary>
    public static EncodedSample BasefoldCommitmentFile()
    {
        (BasefoldOpeningStatement statement, BasefoldOpeningProof proof, BasefoldCommittedPolynomial[] polynomials) = HonestBasefold();
        (byte[] bytes, List<EncodedField> fields) = Record(w => global::Gkr.Protocol.Commitments.BasefoldCommitmentFile.Write(polynomials[0].Commitment, Basefold, w));
        return new("basefold-commitment", bytes, fields, b =>
        {
            (BasefoldCommitment commitment, BasefoldParameters parameters) = global::Gkr.Protocol.Commitments.BasefoldCommitmentFile.Decode(b);
            var altered = new BasefoldOpeningStatement(statement.Commitments.SetItem(0, commitment), statement.Points, statement.Values);
            BasefoldVerifier.Verify(altered, proof, parameters, new Transcript(ProtocolId));
        });
    }

    /// <summary>One polynomial of 2^6 entries opened at one point.</summary>
    public static EncodedSample LigeroOpening()
    {
        (_, LigeroOpeningStatement statement, LigeroOpeningProof proof) = LigeroTestData.Honest(6, 620);
        (byte[] bytes, List<EncodedField> fields) = Record(w => LigeroEncoding.Write(proof, w));
        return new("ligero-opening", bytes, fields, b => LigeroVerifier.Verify(statement, b, LigeroTestData.Parameters, new Transcript(LigeroTestData.ProtocolId)));
    }

    /// <summary>A Ligero commitment; the check decodes it and verifies the honest opening against it.</summary>
    public static EncodedSample LigeroCommitment()
    {
        (_, LigeroOpeningStatement statement, LigeroOpeningProof proof) = LigeroTestData.Honest(6, 621);
        (byte[] bytes, List<EncodedField> fields) = Record(w => LigeroEncoding.Write(statement.Commitments[0], w));
        return new("ligero-commitment", bytes, fields, b =>
        {
            LigeroCommitment commitment = LigeroEncoding.DecodeCommitment(b);
            var altered = new LigeroOpeningStatement([commitment], statement.Points, statement.Values);
            LigeroTestData.Verify(altered, proof);
        });
    }

    /// <summary>The binary circuit file; the check decodes it and verifies the honest proof under it.</summary>
    public static EncodedSample CircuitFile()
    {
        GkrProverResult honest = HonestGkr();
        byte[] proof = GkrProofEncoding.Encode(honest.Proof);
        byte[] bytes = CircuitEncoding.Encode(honest.Statement.Circuit);
        return new("circuit", bytes, CircuitFields(honest.Statement.Circuit), b =>
            GkrVerifier.Verify(new GkrStatement(CircuitEncoding.Decode(b), honest.Statement.PublicInput, honest.Statement.ClaimedOutput), proof));
    }

    /// <summary>The statement file of a committed-input proof; the check decodes it and verifies the honest proof under it.</summary>
    public static EncodedSample StatementFile()
    {
        GkrInputLayout layout = GkrInputLayout.Packed(4, 2, 3);
        BasefoldCommittedPolynomial[] tables = RandomInstances.Commit(layout, 630, Basefold);
        GkrProverResult honest = GkrProver.Prove(SmallCircuit(), SampleCircuits.RandomValues(632, 4), layout, tables, Basefold, SumcheckOptions.SingleThreaded);
        byte[] proof = GkrProofEncoding.Encode(honest.Proof);
        (byte[] bytes, List<EncodedField> fields) = Record(w => GkrStatementEncoding.Write(honest.Statement, w));
        return new("statement", bytes, fields, b => GkrVerifier.Verify(GkrStatementEncoding.Decode(b, honest.Statement.Circuit), proof));
    }

    private static GraphProverResult HonestGraph(bool committed)
    {
        GraphCircuit circuit = SampleGraphs.Small();
        Goldilocks[][] tables = [SampleGraphs.SmallTable(650)];
        GraphModel model = committed ? GraphModel.Commit(circuit, tables, Basefold) : GraphModel.Public(circuit, tables);
        return GraphProver.Prove(circuit, SampleGraphs.SmallValues(651, 16), model, SumcheckOptions.SingleThreaded);
    }

    /// <summary>A graph proof with public tables: witness root, two lookups (clamp and range), five layers, the witness opening.</summary>
    public static EncodedSample GraphPublic()
    {
        GraphProverResult honest = HonestGraph(committed: false);
        (byte[] bytes, List<EncodedField> fields) = Record(w => GraphProofEncoding.Write(honest.Proof, w));
        return new("graph", bytes, fields, b => GraphVerifier.Verify(honest.Statement, b));
    }

    /// <summary>The same with the table committed: a model opening joins the witness opening.</summary>
    public static EncodedSample GraphCommitted()
    {
        GraphProverResult honest = HonestGraph(committed: true);
        (byte[] bytes, List<EncodedField> fields) = Record(w => GraphProofEncoding.Write(honest.Proof, w));
        return new("graph-committed", bytes, fields, b => GraphVerifier.Verify(honest.Statement, b));
    }

    /// <summary>The binary graph-circuit file; the check decodes it and verifies the honest proof under it.</summary>
    public static EncodedSample GraphCircuitFile()
    {
        GraphProverResult honest = HonestGraph(committed: false);
        byte[] proof = GraphProofEncoding.Encode(honest.Proof);
        byte[] bytes = GraphCircuitEncoding.Encode(honest.Statement.Circuit);
        GraphStatement s = honest.Statement;
        var fields = new List<EncodedField> { new(0, GkrFormat.HeaderLength, FieldRole.Header) };
        for (int offset = GkrFormat.HeaderLength; offset < bytes.Length; offset += 4)
        {
            fields.Add(new EncodedField(offset, Math.Min(4, bytes.Length - offset), FieldRole.Integer));
        }

        return new("graph-circuit", bytes, fields, b =>
            GraphVerifier.Verify(new GraphStatement(GraphCircuitEncoding.Decode(b), s.PublicInput, s.ClaimedOutput, s.PublicTables.Select(t => (IEnumerable<Goldilocks>)t)), proof));
    }

    /// <summary>The circuit description is written by the layers themselves; its fields are the header, then one integer per byte run.</summary>
    private static List<EncodedField> CircuitFields(LayeredCircuit circuit)
    {
        byte[] bytes = circuit.CanonicalBytes();
        var fields = new List<EncodedField> { new(0, GkrFormat.HeaderLength, FieldRole.Header) };
        for (int offset = GkrFormat.HeaderLength; offset < bytes.Length; offset += 4)
        {
            fields.Add(new EncodedField(offset, Math.Min(4, bytes.Length - offset), FieldRole.Integer));
        }

        return fields;
    }
}
