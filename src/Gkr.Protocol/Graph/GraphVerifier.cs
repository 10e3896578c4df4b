using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Graph;

/// <summary>
/// The verifier of <see cref="GraphCircuit"/> proofs: statement and proof in, accept or a typed
/// <see cref="ProofRejectedException"/> out (<see cref="GkrRejectedException"/> for the walk and the openings,
/// <see cref="LookupRejectedException"/> for the lookups). It never indexes by a proof-supplied count before
/// checking it against the circuit.
/// </summary>
/// <remarks>
/// Steps, mirroring <see cref="GraphProver"/>: check the statement's lengths and the proof's shape; absorb
/// the statement; absorb the witness root; verify each lookup (its leaf claims enter the ledger); squeeze the
/// output point and compute the output claim from the claimed output; walk the layers from the output, each
/// verifying the weighted claims on its values and adding the claims it returns; evaluate the public input at
/// every claim on it, and the public tables at every claim on them (public mode) or check the model opening
/// (committed mode); check the witness opening at every claim on the witness columns.
/// </remarks>
public static class GraphVerifier
{
    /// <summary>Verifies <paramref name="proof"/> for <paramref name="statement"/>.</summary>
    /// <exception cref="ProofRejectedException">The proof is rejected (<see cref="GkrRejectedException"/> or <see cref="LookupRejectedException"/>, with the reason).</exception>
    public static void Verify(GraphStatement statement, GraphProof proof, TranscriptRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(proof);
        GraphCircuit circuit = statement.Circuit;
        CheckStatement(statement);
        CheckShape(statement, proof);
        Transcript transcript = statement.StartTranscript(recorder);
        BasefoldCommitment? witness = null;
        if (statement.WitnessLayout is { } layout)
        {
            witness = new BasefoldCommitment(layout.NumVariables, statement.WitnessParameters.LogInverseRate, statement.WitnessParameters.LogArity, proof.WitnessRoot);
            transcript.AbsorbBytes(TranscriptLabels.GraphWitnessCommitment, proof.WitnessRoot.AsSpan());
        }

        var ledger = new ClaimLedger();
        for (int l = 0; l < circuit.Lookups.Length; l++)
        {
            LookupVerifier.Verify(l, circuit.Lookups[l], circuit, proof.Lookups[l], transcript, ledger);
        }

        GoldilocksExt2[] r = transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphOutputPoint, circuit.OutputVariables);
        ledger.Add(new Claim(PolynomialRef.Layer(circuit.Layers.Length - 1), [.. r], Polynomials.Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(statement.ClaimedOutput.AsSpan(), r)));
        for (int i = circuit.Layers.Length - 1; i >= 0; i--)
        {
            IReadOnlyList<Claim> claims = ledger.Take(PolynomialRef.Layer(i));
            GoldilocksExt2[] weights = GraphWalk.Weights(i, claims.Count, transcript);
            Claim[] emitted = circuit.Layers[i].Verify(new GraphVerifierContext(i, claims, weights, proof.Layers[i], transcript));
            GraphWalk.CheckEmitted(circuit, i, claims.Count, emitted);
            ledger.AddRange(emitted);
        }

        CheckPublic(ledger.Take(PolynomialRef.Input), statement.PublicInput.AsSpan(), 1 << circuit.InputVariables, GkrRejection.FinalInputMismatch, "the input");
        IReadOnlyList<Claim> tableClaims = ledger.TakeAll(PolynomialKind.Table);
        if (statement.ModelCommitment is { } mc)
        {
            if (tableClaims.Count > 0)
            {
                Open(GraphWalk.Opening(mc.Layout, mc.Commitment, tableClaims), proof.ModelOpening!, mc.Parameters, transcript, GkrRejection.ModelOpeningFailed);
            }
        }
        else
        {
            foreach (IGrouping<int, Claim> group in tableClaims.GroupBy(c => c.On.Index))
            {
                CheckPublic([.. group], statement.PublicTables[group.Key].AsSpan(), statement.PublicTables[group.Key].Length, GkrRejection.TableClaimMismatch, $"table {group.Key} ({circuit.Tables[group.Key].Name})");
            }
        }

