using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// Flatten with compaction: an image batch laid out [b][c][h][w] (each dimension padded to its power of two) becomes
/// flat rows [b][i] with i = (c·H + h)·W + w for the C·H·W real elements, padded with zeros to 2^v. So the next dense
/// layer's weights cover the real inputs only, not the padded image (a 16×5×5 image padded to 16×8×8 would otherwise
/// need 2.6× the weight columns, committed and bound on every proof).
/// </summary>
/// <remarks>
/// <para>Reducer: with claims z_j = (z_b, z_i), Ỹ(z_j) = Σ_x X̃(z_b, x)·G_j(x), G_j(x) = eq(z_i, idx(x)) for a real image position
/// x = (c, h, w) and 0 elsewhere. The prover binds X's batch bits by eq(z_b) and runs one degree-2 sumcheck over the image
/// bits of Σ_j w_j·X_j(x)·G_j(x) (the matmul state), sending X̃_j(κ) = X̃(z_b, κ); the verifier computes G̃_j(κ) itself,
/// Σ over the C·H·W real positions of eq(z_i, idx)·eq(κ, x), from two eq tables (O(2^v + 2^image) work). Claims out: X at
/// (z_b, κ) per incoming claim.</para>
/// <para>Cost: the prover's work is linear in the padded image per claim (an eq table, a fold, a sumcheck); no witness,
/// no lookup.</para>
/// </remarks>
public sealed class CompactFlattenLayer : GraphLayer
{
    /// <summary>The registered kind (tag 24, "flatten-compact"; description: u8 batch variables, u16 C, H, W).</summary>
    public static GraphLayerKind Kind { get; } = new(24, "flatten-compact", typeof(CompactFlattenLayer), Decode);

    private readonly PolynomialRef _input;
    private readonly int[] _positions;

