using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The prover of the Ligero/Brakedown-style tensor commitment: <c>Commit</c> encodes and
/// Merkle-commits a table; <c>Open</c> proves evaluations of committed tables at points.
/// Mirrors <see cref="LigeroVerifier"/>.
/// </summary>
/// <remarks>
/// The table's 2^n evaluations form a 2^a × 2^b matrix M (row = top a variables, column = low b, in
/// the big-endian variable order of <see cref="MultilinearTable{T}"/>), so
/// f(z) = eq(z_row)^T · M · eq(z_col). Each row is Reed–Solomon encoded (zero-padded to 2^(b+L), NTT);
/// leaf j of the Merkle tree hashes column j of the encoded matrix.
/// </remarks>
public static class LigeroProver
{
    private const int RowChunk = 8;
    private const int ParallelThreshold = 1 << 14;

    /// <summary>Commits to a table of 2^n base-field evaluations with the shape <paramref name="parameters"/> choose for n.</summary>
    /// <exception cref="ArgumentException">The table length is not a power of two.</exception>
    public static LigeroCommittedPolynomial Commit(Goldilocks[] table, LigeroParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(parameters);
        return Commit(table, parameters.ShapeFor(Multilinear.NumVariablesOf(table.Length)));
    }

    /// <summary>Commits to a table with an explicit shape (the verifier accepts only the shape its parameters choose).</summary>
    /// <exception cref="ArgumentException">The table does not have 2^n entries or the shape is invalid.</exception>
    public static LigeroCommittedPolynomial Commit(Goldilocks[] table, LigeroShape shape)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(shape);
        if (!shape.IsValid || table.Length != 1L << shape.NumVariables)
        {
            throw new ArgumentException($"A table of {table.Length} entries does not fit shape {shape}.", nameof(table));
        }

        int rows = shape.Rows, width = shape.MessageLength, length = shape.CodewordLength;
        var columns = GC.AllocateUninitializedArray<Goldilocks>(checked(rows * length));
        int chunks = (rows + RowChunk - 1) / RowChunk;
        bool parallelRows = chunks > 1 && table.Length >= ParallelThreshold;

        // Encode RowChunk rows at a time, then scatter them into column-major order: each column
        // receives RowChunk consecutive words (one cache line), so the transpose stays cache friendly.
        void EncodeChunk(int chunk)
        {
            int first = chunk * RowChunk, count = Math.Min(RowChunk, rows - first);
            var buffer = new Goldilocks[count * length];
            for (int r = 0; r < count; r++)
            {
                LigeroProtocol.Encode(table.AsSpan((first + r) * width, width), buffer.AsSpan(r * length, length), allowParallel: !parallelRows);
            }

            for (int c = 0; c < length; c++)
            {
                int target = (c * rows) + first;
                for (int r = 0; r < count; r++)
                {
                    columns[target + r] = buffer[(r * length) + c];
                }
            }
        }

        if (parallelRows)
        {
            Parallel.For(0, chunks, EncodeChunk);
        }
        else
        {
            for (int chunk = 0; chunk < chunks; chunk++)
            {
                EncodeChunk(chunk);
            }
        }

