using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The verifier of the Ligero/Brakedown-style tensor commitment. Stateless: it sees only the statement,
/// the parameters, the proof and the transcript. Mirrors <see cref="LigeroProver.Open(LigeroOpeningStatement, IReadOnlyList{LigeroCommittedPolynomial}, LigeroParameters, Transcript)"/>.
/// </summary>
/// <remarks>
/// <para>Checks, in order (the first failure throws): the shapes; for each point i,
/// Σ_j β_j·v_(j,i) = ⟨u_i, eq(z_i,col)⟩; the proof of work; for each commitment, the opened columns
/// and siblings hash to its root; at each queried position q, Σ_j r_j^T·col_j(q) = Enc(u)[q] and
/// Σ_j β_j·eq(z_i,row)^T·col_j(q) = Enc(u_i)[q].</para>
/// <para>Soundness: see <see cref="LigeroParameters"/> (−log2 ε is <see cref="LigeroParameters.SecurityBits"/>).
/// Nothing remains for the caller: on return every claimed value is accepted.</para>
/// </remarks>
public static class LigeroVerifier
{
    /// <summary>Decodes <paramref name="proofBytes"/> (canonical encoding only, <see cref="LigeroEncoding"/>) and verifies it.</summary>
    /// <exception cref="CommitmentRejectedException">Malformed bytes (<see cref="CommitmentRejection.MalformedProof"/>) or a failed check.</exception>
    public static void Verify(LigeroOpeningStatement statement, ReadOnlySpan<byte> proofBytes, LigeroParameters parameters, Transcript transcript)
    {
        LigeroOpeningProof proof = Serialization.ProofBytes.Decode(proofBytes, b => LigeroEncoding.DecodeOpening(b, statement, parameters), CommitmentRejectedException.Malformed);
        Verify(statement, proof, parameters, transcript);
    }

    /// <summary>Verifies <paramref name="proof"/> for <paramref name="statement"/>; returns normally when every check passes.</summary>
    /// <exception cref="CommitmentRejectedException">A check failed; <see cref="CommitmentRejectedException.Reason"/> says which.</exception>
    public static void Verify(LigeroOpeningStatement statement, LigeroOpeningProof proof, LigeroParameters parameters, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transcript);
        LigeroShape shape = CheckShapes(statement, proof, parameters);
        int k = statement.Commitments.Length, m = statement.Points.Length;

        (GoldilocksExt2[] beta, GoldilocksExt2[] proximity) = LigeroProtocol.BeginOpening(transcript, statement, parameters);
        GoldilocksExt2[][] evaluationRows = [.. proof.EvaluationRows.Select(r => r.ToArray())];
        for (int i = 0; i < m; i++)
        {
            GoldilocksExt2 claimed = GoldilocksExt2.Zero;
            for (int j = 0; j < k; j++)
            {
                claimed += beta[j] * statement.Values[j][i];
            }

            GoldilocksExt2 fromRow = LigeroProtocol.RowValue(evaluationRows[i], statement.Points[i].AsSpan(), shape);
            if (claimed != fromRow)
            {
                throw new CommitmentRejectedException(CommitmentRejection.ValueMismatch, null, claimed.ToString(), $"{fromRow} (point {i})");
            }
        }

        LigeroProtocol.AbsorbRows(transcript, proof.ProximityRow.AsSpan(), evaluationRows);
        byte[] seed = LigeroProtocol.PowSeed(transcript);
        if (!LigeroProtocol.PowValid(seed, proof.ProofOfWorkNonce, parameters.ProofOfWorkBits))
        {
            throw new CommitmentRejectedException(CommitmentRejection.ProofOfWorkInvalid, null, $"{parameters.ProofOfWorkBits} leading zero bits", $"nonce {proof.ProofOfWorkNonce}");
        }

        int[] positions = LigeroProtocol.QueryPositions(transcript, proof.ProofOfWorkNonce, parameters.Queries, shape.CodewordLength);
        int rows = shape.Rows;
        for (int j = 0; j < k; j++)
        {
            if (proof.Columns[j].Length != positions.Length * rows)
            {
                throw new CommitmentRejectedException(CommitmentRejection.WrongShape, null, $"{positions.Length} columns of {rows}", $"{proof.Columns[j].Length} elements (commitment {j})");
            }

            CheckMerkle(statement.Commitments[j], proof, j, positions, rows);
        }