    /// <summary>The compact flatten of <paramref name="input"/>, a batch of 2^<paramref name="batchVariables"/> images [C, H, W].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension below 1 or above 2^16.</exception>
    public CompactFlattenLayer(PolynomialRef input, int batchVariables, int channels, int height, int width)
        : base(batchVariables + FlatVariables(channels, height, width))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(batchVariables);
        _input = input;
        BatchVariables = batchVariables;
        Channels = channels;
        Height = height;
        Width = width;
        _positions = Positions(channels, height, width);
    }

    /// <summary>log2 of the batch.</summary>
    public int BatchVariables { get; }

    /// <summary>C.</summary>
    public int Channels { get; }

    /// <summary>H.</summary>
    public int Height { get; }

    /// <summary>W.</summary>
    public int Width { get; }

    /// <summary>log2 of the padded image per sample (channel, height and width bits).</summary>
    public int ImageVariables => WindowGeometry.Variables(Channels) + WindowGeometry.Variables(Height) + WindowGeometry.Variables(Width);

    /// <summary>log2 of the flat row: max(1, ⌈log2 C·H·W⌉).</summary>
    public int RowVariables => NumVariables - BatchVariables;

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_input];

    /// <summary>v = max(1, ⌈log2 C·H·W⌉) for dimensions in [1, 2^16].</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension below 1 or above 2^16, or more than 2^28 elements.</exception>
    public static int FlatVariables(int channels, int height, int width)
    {
        foreach (int d in (ReadOnlySpan<int>)[channels, height, width])
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(d, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(d, 1 << 16);
        }

        long n = (long)channels * height * width;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 1L << 28);
        return Math.Max(1, WindowGeometry.Variables((int)n));
    }

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(_input) == BatchVariables + ImageVariables ? null : $"the input has 2^{numVariables(_input)} values, not 2^{BatchVariables} images of 2^{ImageVariables}.";

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Repeat(_input, claimCount)];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([ImageVariables], 2, claimCount);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input);
        int image = 1 << ImageVariables, row = 1 << RowVariables;
        for (int b = 0; b < 1 << BatchVariables; b++)
        {
            for (int i = 0; i < _positions.Length; i++)
            {
                context.Output[(b * row) + i] = x[(b * image) + _positions[i]];
            }
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input);
        int c = context.Claims.Count, image = 1 << ImageVariables;
        var rows = new GoldilocksExt2[c][];
        var gathers = new GoldilocksExt2[c][];
        for (int j = 0; j < c; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = context.Claims[j].Point.AsSpan();
            GoldilocksExt2[] eqBatch = ReducerKernels.EqTable(z[..BatchVariables], GoldilocksExt2.One);
            rows[j] = new GoldilocksExt2[image];
            for (int b = 0; b < eqBatch.Length; b++)
            {
                ReducerKernels.ScaleAddBase(x.AsSpan(b * image, image), eqBatch[b], rows[j]);
            }

            gathers[j] = Gather(ReducerKernels.EqTable(z[BatchVariables..], GoldilocksExt2.One));
        }

        LayerSumcheckProver state = ReducerKernels.WeightedPairs(rows, gathers, [.. context.Weights], context.Options);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] kappa) = LayerSumcheck.Prove(state, 2, context.CombinedClaim, context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations();
        GoldilocksExt2[] sent = [.. Enumerable.Range(0, c).Select(j => finals[2 * j])];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, sent);
        return (new GkrLayerProof([proof], [.. sent]), Claims(context.Claims, kappa, sent));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        (GoldilocksExt2[] kappa, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, ImageVariables, 2, context.CombinedClaim, context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] sent = [.. context.Proof.Evaluations];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, sent);
        GoldilocksExt2[] eqKappa = ReducerKernels.EqTable(kappa, GoldilocksExt2.One);
        GoldilocksExt2 expected = GoldilocksExt2.Zero;
        for (int j = 0; j < context.Claims.Count; j++)
        {
            GoldilocksExt2[] eqRow = ReducerKernels.EqTable(context.Claims[j].Point.AsSpan()[BatchVariables..], GoldilocksExt2.One);
            GoldilocksExt2 g = GoldilocksExt2.Zero;
            for (int i = 0; i < _positions.Length; i++)
            {
                g += eqRow[i] * eqKappa[_positions[i]];
            }

            expected += context.Weights[j] * sent[j] * g;
        }

        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"Σ w·X̃·G̃ = {expected}, the last round gives {last}", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        return Claims(context.Claims, kappa, sent);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)BatchVariables);
        foreach (int d in (ReadOnlySpan<int>)[Channels, Height, Width])
        {
            writer.Byte((byte)(d - 1));
            writer.Byte((byte)((d - 1) >> 8));
        }
    }

    /// <summary>The padded image index of each real element, in flat (row-major) order.</summary>
    private static int[] Positions(int channels, int height, int width)
    {
        int hv = WindowGeometry.Variables(height), wv = WindowGeometry.Variables(width);
        var positions = new int[channels * height * width];
        int i = 0;
        for (int c = 0; c < channels; c++)
        {
            for (int h = 0; h < height; h++)
            {
                for (int w = 0; w < width; w++)
                {
                    positions[i++] = (((c << hv) | h) << wv) | w;
                }
            }
        }

        return positions;
    }

    /// <summary>G(x) = eqRow[i] at the image position of flat element i, 0 at padded positions.</summary>
    private GoldilocksExt2[] Gather(GoldilocksExt2[] eqRow)
    {
        var g = new GoldilocksExt2[1 << ImageVariables];
        for (int i = 0; i < _positions.Length; i++)
        {
            g[_positions[i]] = eqRow[i];
        }

        return g;
    }

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] kappa, GoldilocksExt2[] sent) =>
        [.. claims.Select((c, j) => new Claim(_input, [.. c.Point.AsSpan(0, BatchVariables), .. kappa], sent[j]))];

    private static CompactFlattenLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (header.Reads.Count != 1 || header.Writes.Count != 0 || description.Length != 7)
        {
            throw new MalformedCircuitException("A compact flatten layer reads one polynomial, writes none, and has a 7-byte description (u8 batch variables, u16 C − 1, H − 1, W − 1).");
        }

        int c = BinaryPrimitives.ReadUInt16LittleEndian(description.AsSpan(1)) + 1, h = BinaryPrimitives.ReadUInt16LittleEndian(description.AsSpan(3)) + 1, w = BinaryPrimitives.ReadUInt16LittleEndian(description.AsSpan(5)) + 1;
        if ((long)c * h * w > 1L << 28 || description[0] + FlatVariables(c, h, w) != header.NumVariables)
        {
            throw new MalformedCircuitException($"A compact flatten of 2^{description[0]} images [{c}, {h}, {w}] does not have 2^{header.NumVariables} outputs.");
        }

        return new CompactFlattenLayer(header.Reads[0], description[0], c, h, w);
    }
}
