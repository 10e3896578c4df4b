using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.NeuralLayers.Reference;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// A fully connected layer on a batch: Y[b, o] = Σ_i X[b, i]·W[o, i] + bias[o], X an earlier polynomial
/// (2^batch × 2^in, row-major), W and bias model tables (2^out × 2^in and 2^out). Values are integers in
/// the field (accumulators, not yet requantized).
/// </summary>
/// <remarks>
/// <para>Reducer (Thaler 2013, eprint 2013/351, §4, as the matrix-product layer): with claim points
/// z_j = (z_b, z_o), Ỹ(z_j) = Σ_i X̃(z_b, i)·W̃(z_o, i) + B̃(z_o). The prover sends β_j = B̃(z_o) for each claim
/// (absorbed), binds X's rows by eq(z_b, ·) and W's rows by eq(z_o, ·) (base × extension kernels), and runs
/// one degree-2 sumcheck over i of Σ_j w_j·X̃_j(i)·W̃_j(i) = Σ_j w_j·(v_j − β_j), then sends X̃(z_b, κ) and
/// W̃(z_o, κ). Claims out, per incoming claim: X at (z_b, κ), W at (z_o, κ), bias at z_o.</para>
/// <para>Cost: the prover binds W once per claim (2^out·2^in base × extension products) and X once per claim
/// (2^batch·2^in), then O(2^in) for the sumcheck: for a batch of B inputs that is about 1/B of the inference's
/// multiply-adds per claim. The verifier does O(in) work plus its checks.</para>
/// </remarks>
public sealed class DenseLayer : GraphLayer
{
    /// <summary>The registered kind (tag 16, "dense"; description: u8 batch, in, out variables).</summary>
    public static GraphLayerKind Kind { get; } = new(16, "dense", typeof(DenseLayer), Decode);

    private readonly PolynomialRef _input, _weights, _bias;

