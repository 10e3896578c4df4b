using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// 2×2 max-pooling with stride 2 over power-of-two planes: m[o, h', w'] = max_{dh, dw} x[o, 2h' + dh, 2w' + dw], o the
/// outer (batch × channel) index. The maximum is a witness column (the layer's output), the four differences
/// d_k = m − x_k are witness columns range-checked to [0, 2^bits) (<see cref="Add"/> adds the checks), and one of
/// them is zero everywhere: Π_k d_k = 0.
/// </summary>
/// <remarks>
/// <para>Reducer: each claim on the output becomes the same claim on the m column. Then the layer checks its own
/// constraints at random points: it draws τ and runs a zero-check, one degree-5 sumcheck of
/// Σ_y eq(τ, y)·Π_k d_k(y) = 0, ending at ρ with the prover's d̃_k(ρ); the prover also sends m̃(ρ), and
/// x̃ at ρ with the window bits (dh, dw) inserted must equal m̃(ρ) − d̃_k(ρ) (x's index bits are
/// [outer][h'][dh][w'][dw], so each window position is a Boolean sub-cube). Claims out: m at each z_j, the four d_k and
/// m at ρ, and x at the four window points.</para>
/// <para>What makes it sound: d_k ≥ 0 (range checks) says m ≥ every x_k; Π d_k = 0 says m equals one of them; so m is
/// the maximum of the window. A claimed non-maximum leaves some d_k negative; a value outside the window leaves every
/// d_k non-zero.</para>
/// </remarks>
public sealed class MaxPoolLayer : GraphLayer
{
    /// <summary>The registered kind (tag 18, "maxpool2x2"; description: u8 outer, h', w' variables, u8 difference bits).</summary>
    public static GraphLayerKind Kind { get; } = new(18, "maxpool2x2", typeof(MaxPoolLayer), Decode);

    private readonly PolynomialRef _input, _maximum;
    private readonly PolynomialRef[] _differences;