        MerkleTree tree = MerkleTree.FromColumns(columns, length, rows);
        var commitment = new LigeroCommitment(shape, [.. tree.Root]);
        return new LigeroCommittedPolynomial(commitment, table, columns, tree);
    }

    /// <summary>
    /// Proves Values[j][i] = f_j(z_i) for every committed polynomial j and point i of
    /// <paramref name="statement"/>, as one opening: one proximity row, one evaluation row per point and
    /// one set of t column queries shared by all polynomials.
    /// </summary>
    /// <param name="statement">The claims; its commitments must be those of <paramref name="polynomials"/>, in order.</param>
    /// <param name="polynomials">The prover data of each commitment.</param>
    /// <param name="parameters">The parameters the verifier will use.</param>
    /// <param name="transcript">The transcript, in the same state as the verifier's.</param>
    /// <exception cref="ArgumentException">The polynomials do not match the statement's commitments, or a point has the wrong length.</exception>
    public static LigeroOpeningProof Open(LigeroOpeningStatement statement, IReadOnlyList<LigeroCommittedPolynomial> polynomials, LigeroParameters parameters, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(polynomials);
        if (polynomials.Count != statement.Commitments.Length || polynomials.Where((p, j) => !p.Commitment.Equals(statement.Commitments[j])).Any())
        {
            throw new ArgumentException("The polynomials must be the statement's commitments, in order.", nameof(polynomials));
        }

        return Open(statement, polynomials, parameters, transcript, tamper: null);
    }

    /// <summary>
    /// <see cref="Open(LigeroOpeningStatement, IReadOnlyList{LigeroCommittedPolynomial}, LigeroParameters, Transcript)"/>
    /// without the statement check and with an optional hook that alters the rows before they are
    /// absorbed (tests use it to play a cheating prover that follows the protocol afterwards).
    /// </summary>
    internal static LigeroOpeningProof Open(LigeroOpeningStatement statement, IReadOnlyList<LigeroCommittedPolynomial> polynomials, LigeroParameters parameters, Transcript transcript, Action<GoldilocksExt2[], GoldilocksExt2[][]>? tamper)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transcript);
        LigeroShape shape = polynomials[0].Commitment.Shape;
        if (polynomials.Any(p => p.Commitment.Shape != shape) || statement.Points.Any(p => p.Length != shape.NumVariables))
        {
            throw new ArgumentException($"Every polynomial must have shape {shape} and every point {shape.NumVariables} coordinates.", nameof(polynomials));
        }

        (GoldilocksExt2[] beta, GoldilocksExt2[] proximity) = LigeroProtocol.BeginOpening(transcript, statement, parameters);
        Goldilocks[][] tables = [.. polynomials.Select(p => p.Values)];
        var weights = new List<GoldilocksExt2[][]> { LigeroProtocol.ProximityWeights(proximity, tables.Length, shape.Rows) };
        weights.AddRange(statement.Points.Select(point => LigeroProtocol.EvaluationWeights(point.AsSpan(), shape, beta)));
        var rows = new GoldilocksExt2[weights.Count][];
        if (tables[0].Length >= ParallelThreshold && rows.Length > 1)
        {
            Parallel.For(0, rows.Length, i => rows[i] = LigeroProtocol.CombineRows(tables, shape, weights[i]));
        }
        else
        {
            for (int i = 0; i < rows.Length; i++)
            {
                rows[i] = LigeroProtocol.CombineRows(tables, shape, weights[i]);
            }
        }

        GoldilocksExt2[] proximityRow = rows[0];
        GoldilocksExt2[][] evaluationRows = rows[1..];
        tamper?.Invoke(proximityRow, evaluationRows);
        LigeroProtocol.AbsorbRows(transcript, proximityRow, evaluationRows);

        byte[] seed = LigeroProtocol.PowSeed(transcript);
        ulong nonce = 0;
        while (!LigeroProtocol.PowValid(seed, nonce, parameters.ProofOfWorkBits))
        {
            nonce++;
        }

        int[] positions = LigeroProtocol.QueryPositions(transcript, nonce, parameters.Queries, shape.CodewordLength);
        var columns = ImmutableArray.CreateBuilder<ImmutableArray<Goldilocks>>(polynomials.Count);
        var siblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(polynomials.Count);
        foreach (LigeroCommittedPolynomial polynomial in polynomials)
        {
            var opened = new Goldilocks[positions.Length * shape.Rows];
            for (int q = 0; q < positions.Length; q++)
            {
                polynomial.Columns.AsSpan(positions[q] * shape.Rows, shape.Rows).CopyTo(opened.AsSpan(q * shape.Rows));
            }

            columns.Add(ImmutableCollectionsMarshal.AsImmutableArray(opened));
            siblings.Add(ImmutableCollectionsMarshal.AsImmutableArray(polynomial.Tree.Open(positions)));
        }

        return new LigeroOpeningProof(
            ImmutableCollectionsMarshal.AsImmutableArray(proximityRow),
            [.. evaluationRows.Select(ImmutableCollectionsMarshal.AsImmutableArray)],
            nonce,
            columns.MoveToImmutable(),
            siblings.MoveToImmutable());
    }
}