    /// <summary>Y = X·Wᵀ + bias for 2^<paramref name="batchVariables"/> rows of 2^<paramref name="inVariables"/> inputs and 2^<paramref name="outVariables"/> outputs.</summary>
    public DenseLayer(PolynomialRef input, PolynomialRef weights, PolynomialRef bias, int batchVariables, int inVariables, int outVariables)
        : base(batchVariables + outVariables)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchVariables);
        ArgumentOutOfRangeException.ThrowIfNegative(inVariables);
        ArgumentOutOfRangeException.ThrowIfNegative(outVariables);
        _input = input;
        _weights = weights;
        _bias = bias;
        BatchVariables = batchVariables;
        InVariables = inVariables;
        OutVariables = outVariables;
    }

    /// <summary>log2 of the batch size.</summary>
    public int BatchVariables { get; }

    /// <summary>log2 of the input features.</summary>
    public int InVariables { get; }

    /// <summary>log2 of the output features.</summary>
    public int OutVariables { get; }

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_input, _weights, _bias];

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(_input) != BatchVariables + InVariables ? $"the input has 2^{numVariables(_input)} values, not 2^{BatchVariables}·2^{InVariables}."
        : numVariables(_weights) != OutVariables + InVariables ? $"the weights have 2^{numVariables(_weights)} values, not 2^{OutVariables}·2^{InVariables}."
        : numVariables(_bias) != OutVariables ? $"the bias has 2^{numVariables(_bias)} values, not 2^{OutVariables}."
        : null;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) =>
        [.. Enumerable.Range(0, claimCount).SelectMany(_ => new[] { _input, _weights, _bias })];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([InVariables], 2, 3 * claimCount);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input), w = context.Values(_weights), bias = context.Values(_bias);
        int n = 1 << InVariables, outs = 1 << OutVariables;
        if (TryNarrow(x, out int[] narrowInput) && TryNarrow(w, out int[] narrowWeights) && (long)MaxMagnitude(narrowInput) * MaxMagnitude(narrowWeights) <= 1 << 15)
        {
            // Every product lies within ±2^15, so IntegerDot (the reference's int32 lanes) is exact, and the
            // integer sum maps to the field sum: the same values as the field inner product, at int32 speed.
            for (int b = 0; b < 1 << BatchVariables; b++)
            {
                ReadOnlySpan<int> row = narrowInput.AsSpan(b * n, n);
                for (int o = 0; o < outs; o++)
                {
                    context.Output[(b * outs) + o] = Goldilocks.FromInt64(IntegerDot.Dot(row, narrowWeights.AsSpan(o * n, n))) + bias[o];
                }
            }

            return;
        }

        for (int b = 0; b < 1 << BatchVariables; b++)
        {
            ReadOnlySpan<Goldilocks> row = x.AsSpan(b * n, n);
            for (int o = 0; o < outs; o++)
            {
                context.Output[(b * outs) + o] = GoldilocksKernels.InnerProduct(row, w.AsSpan(o * n, n)) + bias[o];
            }
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input), w = context.Values(_weights), bias = context.Values(_bias);
        int c = context.Claims.Count, n = 1 << InVariables;
        var rows = new GoldilocksExt2[c][];
        var cols = new GoldilocksExt2[c][];
        var betas = new GoldilocksExt2[c];
        for (int j = 0; j < c; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = context.Claims[j].Point.AsSpan();
            rows[j] = BindRows(x, ReducerKernels.EqTable(z[..BatchVariables], GoldilocksExt2.One), n);
            cols[j] = BindRows(w, ReducerKernels.EqTable(z[BatchVariables..], GoldilocksExt2.One), n);
            betas[j] = ReducerKernels.Evaluate(bias, z[BatchVariables..]);
        }

        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, betas);
        LayerSumcheckProver state = ReducerKernels.WeightedPairs(rows, cols, [.. context.Weights], context.Options);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] kappa) = LayerSumcheck.Prove(state, 2, Target(context.Claims, context.Weights, betas), context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations();
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);
        return (new GkrLayerProof([proof], [.. betas, .. finals]), Claims(context.Claims, kappa, betas, finals));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int c = context.Claims.Count;
        GoldilocksExt2[] betas = [.. context.Proof.Evaluations.Take(c)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, betas);
        (GoldilocksExt2[] kappa, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, InVariables, 2, Target(context.Claims, context.Weights, betas), context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] finals = [.. context.Proof.Evaluations.Skip(c)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);
        GoldilocksExt2 expected = GoldilocksExt2.Zero;
        for (int j = 0; j < c; j++)
        {
            expected += context.Weights[j] * finals[2 * j] * finals[(2 * j) + 1];
        }

        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"Σ w·X̃·W̃ = {expected}, the last round gives {last}", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        return Claims(context.Claims, kappa, betas, finals);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)BatchVariables);
        writer.Byte((byte)InVariables);
        writer.Byte((byte)OutVariables);
    }

    /// <summary>The values as int32 when every one is a field integer within ±2^15 (false otherwise).</summary>
    private static bool TryNarrow(Goldilocks[] values, out int[] narrow)
    {
        narrow = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            long v = values[i].ToInt64();
            if (v is > short.MaxValue or < -short.MaxValue)
            {
                narrow = [];
                return false;
            }

            narrow[i] = (int)v;
        }

        return true;
    }

    private static int MaxMagnitude(int[] values)
    {
        int max = 0;
        foreach (int v in values)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    /// <summary>Σ_r eq[r]·M[r, ·] for a row-major matrix of <paramref name="cols"/> columns (also the convolution's weight binding).</summary>
    internal static GoldilocksExt2[] BindRows(Goldilocks[] matrix, GoldilocksExt2[] eq, int cols)
    {
        var result = new GoldilocksExt2[cols];
        for (int r = 0; r < eq.Length; r++)
        {
            ReducerKernels.ScaleAddBase(matrix.AsSpan(r * cols, cols), eq[r], result);
        }

        return result;
    }

    private static GoldilocksExt2 Target(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GoldilocksExt2[] betas)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            total += weights[j] * (claims[j].Value - betas[j]);
        }

        return total;
    }

    private static DenseLayer Decode(GraphLayerHeader header, byte[] description) =>
        header.Reads.Count == 3 && header.Writes.Count == 0 && description.Length == 3 && description[0] + description[2] == header.NumVariables
            ? new DenseLayer(header.Reads[0], header.Reads[1], header.Reads[2], description[0], description[1], description[2])
            : throw new MalformedCircuitException("A dense layer reads its input, weights and bias, writes nothing, and has three size bytes that add up to its output.");

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] kappa, GoldilocksExt2[] betas, GoldilocksExt2[] finals)
    {
        var result = new Claim[3 * claims.Count];
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = claims[j].Point.AsSpan();
            result[3 * j] = new Claim(_input, [.. z[..BatchVariables], .. kappa], finals[2 * j]);
            result[(3 * j) + 1] = new Claim(_weights, [.. z[BatchVariables..], .. kappa], finals[(2 * j) + 1]);
            result[(3 * j) + 2] = new Claim(_bias, [.. z[BatchVariables..]], betas[j]);
        }

        return result;
    }
}