    /// <summary>Max-pooling of <paramref name="input"/> (2^outer planes of 2^(h+1) × 2^(w+1)) into the witness column <paramref name="maximum"/>.</summary>
    public MaxPoolLayer(PolynomialRef input, PolynomialRef maximum, IReadOnlyList<PolynomialRef> differences, int outerVariables, int heightVariables, int widthVariables, int differenceBits)
        : base(outerVariables + heightVariables + widthVariables)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (differences.Count != 4)
        {
            throw new ArgumentException("A 2×2 window has four differences.", nameof(differences));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(outerVariables);
        ArgumentOutOfRangeException.ThrowIfNegative(heightVariables);
        ArgumentOutOfRangeException.ThrowIfNegative(widthVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(differenceBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(differenceBits, 24);
        _input = input;
        _maximum = maximum;
        _differences = [.. differences];
        OuterVariables = outerVariables;
        HeightVariables = heightVariables;
        WidthVariables = widthVariables;
        DifferenceBits = differenceBits;
    }

    /// <summary>log2 of batch × channels.</summary>
    public int OuterVariables { get; }

    /// <summary>log2 of the output height.</summary>
    public int HeightVariables { get; }

    /// <summary>log2 of the output width.</summary>
    public int WidthVariables { get; }

    /// <summary>The range of the differences: [0, 2^bits).</summary>
    public int DifferenceBits { get; }

    /// <summary>The witness column holding the maxima.</summary>
    public PolynomialRef Maximum => _maximum;

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_input, _maximum, .. _differences];

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Writes => [_maximum, .. _differences];

    /// <summary>Adds the layer, its five witness columns and the range checks of the differences.</summary>
    /// <returns>The pooled values.</returns>
    public static PolynomialRef Add(GraphCircuitBuilder builder, PolynomialRef input, int outerVariables, int heightVariables, int widthVariables, int differenceBits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        int n = outerVariables + heightVariables + widthVariables;
        PolynomialRef maximum = builder.AddWitness("max-pool maxima", n);
        PolynomialRef[] differences = [.. Enumerable.Range(0, 4).Select(k => builder.AddWitness($"max-pool difference {k}", n))];
        PolynomialRef layer = builder.AddLayer(new MaxPoolLayer(input, maximum, differences, outerVariables, heightVariables, widthVariables, differenceBits));
        foreach (PolynomialRef d in differences)
        {
            builder.AddRangeCheck(d, differenceBits);
        }

        return layer;
    }

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(_input) != NumVariables + 2 ? $"the input has 2^{numVariables(_input)} values, not 4 × 2^{NumVariables}."
        : Writes.Any(w => numVariables(w) != NumVariables) ? $"the maxima and differences have 2^{NumVariables} values." : null;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) =>
        [.. Enumerable.Repeat(_maximum, claimCount), .. _differences, _maximum, _input, _input, _input, _input];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([NumVariables], 5, 5);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input);
        int size = 1 << NumVariables;
        var m = new Goldilocks[size];
        var d = new Goldilocks[4][];
        for (int k = 0; k < 4; k++)
        {
            d[k] = new Goldilocks[size];
        }

        for (int y = 0; y < size; y++)
        {
            long best = long.MinValue;
            for (int k = 0; k < 4; k++)
            {
                best = Math.Max(best, x[InputIndex(y, k)].ToInt64());
            }

            m[y] = Goldilocks.FromInt64(best);
            for (int k = 0; k < 4; k++)
            {
                d[k][y] = Goldilocks.FromInt64(best - x[InputIndex(y, k)].ToInt64());
            }
        }

        m.CopyTo(context.Output, 0);
        context.SetWitness(_maximum, m);
        for (int k = 0; k < 4; k++)
        {
            context.SetWitness(_differences[k], d[k]);
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] tau = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, NumVariables);
        GoldilocksExt2[][] tables = [ReducerKernels.EqTable(tau, GoldilocksExt2.One), .. _differences.Select(d => context.Values(d).Select(GoldilocksExt2.FromBase).ToArray())];
        LayerSumcheckProver state = ReducerKernels.Product(tables);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, 5, GoldilocksExt2.Zero, context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations();
        GoldilocksExt2[] sent = [.. finals.AsSpan(1), ReducerKernels.Evaluate(context.Values(_maximum), rho)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, sent);
        return (new GkrLayerProof([proof], [.. sent]), Claims(context.Claims, rho, sent));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] tau = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, NumVariables);
        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, NumVariables, 5, GoldilocksExt2.Zero, context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] sent = [.. context.Proof.Evaluations];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, sent);
        GoldilocksExt2 expected = EqTable.Evaluate<GoldilocksExt2>(tau, rho) * sent[0] * sent[1] * sent[2] * sent[3];
        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "eq(τ, ρ)·Π d_k(ρ) differs from the zero-check's last round", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        return Claims(context.Claims, rho, sent);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)OuterVariables);
        writer.Byte((byte)HeightVariables);
        writer.Byte((byte)WidthVariables);
        writer.Byte((byte)DifferenceBits);
    }

    /// <summary>The input index of window position k = (dh, dw) of output y: bits [outer][h'][dh][w'][dw].</summary>
    private int InputIndex(int y, int k)
    {
        int w = y & ((1 << WidthVariables) - 1), rest = y >> WidthVariables;
        return (((rest << 1) | (k >> 1)) << (WidthVariables + 1)) | (w << 1) | (k & 1);
    }

    /// <summary>ρ with the window bits inserted: (ρ_outer, ρ_h', dh, ρ_w', dw).</summary>
    private System.Collections.Immutable.ImmutableArray<GoldilocksExt2> WindowPoint(GoldilocksExt2[] rho, int k)
    {
        int high = OuterVariables + HeightVariables;
        GoldilocksExt2 dh = (k >> 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero, dw = (k & 1) == 1 ? GoldilocksExt2.One : GoldilocksExt2.Zero;
        return [.. rho.AsSpan(0, high), dh, .. rho.AsSpan(high), dw];
    }

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] rho, GoldilocksExt2[] sent)
    {
        var result = new List<Claim>(claims.Select(c => c with { On = _maximum }));
        for (int k = 0; k < 4; k++)
        {
            result.Add(new Claim(_differences[k], [.. rho], sent[k]));
        }

        result.Add(new Claim(_maximum, [.. rho], sent[4]));
        for (int k = 0; k < 4; k++)
        {
            result.Add(new Claim(_input, WindowPoint(rho, k), sent[4] - sent[k]));
        }

        return [.. result];
    }

    private static MaxPoolLayer Decode(GraphLayerHeader header, byte[] description) =>
        description.Length == 4 && header.Reads.Count == 6 && header.Writes.Count == 5 && description[0] + description[1] + description[2] == header.NumVariables
            ? new MaxPoolLayer(header.Reads[0], header.Writes[0], [.. header.Writes.Skip(1)], description[0], description[1], description[2], description[3])
            : throw new MalformedCircuitException("A max-pool layer reads its input, maxima and four differences, writes the five columns, and has four size bytes.");
}
