using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// The claim reducer of a <see cref="MatMulLayer"/> C = A·B (A: m×k, B: k×n): one sumcheck over the inner
/// dimension (Thaler 2013, eprint 2013/351, §4).
/// </summary>
/// <remarks>
/// <para>C's index is i·n + j, so a claim point is z = (z_row, z_col) and
/// C̃(z_row, z_col) = Σ_{κ ∈ {0,1}^{log k}} Ã(z_row, κ)·B̃(κ, z_col). With claims z_j and weights w_j the
/// sumcheck proves Σ_κ Σ_j w_j·Ã(z_j,row, κ)·B̃(κ, z_j,col) = Σ_j w_j·c_j (degree 2, log k rounds) and ends
/// at a point κ*; the prover sends a_j = Ã(z_j,row, κ*) and b_j = B̃(κ*, z_j,col) (absorbed), the verifier
/// checks Σ_j w_j·a_j·b_j against the last round and turns them into claims on the previous layer: A and
/// B are aligned sub-cubes of it, so Ã(x) = Ṽ(bits of A's slice index, x).</para>
/// <para>Prover cost per claim: O(mk + kn) to bind the row and column variables (the tables
/// Ã(z_row, ·) and B̃(·, z_col)) plus O(k) for the sumcheck; the verifier's cost is O(log k) per claim.</para>
/// </remarks>
public sealed class MatMulLayerReducer : ILayerReducer
{
    /// <summary>Degree of the round polynomials.</summary>
    public const int Degree = 2;

    private readonly MatMulLayer _layer;

    /// <summary>The reducer of <paramref name="layer"/>.</summary>
    public MatMulLayerReducer(MatMulLayer layer) => _layer = layer ?? throw new ArgumentNullException(nameof(layer));

    /// <inheritdoc />
    public int OutputClaimCount(int claimCount) => 2 * claimCount;

    /// <inheritdoc />
    public LayerProofShape Shape(int claimCount) => new([_layer.A.ColVariables], Degree, 2 * claimCount);

    /// <inheritdoc />
    public (GkrLayerProof Proof, LayerClaim[] InputClaims) Prove(
        IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, Goldilocks[] input, Goldilocks[] output, Transcript transcript, SumcheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(transcript);
        MatrixSlice a = _layer.A, b = _layer.B;
        int rowVars = a.RowVariables, innerVars = a.ColVariables;
        var rows = new GoldilocksExt2[claims.Count][];
        var cols = new GoldilocksExt2[claims.Count][];
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = claims[j].Point.AsSpan();
            rows[j] = BindRows(input.AsSpan(a.Offset, (int)a.Length), ExtensionKernels.EqTable(z[..rowVars], GoldilocksExt2.One), a.Cols);
            cols[j] = BindColumns(input.AsSpan(b.Offset, (int)b.Length), ExtensionKernels.EqTable(z[rowVars..], GoldilocksExt2.One), b.Cols);
        }

        var state = new WeightedPairsState(rows, cols, [.. weights], innerVars, options);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] kappa) = LayerClaims.ProveRounds(state, innerVars, Degree, LayerClaims.Combined(claims, weights), transcript);
        GoldilocksExt2[] evaluations = state.FactorEvaluations();
        transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, evaluations);
        return (new GkrLayerProof([proof], [.. evaluations]), InputClaims(claims, kappa, evaluations));
    }

    /// <inheritdoc />
    public LayerClaim[] Verify(int layerIndex, IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, GkrLayerProof proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(transcript);
        (GoldilocksExt2[] kappa, GoldilocksExt2 last) = LayerClaims.VerifyRounds(
            layerIndex, 0, _layer.A.ColVariables, Degree, LayerClaims.Combined(claims, weights), proof.Sumchecks[0], transcript);
        GoldilocksExt2[] evaluations = [.. proof.Evaluations];
        transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, evaluations);
        GoldilocksExt2 expected = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            expected += weights[j] * evaluations[2 * j] * evaluations[(2 * j) + 1];
        }

        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"Σ w·Ã·B̃ = {expected}, the last round gives {last}", layerIndex, expected: expected.ToString(), actual: last.ToString());
        }

        return InputClaims(claims, kappa, evaluations);
    }

    /// <summary>Claims Ṽ(A's prefix, z_row, κ*) = a_j and Ṽ(B's prefix, κ*, z_col) = b_j, in the order a_0, b_0, a_1, …</summary>
    private LayerClaim[] InputClaims(IReadOnlyList<LayerClaim> claims, GoldilocksExt2[] kappa, GoldilocksExt2[] evaluations)
    {
        MatrixSlice a = _layer.A, b = _layer.B;
        int n = _layer.InputVariables, rowVars = a.RowVariables;
        int aPrefix = n - rowVars - a.ColVariables, bPrefix = n - b.RowVariables - b.ColVariables;
        var result = new LayerClaim[2 * claims.Count];
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = claims[j].Point.AsSpan();
            result[2 * j] = new LayerClaim(LayerClaims.Concat((int)(a.Offset / a.Length), aPrefix, z[..rowVars].ToArray(), kappa), evaluations[2 * j]);
            result[(2 * j) + 1] = new LayerClaim(LayerClaims.Concat((int)(b.Offset / b.Length), bPrefix, kappa, z[rowVars..].ToArray()), evaluations[(2 * j) + 1]);
        }

        return result;
    }

    /// <summary>Ã(z_row, κ) = Σ_i eq(z_row, i)·A[i, κ] for every κ (row-major A with <paramref name="cols"/> columns).</summary>
    private static GoldilocksExt2[] BindRows(ReadOnlySpan<Goldilocks> matrix, GoldilocksExt2[] eqRows, int cols)
    {
        var result = new GoldilocksExt2[cols];
        for (int i = 0; i < eqRows.Length; i++)
        {
            ExtensionKernels.ScaleAddBase(matrix.Slice(i * cols, cols), eqRows[i], result);
        }

        return result;
    }

    /// <summary>B̃(κ, z_col) = Σ_j B[κ, j]·eq(z_col, j) for every κ (row-major B with <paramref name="cols"/> columns).</summary>
    private static GoldilocksExt2[] BindColumns(ReadOnlySpan<Goldilocks> matrix, GoldilocksExt2[] eqCols, int cols)
    {
        int rows = matrix.Length / cols;
        var result = new GoldilocksExt2[rows];
        for (int k = 0; k < rows; k++)
        {
            result[k] = ExtensionKernels.InnerProduct(eqCols, matrix.Slice(k * cols, cols));
        }

        return result;
    }
}
