using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Numerics;
using System.Security.Cryptography;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The steps the Ligero prover and verifier share, so that both walk the transcript identically:
/// statement absorption, challenges, proof of work, query positions, Reed–Solomon encoding and the
/// row combinations.
/// </summary>
/// <remarks>
/// Transcript inventory of one opening, in order: absorb <c>pcs/statement</c> ("ligero"),
/// <c>pcs/shape</c>, k × <c>pcs/commitment</c>, m × <c>pcs/point</c>, <c>pcs/claimed-values</c>;
/// challenge <c>pcs/batch-coefficients</c> (k − 1, when k &gt; 1) and <c>pcs/proximity-coefficients</c>
/// (k·2^a); absorb <c>pcs/proximity-row</c> and <c>pcs/evaluation-rows</c>; challenge
/// <c>pcs/pow-seed</c> (4 base elements); absorb <c>pcs/pow-nonce</c>; challenge
/// <c>pcs/query-indices</c> (t base elements). Columns and Merkle siblings are the last message and
/// are checked against the root, so they need not be absorbed.
/// </remarks>
internal static class LigeroProtocol
{
    private static ReadOnlySpan<byte> SchemeName => "ligero"u8;

    /// <summary>Absorbs the statement and parameters, then draws the batching and proximity coefficients.</summary>
    public static (GoldilocksExt2[] Beta, GoldilocksExt2[] Proximity) BeginOpening(Transcript transcript, LigeroOpeningStatement statement, LigeroParameters parameters)
    {
        LigeroShape shape = statement.Commitments[0].Shape;
        AbsorbStatement(
            transcript,
            SchemeName,
            [shape.NumVariables, shape.RowVariables, shape.LogInverseRate, parameters.Queries, parameters.ProofOfWorkBits, statement.Commitments.Length, statement.Points.Length],
            statement.Commitments.Select(c => c.Root),
            statement.Points,
            statement.Values);
        int k = statement.Commitments.Length;
        var beta = new GoldilocksExt2[k];
        beta[0] = GoldilocksExt2.One;
        if (k > 1)
        {
            transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.PcsBatchCoefficients, k - 1).CopyTo(beta, 1);
        }