        CheckColumns(statement, proof, shape, positions, beta, proximity);
    }

    private static LigeroShape CheckShapes(LigeroOpeningStatement statement, LigeroOpeningProof proof, LigeroParameters parameters)
    {
        LigeroShape shape = statement.Commitments[0].Shape;
        LigeroShape expected = parameters.ShapeFor(shape.NumVariables);
        int k = statement.Commitments.Length, m = statement.Points.Length;
        void Require(bool ok, string what, object want, object got)
        {
            if (!ok)
            {
                throw new CommitmentRejectedException(CommitmentRejection.WrongShape, null, $"{what} {want}", got.ToString() ?? string.Empty);
            }
        }

        foreach (LigeroCommitment commitment in statement.Commitments)
        {
            Require(commitment.Shape == expected, "commitment shape", expected, commitment.Shape);
        }

        foreach (var point in statement.Points)
        {
            Require(point.Length == shape.NumVariables, "point coordinates", shape.NumVariables, point.Length);
        }

        Require(!proof.ProximityRow.IsDefault && proof.ProximityRow.Length == shape.MessageLength, "proximity row length", shape.MessageLength, proof.ProximityRow.IsDefault ? 0 : proof.ProximityRow.Length);
        Require(!proof.EvaluationRows.IsDefault && proof.EvaluationRows.Length == m, "evaluation rows", m, proof.EvaluationRows.IsDefault ? 0 : proof.EvaluationRows.Length);
        foreach (var row in proof.EvaluationRows)
        {
            Require(!row.IsDefault && row.Length == shape.MessageLength, "evaluation row length", shape.MessageLength, row.IsDefault ? 0 : row.Length);
        }

        Require(!proof.Columns.IsDefault && proof.Columns.Length == k && proof.Columns.All(c => !c.IsDefault), "column sets", k, proof.Columns.IsDefault ? 0 : proof.Columns.Length);
        Require(!proof.MerkleSiblings.IsDefault && proof.MerkleSiblings.Length == k && proof.MerkleSiblings.All(s => !s.IsDefault), "Merkle openings", k, proof.MerkleSiblings.IsDefault ? 0 : proof.MerkleSiblings.Length);
        return shape;
    }

    private static void CheckMerkle(LigeroCommitment commitment, LigeroOpeningProof proof, int j, int[] positions, int rows)
    {
        var leaves = new byte[positions.Length * MerkleTree.DigestSize];
        ReadOnlySpan<Goldilocks> columns = proof.Columns[j].AsSpan();
        for (int q = 0; q < positions.Length; q++)
        {
            MerkleTree.HashColumn(columns.Slice(q * rows, rows), leaves.AsSpan(q * MerkleTree.DigestSize, MerkleTree.DigestSize));
        }

        Span<byte> root = stackalloc byte[MerkleTree.DigestSize];
        bool complete = MerkleTree.TryComputeRoot(commitment.Shape.LogCodewordLength, positions, leaves, proof.MerkleSiblings[j].AsSpan(), root);
        if (!complete || !root.SequenceEqual(commitment.Root.AsSpan()))
        {
            throw new CommitmentRejectedException(
                CommitmentRejection.MerklePathMismatch,
                null,
                $"root {commitment.RootHex} of commitment {j}",
                complete ? Convert.ToHexStringLower(root) : $"{proof.MerkleSiblings[j].Length} sibling bytes, not a complete opening of {positions.Length} columns");
        }
    }

    private static void CheckColumns(LigeroOpeningStatement statement, LigeroOpeningProof proof, LigeroShape shape, int[] positions, GoldilocksExt2[] beta, GoldilocksExt2[] proximity)
    {
        int k = statement.Commitments.Length, rows = shape.Rows;
        GoldilocksExt2[][] proximityWeights = LigeroProtocol.ProximityWeights(proximity, k, rows);
        GoldilocksExt2[] encodedProximity = LigeroProtocol.EncodeExtension(proof.ProximityRow.AsSpan(), shape.CodewordLength);
        var evaluationWeights = statement.Points.Select(p => LigeroProtocol.EvaluationWeights(p.AsSpan(), shape, beta)).ToArray();
        var encodedEvaluations = proof.EvaluationRows.Select(r => LigeroProtocol.EncodeExtension(r.AsSpan(), shape.CodewordLength)).ToArray();
        for (int q = 0; q < positions.Length; q++)
        {
            int start = q * rows;
            ReadOnlyMemory<Goldilocks>[] opened = [.. proof.Columns.Select(c => c.AsMemory().Slice(start, rows))];
            GoldilocksExt2 combined = LigeroProtocol.CombineColumn(opened, proximityWeights);
            if (combined != encodedProximity[positions[q]])
            {
                throw new CommitmentRejectedException(CommitmentRejection.ProximityColumnMismatch, positions[q], encodedProximity[positions[q]].ToString(), combined.ToString());
            }

            for (int i = 0; i < evaluationWeights.Length; i++)
            {
                combined = LigeroProtocol.CombineColumn(opened, evaluationWeights[i]);
                if (combined != encodedEvaluations[i][positions[q]])
                {
                    throw new CommitmentRejectedException(CommitmentRejection.EvaluationColumnMismatch, positions[q], encodedEvaluations[i][positions[q]].ToString(), $"{combined} (point {i})");
                }
            }
        }
    }
}
