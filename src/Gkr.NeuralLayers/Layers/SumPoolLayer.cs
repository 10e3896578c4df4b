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
/// Sum pooling (an average pool before its requantization): Y[b, c, y, x] = Σ_{u, v} X[b, c, y·sh + u − ph, x·sw + v − pw]
/// over the in-range terms (zero padding) for y &lt; OutHeight, x &lt; OutWidth, and 0 at padded output positions, in the
/// <see cref="WindowGeometry"/> layout. Padded channels pool whatever the input holds there into padded output channels.
/// </summary>
/// <remarks>
/// <para>Reducer: the layer is linear with a sparse wiring, so one degree-2 sumcheck over (b, c, iy, ix) of
/// X̃(b, c, iy, ix)·T(b, c, iy, ix) = Σ_j w_j·v_j with T = Σ_j w_j·eq(z_bc,j, (b, c))·Ty_j(iy)·Tx_j(ix),
/// Ty_j(iy) = Σ_{y, u} eq(z_y, y)·[iy = y·sh + u − ph, 0 ≤ iy &lt; H] (<see cref="WindowWiring"/>); the prover sends X̃(ρ)
/// (absorbed), the verifier evaluates T̃(ρ) in closed form in O(Σ_j (OutHeight·kh + OutWidth·kw + 2^hv + 2^wv + 2^(β+cv)))
/// and checks the last round (zkCNN, eprint 2021/673; Thaler 2013, eprint 2013/351). Claim out: the input at ρ.</para>
/// </remarks>
public sealed class SumPoolLayer : GraphLayer
{
    /// <summary>The registered kind (tag 20, "sumpool2d"; description: the <see cref="WindowGeometry"/> bytes).</summary>
    public static GraphLayerKind Kind { get; } = new(20, "sumpool2d", typeof(SumPoolLayer), Decode);

    private readonly PolynomialRef _input;
    private readonly WindowAxis _height, _width;

    /// <summary>Sum pooling of <paramref name="input"/> with <paramref name="geometry"/>.</summary>
    public SumPoolLayer(PolynomialRef input, WindowGeometry geometry)
        : base((geometry ?? throw new ArgumentNullException(nameof(geometry))).OutputVariables)
    {
        _input = input;
        Geometry = geometry;
        _height = WindowWiring.Height(geometry);
        _width = WindowWiring.Width(geometry);
    }

    /// <summary>The window geometry.</summary>
    public WindowGeometry Geometry { get; }