        GoldilocksExt2[] proximity = transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.PcsProximityCoefficients, k * shape.Rows);
        return (beta, proximity);
    }

    /// <summary>
    /// Absorbs an opening statement: the scheme name, its shape numbers (u64 each), every commitment root,
    /// every point and the claimed values (row-major by polynomial). Shared by every scheme here.
    /// </summary>
    public static void AbsorbStatement(Transcript transcript, ReadOnlySpan<byte> scheme, ReadOnlySpan<int> shape, IEnumerable<ImmutableArray<byte>> roots, ImmutableArray<ImmutableArray<GoldilocksExt2>> points, ImmutableArray<ImmutableArray<GoldilocksExt2>> values)
    {
        transcript.AbsorbBytes(TranscriptLabels.PcsStatement, scheme);
        var numbers = new byte[shape.Length * sizeof(ulong)];
        for (int i = 0; i < shape.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(numbers.AsSpan(i * sizeof(ulong)), (ulong)shape[i]);
        }

        transcript.AbsorbBytes(TranscriptLabels.PcsShape, numbers);
        foreach (ImmutableArray<byte> root in roots)
        {
            transcript.AbsorbBytes(TranscriptLabels.PcsCommitment, root.AsSpan());
        }

        foreach (var point in points)
        {
            transcript.AbsorbFields(TranscriptLabels.PcsPoint, point.AsSpan());
        }

        transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.PcsClaimedValues, [.. values.SelectMany(v => v)]);
    }

    /// <summary>Absorbs the prover's rows.</summary>
    public static void AbsorbRows(Transcript transcript, ReadOnlySpan<GoldilocksExt2> proximityRow, IReadOnlyList<GoldilocksExt2[]> evaluationRows)
    {
        transcript.AbsorbFields(TranscriptLabels.PcsProximityRow, proximityRow);
        transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.PcsEvaluationRows, [.. evaluationRows.SelectMany(r => r)]);
    }

    /// <summary>The proof-of-work seed (32 bytes from four base-field challenges).</summary>
    public static byte[] PowSeed(Transcript transcript)
    {
        Goldilocks[] words = transcript.ChallengeFields<Goldilocks>(TranscriptLabels.PcsPowSeed, 4);
        var seed = new byte[4 * sizeof(ulong)];
        for (int i = 0; i < words.Length; i++)
        {
            words[i].Encode(seed.AsSpan(i * sizeof(ulong), sizeof(ulong)));
        }

        return seed;
    }

    /// <summary>True when SHA256(seed ‖ nonce as u64 LE) starts with at least <paramref name="bits"/> zero bits.</summary>
    public static bool PowValid(ReadOnlySpan<byte> seed, ulong nonce, int bits)
    {
        if (bits == 0)
        {
            return true;
        }

        Span<byte> input = stackalloc byte[40];
        seed.CopyTo(input);
        BinaryPrimitives.WriteUInt64LittleEndian(input[32..], nonce);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(input, digest);
        return BitOperations.LeadingZeroCount(BinaryPrimitives.ReadUInt64BigEndian(digest)) >= bits;
    }

    /// <summary>
    /// Absorbs the proof-of-work nonce and draws the t query positions in [0, N), sorted and deduplicated. Each is a uniform base-field challenge
    /// reduced mod N = 2^(b+L); since p = 2^64 − 2^32 + 1 the bias is below 2^−31 per position.
    /// </summary>
    public static int[] QueryPositions(Transcript transcript, ulong nonce, int queries, int codewordLength)
    {
        transcript.AbsorbUInt64(TranscriptLabels.PcsPowNonce, nonce);
        Goldilocks[] draws = transcript.ChallengeFields<Goldilocks>(TranscriptLabels.PcsQueryIndices, queries);
        return [.. draws.Select(d => (int)(d.Value & (ulong)(codewordLength - 1))).Distinct().Order()];
    }

    /// <summary>The per-matrix weight vectors of evaluation row i: β_j·eq(z_i,row).</summary>
    public static GoldilocksExt2[][] EvaluationWeights(ReadOnlySpan<GoldilocksExt2> point, LigeroShape shape, ReadOnlySpan<GoldilocksExt2> beta)
    {
        GoldilocksExt2[] eq = EqTable.Build(point[..shape.RowVariables]);
        var weights = new GoldilocksExt2[beta.Length][];
        for (int j = 0; j < beta.Length; j++)
        {
            weights[j] = new GoldilocksExt2[eq.Length];
            for (int r = 0; r < eq.Length; r++)
            {
                weights[j][r] = beta[j] * eq[r];
            }
        }

        return weights;
    }

    /// <summary>The per-matrix slices r_j of the proximity vector.</summary>
    public static GoldilocksExt2[][] ProximityWeights(GoldilocksExt2[] proximity, int matrices, int rows) =>
        [.. Enumerable.Range(0, matrices).Select(j => proximity.AsSpan(j * rows, rows).ToArray())];

    /// <summary>The Reed–Solomon encoding of a base-field message: zero-pad to N = 2^(b+L), forward NTT.</summary>
    public static void Encode(ReadOnlySpan<Goldilocks> message, Span<Goldilocks> codeword, bool allowParallel)
    {
        message.CopyTo(codeword);
        codeword[message.Length..].Clear();
        Ntt.Forward(codeword, allowParallel: allowParallel);
    }

    /// <summary>The encoding of an extension-field row: the code is linear over the base field, so C0 and C1 are encoded separately.</summary>
    public static GoldilocksExt2[] EncodeExtension(ReadOnlySpan<GoldilocksExt2> row, int codewordLength)
    {
        var c0 = new Goldilocks[row.Length];
        var c1 = new Goldilocks[row.Length];
        for (int i = 0; i < row.Length; i++)
        {
            (c0[i], c1[i]) = (row[i].C0, row[i].C1);
        }

        var e0 = new Goldilocks[codewordLength];
        var e1 = new Goldilocks[codewordLength];
        Encode(c0, e0, allowParallel: false);
        Encode(c1, e1, allowParallel: false);
        var result = new GoldilocksExt2[codewordLength];
        for (int i = 0; i < codewordLength; i++)
        {
            result[i] = new GoldilocksExt2(e0[i], e1[i]);
        }

        return result;
    }

    /// <summary>
    /// Σ_j Σ_r weights[j][r]·M_j[r], where M_j[r] is row r of matrix j (a slice of the committed table).
    /// Extension weights times base rows: C0 and C1 accumulate separately with the packed AXPY kernel.
    /// </summary>
    public static GoldilocksExt2[] CombineRows(IReadOnlyList<Goldilocks[]> tables, LigeroShape shape, GoldilocksExt2[][] weights)
    {
        int width = shape.MessageLength;
        var acc0 = new Goldilocks[width];
        var acc1 = new Goldilocks[width];
        for (int j = 0; j < tables.Count; j++)
        {
            for (int r = 0; r < shape.Rows; r++)
            {
                ReadOnlySpan<Goldilocks> row = tables[j].AsSpan(r * width, width);
                GoldilocksKernels.ScaleAdd(row, weights[j][r].C0, acc0, acc0);
                GoldilocksKernels.ScaleAdd(row, weights[j][r].C1, acc1, acc1);
            }
        }

        var result = new GoldilocksExt2[width];
        for (int i = 0; i < width; i++)
        {
            result[i] = new GoldilocksExt2(acc0[i], acc1[i]);
        }

        return result;
    }

    /// <summary>Σ_j Σ_r weights[j][r]·column_j[r] for one opened position (column_j = 2^a base elements of matrix j).</summary>
    public static GoldilocksExt2 CombineColumn(IReadOnlyList<ReadOnlyMemory<Goldilocks>> columns, GoldilocksExt2[][] weights)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int j = 0; j < columns.Count; j++)
        {
            ReadOnlySpan<Goldilocks> column = columns[j].Span;
            for (int r = 0; r < column.Length; r++)
            {
                sum += weights[j][r] * column[r];
            }
        }

        return sum;
    }

    /// <summary>⟨row, eq(z_col)⟩ with z_col the low b coordinates of the point.</summary>
    public static GoldilocksExt2 RowValue(ReadOnlySpan<GoldilocksExt2> row, ReadOnlySpan<GoldilocksExt2> point, LigeroShape shape)
    {
        GoldilocksExt2[] eq = EqTable.Build(point[shape.RowVariables..]);
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int c = 0; c < row.Length; c++)
        {
            sum += row[c] * eq[c];
        }

        return sum;
    }
}