        IReadOnlyList<Claim> witnessClaims = ledger.TakeAll(PolynomialKind.Witness);
        if (witness is not null)
        {
            Open(GraphWalk.Opening(statement.WitnessLayout!, witness, witnessClaims), proof.WitnessOpening!, statement.WitnessParameters, transcript, GkrRejection.WitnessOpeningFailed);
        }
    }

    /// <summary>Decodes <paramref name="proofBytes"/> (canonical encoding only) and verifies it.</summary>
    /// <exception cref="ProofRejectedException">Malformed bytes (<see cref="GkrRejection.MalformedProof"/>) or a rejected proof.</exception>
    public static void Verify(GraphStatement statement, ReadOnlySpan<byte> proofBytes)
    {
        ArgumentNullException.ThrowIfNull(statement);
        GraphProof proof = Serialization.ProofBytes.Decode(proofBytes, b => GraphProofEncoding.Decode(b, statement), ex => new GkrRejectedException(GkrRejection.MalformedProof, ex.Message, inner: ex));
        Verify(statement, proof);
    }

    private static void CheckStatement(GraphStatement statement)
    {
        GraphCircuit circuit = statement.Circuit;
        bool tablesOk = statement.ModelCommitment is { } mc
            ? mc.Layout.Variables.SequenceEqual(circuit.Tables.Select(t => t.NumVariables))
            : !statement.PublicTables.IsDefault && statement.PublicTables.Length == circuit.Tables.Length
              && statement.PublicTables.Select((t, i) => t.Length == 1 << circuit.Tables[i].NumVariables).All(ok => ok);
        if (statement.PublicInput.Length != circuit.InputWidth || statement.ClaimedOutput.Length != 1 << circuit.OutputVariables || !tablesOk)
        {
            throw new GkrRejectedException(
                GkrRejection.StatementMismatch,
                $"the circuit takes {circuit.InputWidth} inputs, gives 2^{circuit.OutputVariables} outputs and has {circuit.Tables.Length} tables; the statement has {statement.PublicInput.Length} inputs, {statement.ClaimedOutput.Length} outputs and {(tablesOk ? "matching" : "mismatched")} tables");
        }
    }

    private static void CheckShape(GraphStatement statement, GraphProof proof)
    {
        GraphCircuit circuit = statement.Circuit;
        bool hasWitness = !circuit.Witness.IsEmpty;
        if (proof.WitnessRoot.IsDefault || proof.WitnessRoot.Length != (hasWitness ? MerkleTree.DigestSize : 0))
        {
            throw new GkrRejectedException(GkrRejection.MalformedProof, hasWitness ? $"the witness root has {MerkleTree.DigestSize} bytes" : "the circuit has no witness; the proof has a witness root");
        }

        if (proof.Lookups.IsDefault || proof.Lookups.Length != circuit.Lookups.Length)
        {
            throw new GkrRejectedException(GkrRejection.MalformedProof, $"the circuit has {circuit.Lookups.Length} lookups, the proof {(proof.Lookups.IsDefault ? 0 : proof.Lookups.Length)}");
        }

        int count = proof.Layers.IsDefault ? 0 : proof.Layers.Length;
        if (count != circuit.Layers.Length)
        {
            throw new GkrRejectedException(GkrRejection.LayerCountMismatch, $"the circuit has {circuit.Layers.Length} layers, the proof {count}");
        }

        for (int i = 0; i < count; i++)
        {
            LayerProofShape shape = circuit.Layers[i].Shape(circuit.ClaimCounts[i]);
            GkrLayerProof? layer = proof.Layers[i];
            int sumchecks = layer is null || layer.Sumchecks.IsDefault ? -1 : layer.Sumchecks.Length;
            int evaluations = layer is null || layer.Evaluations.IsDefault ? -1 : layer.Evaluations.Length;
            if (sumchecks != shape.SumcheckRounds.Length || evaluations != shape.Evaluations || layer!.Sumchecks.Any(s => s is null))
            {
                throw new GkrRejectedException(GkrRejection.MalformedProof, $"expected {shape.SumcheckRounds.Length} sumchecks and {shape.Evaluations} evaluations, got {sumchecks} and {evaluations}", i);
            }
        }

        bool modelOpening = GraphShapes.HasModelOpening(statement);
        if ((proof.ModelOpening is not null) != modelOpening || (proof.WitnessOpening is not null) != hasWitness)
        {
            throw new GkrRejectedException(GkrRejection.MalformedProof, $"expected {(modelOpening ? "a" : "no")} model opening and {(hasWitness ? "a" : "no")} witness opening");
        }
    }

    private static void CheckPublic(IReadOnlyList<Claim> claims, ReadOnlySpan<Goldilocks> values, int size, GkrRejection reason, string what)
    {
        if (claims.Count == 0)
        {
            return;
        }

        var padded = new Goldilocks[size];
        values.CopyTo(padded);
        for (int j = 0; j < claims.Count; j++)
        {
            GoldilocksExt2 actual = Polynomials.Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(padded, claims[j].Point.AsSpan());
            if (actual != claims[j].Value)
            {
                throw new GkrRejectedException(reason, $"claim {j} on {what} says {claims[j].Value}, its extension gives {actual}", expected: actual.ToString(), actual: claims[j].Value.ToString());
            }
        }
    }

    private static void Open(BasefoldOpeningStatement opening, BasefoldOpeningProof proof, BasefoldParameters parameters, Transcript transcript, GkrRejection reason)
    {
        try
        {
            BasefoldVerifier.Verify(opening, proof, parameters, transcript);
        }
        catch (CommitmentRejectedException ex)
        {
            throw new GkrRejectedException(reason, ex.Message, inner: ex);
        }
    }
}

/// <summary>Counts that fix a graph proof's shape, from the circuit and statement alone.</summary>
public static class GraphShapes
{
    /// <summary>Claims that reach the end of the walk on each kind of polynomial: (input, tables, witness).</summary>
    public static (int Input, int Tables, int Witness) FinalClaimCounts(GraphCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        int input = 0, tables = 0, witness = 0;
        void Count(PolynomialRef r)
        {
            switch (r.Kind)
            {
                case PolynomialKind.Layer when r.Index < 0: input++; break;
                case PolynomialKind.Table: tables++; break;
                case PolynomialKind.Witness: witness++; break;
            }
        }

        foreach (LookupArgument lookup in circuit.Lookups)
        {
            Count(lookup.Multiplicities);
            foreach (LookupColumn column in lookup.Columns)
            {
                Count(column.X);
                if (column.Y is { } y)
                {
                    Count(y);
                }
            }
        }

        for (int i = 0; i < circuit.Layers.Length; i++)
        {
            foreach (PolynomialRef target in circuit.Layers[i].ClaimTargets(circuit.ClaimCounts[i]))
            {
                Count(target);
            }
        }

        return (input, tables, witness);
    }

    /// <summary>Whether a proof for <paramref name="statement"/> carries a model opening (committed mode with claims on tables).</summary>
    public static bool HasModelOpening(GraphStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.ModelCommitment is not null && FinalClaimCounts(statement.Circuit).Tables > 0;
    }
}