    private int OuterVariables => Geometry.BatchVariables + Geometry.ChannelVariables;

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_input];

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(_input) != Geometry.InputVariables ? $"the input has 2^{numVariables(_input)} values, not 2^{Geometry.InputVariables} ({Geometry})." : null;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [_input];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([Geometry.InputVariables], 2, 1);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input);
        WindowGeometry g = Geometry;
        int inPlane = 1 << (g.InHeightVariables + g.InWidthVariables), outPlane = 1 << (g.OutHeightVariables + g.OutWidthVariables);
        int inWp = _width.InPadded, outWp = 1 << g.OutWidthVariables;

        // Field additions: exact for any values, the padded channels' included.
        for (int plane = 0; plane < 1 << OuterVariables; plane++)
        {
            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int xo = 0; xo < g.OutWidth; xo++)
                {
                    Goldilocks sum = Goldilocks.Zero;
                    for (int u = 0; u < g.KernelHeight; u++)
                    {
                        int iy = _height.Source(y, u);
                        for (int v = 0; v < g.KernelWidth && iy >= 0; v++)
                        {
                            int ix = _width.Source(xo, v);
                            if (ix >= 0)
                            {
                                sum += x[(plane * inPlane) + (iy * inWp) + ix];
                            }
                        }
                    }

                    context.Output[(plane * outPlane) + (y * outWp) + xo] = sum;
                }
            }
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] gather = WindowWiring.Gather([.. context.Claims.Select((c, j) => GatherTerm(c.Point.AsSpan(), context.Weights[j]))]);
        LayerSumcheckProver state = WindowWiring.PairState(WindowWiring.Lift(context.Values(_input)), gather, 2, context.Options);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, 2, context.CombinedClaim, context.Transcript);
        GoldilocksExt2 xFinal = state.FactorEvaluations()[0];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [xFinal]);
        return (new GkrLayerProof([proof], [xFinal]), [new Claim(_input, [.. rho], xFinal)]);
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, Geometry.InputVariables, 2, context.CombinedClaim, context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2 xFinal = context.Proof.Evaluations[0];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [xFinal]);
        GoldilocksExt2 expected = xFinal * GatherAt(context.Claims, context.Weights, rho);
        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"X̃·T̃ = {expected}, the last round of the window sumcheck gives {last}", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        return [new Claim(_input, [.. rho], xFinal)];
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Geometry.Write(writer);
    }

    /// <summary>eq(z_bc, ·)·w_j, Ty_j = Σ_u Ay_j(u, ·), Tx_j = Σ_v Ax_j(v, ·).</summary>
    private (GoldilocksExt2[] EqOuter, GoldilocksExt2[] Ty, GoldilocksExt2[] Tx) GatherTerm(ReadOnlySpan<GoldilocksExt2> z, GoldilocksExt2 weight)
    {
        (GoldilocksExt2[] eqY, GoldilocksExt2[] eqX) = OutputEq(z);
        return (ReducerKernels.EqTable(z[..OuterVariables], weight),
            WindowWiring.Contract(_height, WindowWiring.Table(_height, eqY), Ones(_height.Kernel)),
            WindowWiring.Contract(_width, WindowWiring.Table(_width, eqX), Ones(_width.Kernel)));
    }

    /// <summary>T̃(ρ) = Σ_j w_j·eq(z_bc, ρ_bc)·Σ_u Ãy_j(u, ρ_y)·Σ_v Ãx_j(v, ρ_x).</summary>
    private GoldilocksExt2 GatherAt(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GoldilocksExt2[] rho)
    {
        int outer = OuterVariables;
        GoldilocksExt2[] eqRy = WindowWiring.Eq(rho, outer, Geometry.InHeightVariables), eqRx = WindowWiring.Eq(rho, outer + Geometry.InHeightVariables, Geometry.InWidthVariables);
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            (GoldilocksExt2[] eqY, GoldilocksExt2[] eqX) = OutputEq(claims[j].Point.AsSpan());
            GoldilocksExt2 ty = WindowWiring.Dot(Ones(_height.Kernel), WindowWiring.AtPoint(_height, eqY, eqRy));
            GoldilocksExt2 tx = WindowWiring.Dot(Ones(_width.Kernel), WindowWiring.AtPoint(_width, eqX, eqRx));
            total += weights[j] * EqTable.Evaluate<GoldilocksExt2>(claims[j].Point.AsSpan(0, outer), rho.AsSpan(0, outer)) * ty * tx;
        }

        return total;
    }

    private (GoldilocksExt2[] EqY, GoldilocksExt2[] EqX) OutputEq(ReadOnlySpan<GoldilocksExt2> z) =>
        (WindowWiring.Eq(z, OuterVariables, Geometry.OutHeightVariables), WindowWiring.Eq(z, OuterVariables + Geometry.OutHeightVariables, Geometry.OutWidthVariables));

    private static GoldilocksExt2[] Ones(int count) => [.. Enumerable.Repeat(GoldilocksExt2.One, count)];

    private static SumPoolLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (header.Reads.Count != 1 || header.Writes.Count != 0 || description.Length != WindowGeometry.EncodedLength)
        {
            throw new MalformedCircuitException($"A sum-pool layer reads its input, writes nothing, and has {WindowGeometry.EncodedLength} description bytes.");
        }

        var layer = new SumPoolLayer(header.Reads[0], WindowGeometry.Read(description));
        return layer.NumVariables == header.NumVariables ? layer
            : throw new MalformedCircuitException($"A sum-pool layer of {layer.Geometry} has 2^{layer.NumVariables} outputs, not 2^{header.NumVariables}.");
    }
}
