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
/// Max pooling with any kh × kw window and stride (no padding), in the <see cref="WindowGeometry"/> layout:
/// m[b, c, y, x] = max_{u, v} X[b, c, y·sh + u, x·sw + v] for c &lt; C, y &lt; OutHeight, x &lt; OutWidth, and 0 at padded output
/// positions (padded channels included). The maxima are a witness column (the layer's output), the kh·kw differences
/// d_k = m − x_k (x_k the value at window position k = u·kw + v, 0 at padded output positions) are witness columns
/// range-checked to [0, 2^bits) (<see cref="Add"/> adds the checks), and Π_k d_k = 0 everywhere. <see cref="MaxPoolLayer"/>
/// stays for the bit-aligned 2×2 case.
/// </summary>
/// <remarks>
/// <para>Reducer: each claim on the output becomes the same claim on m. A zero-check: τ, one degree-(kh·kw + 1) sumcheck of
/// Σ_y eq(τ, y)·Π_k d_k(y) = 0 ending at ρ; the prover sends d̃_k(ρ) and m̃(ρ) (absorbed), so x̃_k(ρ) = m̃(ρ) − d̃_k(ρ). Then μ
/// (drawn after those values) and a gather sumcheck over the input, of the same degree bound (one degree per layer proof),
/// Σ X̃(b, c, iy, ix)·T(b, c, iy, ix) = Σ_k μ^k·x̃_k(ρ), T = eq(ρ_b, b)·eq(ρ_c, c)·[c &lt; C]·Σ_{u, v} μ^(u·kw+v)·Ay(u, iy)·Ax(v, ix)
/// with Ay, Ax the window wiring at (ρ_y, ρ_x) (<see cref="WindowWiring"/>); the prover sends X̃(ρ′), the verifier evaluates
/// T̃(ρ′) in closed form. Claims out: m at each z_j, the d_k and m at ρ, X at ρ′.</para>
/// <para>Soundness, as <see cref="MaxPoolLayer"/>: d_k ≥ 0 (range checks) says m ≥ every window value; Π d_k = 0 says m is one
/// of them. Padding is refused: zero padding would force m ≥ 0, which is not max pooling's −∞ padding.</para>
/// </remarks>
public sealed class WindowMaxPoolLayer : GraphLayer
{
    /// <summary>The registered kind (tag 23, "maxpool-window"; description: the <see cref="WindowGeometry"/> bytes, then u8 difference bits).</summary>
    public static GraphLayerKind Kind { get; } = new(23, "maxpool-window", typeof(WindowMaxPoolLayer), Decode);

    private readonly PolynomialRef _input, _maximum;
    private readonly PolynomialRef[] _differences;
    private readonly WindowAxis _height, _width;

    /// <summary>Max pooling of <paramref name="input"/> into the witness column <paramref name="maximum"/>, with one difference column per window position.</summary>
    /// <exception cref="ArgumentException">Padding, a difference count other than kh·kw, or bits outside [1, 24].</exception>
    public WindowMaxPoolLayer(PolynomialRef input, PolynomialRef maximum, IReadOnlyList<PolynomialRef> differences, WindowGeometry geometry, int differenceBits)
        : base((geometry ?? throw new ArgumentNullException(nameof(geometry))).OutputVariables)
    {
        ArgumentNullException.ThrowIfNull(differences);
        if (geometry.PaddingHeight != 0 || geometry.PaddingWidth != 0)
        {
            throw new ArgumentException($"A window max pool has no padding; got {geometry}.", nameof(geometry));
        }

        if (differences.Count != geometry.KernelHeight * geometry.KernelWidth)
        {
            throw new ArgumentException($"A {geometry.KernelHeight}×{geometry.KernelWidth} window has {geometry.KernelHeight * geometry.KernelWidth} differences; got {differences.Count}.", nameof(differences));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(differenceBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(differenceBits, 24);
        _input = input;
        _maximum = maximum;
        _differences = [.. differences];
        Geometry = geometry;
        DifferenceBits = differenceBits;
        _height = WindowWiring.Height(geometry);
        _width = WindowWiring.Width(geometry);
    }

    /// <summary>The window geometry.</summary>
    public WindowGeometry Geometry { get; }

    /// <summary>The range of the differences: [0, 2^bits).</summary>
    public int DifferenceBits { get; }

    /// <summary>The witness column holding the maxima.</summary>
    public PolynomialRef Maximum => _maximum;

    /// <summary>The difference columns, window position u·kw + v.</summary>
    public IReadOnlyList<PolynomialRef> Differences => _differences;

    private int Positions => _differences.Length;

    private int Degree => Positions + 1;

    private int OuterVariables => Geometry.BatchVariables + Geometry.ChannelVariables;

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_input, _maximum, .. _differences];

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Writes => [_maximum, .. _differences];

    /// <summary>Adds the layer, its witness columns (maxima, kh·kw differences) and the range checks of the differences.</summary>
    /// <returns>The pooled values.</returns>
    public static PolynomialRef Add(GraphCircuitBuilder builder, PolynomialRef input, WindowGeometry geometry, int differenceBits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(geometry);
        int n = geometry.OutputVariables;
        PolynomialRef maximum = builder.AddWitness("window max-pool maxima", n);
        PolynomialRef[] differences = [.. Enumerable.Range(0, geometry.KernelHeight * geometry.KernelWidth).Select(k => builder.AddWitness($"window max-pool difference {k}", n))];
        PolynomialRef layer = builder.AddLayer(new WindowMaxPoolLayer(input, maximum, differences, geometry, differenceBits));
        foreach (PolynomialRef d in differences)
        {
            builder.AddRangeCheck(d, differenceBits);
        }

        return layer;
    }

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(_input) != Geometry.InputVariables ? $"the input has 2^{numVariables(_input)} values, not 2^{Geometry.InputVariables} ({Geometry})."
        : Writes.Any(w => numVariables(w) != NumVariables) ? $"the maxima and differences have 2^{NumVariables} values." : null;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) =>
        [.. Enumerable.Repeat(_maximum, claimCount), .. _differences, _maximum, _input];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([NumVariables, Geometry.InputVariables], Degree, Positions + 2);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input);
        WindowGeometry g = Geometry;
        int size = 1 << NumVariables, kw = g.KernelWidth;
        var m = new Goldilocks[size];
        Goldilocks[][] d = [.. _differences.Select(_ => new Goldilocks[size])];
        int inPlane = 1 << (g.InHeightVariables + g.InWidthVariables), outPlane = 1 << (g.OutHeightVariables + g.OutWidthVariables);
        int inWp = _width.InPadded, outWp = 1 << g.OutWidthVariables, channels = 1 << g.ChannelVariables;
        Span<long> window = stackalloc long[Positions];
        for (int plane = 0; plane < 1 << OuterVariables; plane++)
        {
            if (plane % channels >= g.Channels)
            {
                continue;
            }

            for (int y = 0; y < g.OutHeight; y++)
            {
                for (int xo = 0; xo < g.OutWidth; xo++)
                {
                    long best = long.MinValue;
                    for (int k = 0; k < Positions; k++)
                    {
                        window[k] = x[(plane * inPlane) + (_height.Source(y, k / kw) * inWp) + _width.Source(xo, k % kw)].ToInt64();
                        best = Math.Max(best, window[k]);
                    }

                    int at = (plane * outPlane) + (y * outWp) + xo;
                    m[at] = Goldilocks.FromInt64(best);
                    for (int k = 0; k < Positions; k++)
                    {
                        d[k][at] = Goldilocks.FromInt64(best - window[k]);
                    }
                }
            }
        }

        m.CopyTo(context.Output, 0);
        context.SetWitness(_maximum, m);
        for (int k = 0; k < Positions; k++)
        {
            context.SetWitness(_differences[k], d[k]);
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] tau = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, NumVariables);
        GoldilocksExt2[][] tables = [ReducerKernels.EqTable(tau, GoldilocksExt2.One), .. _differences.Select(d => WindowWiring.Lift(context.Values(d)))];
        LayerSumcheckProver state = ReducerKernels.Product(tables);
        (SumcheckProof<GoldilocksExt2> zeroCheck, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, Degree, GoldilocksExt2.Zero, context.Transcript);
        GoldilocksExt2[] sent = [.. state.FactorEvaluations().AsSpan(1), ReducerKernels.Evaluate(context.Values(_maximum), rho)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, sent);

        GoldilocksExt2[] mu = Powers(context.Transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.GraphClaimWeight));
        GoldilocksExt2[] gather = WindowWiring.Gather(GatherTerm(rho, mu));
        LayerSumcheckProver second = WindowWiring.PairState(WindowWiring.Lift(context.Values(_input)), gather, Degree, context.Options);
        (SumcheckProof<GoldilocksExt2> gatherProof, GoldilocksExt2[] point) = LayerSumcheck.Prove(second, Degree, GatherTarget(mu, sent), context.Transcript);
        GoldilocksExt2 xFinal = second.FactorEvaluations()[0];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [xFinal]);
        return (new GkrLayerProof([zeroCheck, gatherProof], [.. sent, xFinal]), Claims(context.Claims, rho, sent, point, xFinal));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] tau = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, NumVariables);
        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, NumVariables, Degree, GoldilocksExt2.Zero, context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] sent = [.. context.Proof.Evaluations.Take(Positions + 1)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, sent);
        GoldilocksExt2 expected = EqTable.Evaluate<GoldilocksExt2>(tau, rho);
        for (int k = 0; k < Positions; k++)
        {
            expected *= sent[k];
        }

        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "eq(τ, ρ)·Π d_k(ρ) differs from the zero-check's last round", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        GoldilocksExt2[] mu = Powers(context.Transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.GraphClaimWeight));
        (GoldilocksExt2[] point, GoldilocksExt2 gatherLast) = LayerSumcheck.Verify(context.Index, 1, Geometry.InputVariables, Degree, GatherTarget(mu, sent), context.Proof.Sumchecks[1], context.Transcript);
        GoldilocksExt2 xFinal = context.Proof.Evaluations[^1];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [xFinal]);
        GoldilocksExt2 gathered = xFinal * GatherAt(rho, mu, point);
        if (gathered != gatherLast)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"X̃·T̃ = {gathered}, the last round of the window sumcheck gives {gatherLast}", context.Index, expected: gathered.ToString(), actual: gatherLast.ToString());
        }

        return Claims(context.Claims, rho, sent, point, xFinal);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Geometry.Write(writer);
        writer.Byte((byte)DifferenceBits);
    }

    /// <summary>1, μ, μ², … for the kh·kw window positions.</summary>
    private GoldilocksExt2[] Powers(GoldilocksExt2 mu)
    {
        var powers = new GoldilocksExt2[Positions];
        powers[0] = GoldilocksExt2.One;
        for (int k = 1; k < Positions; k++)
        {
            powers[k] = powers[k - 1] * mu;
        }

        return powers;
    }

    /// <summary>Σ_k μ^k·(m̃(ρ) − d̃_k(ρ)).</summary>
    private GoldilocksExt2 GatherTarget(GoldilocksExt2[] mu, GoldilocksExt2[] sent)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int k = 0; k < Positions; k++)
        {
            total += mu[k] * (sent[Positions] - sent[k]);
        }

        return total;
    }

    /// <summary>The gather terms: eq(ρ_bc, ·) masked to real channels, and M(iy, ix) = Σ_{u,v} μ^(u·kw+v)·Ay(u, iy)·Ax(v, ix), one Ty ⊗ Tx per kernel row u.</summary>
    private (GoldilocksExt2[] EqOuter, GoldilocksExt2[] Ty, GoldilocksExt2[] Tx)[] GatherTerm(GoldilocksExt2[] rho, GoldilocksExt2[] mu)
    {
        GoldilocksExt2[] eqOuter = ReducerKernels.EqTable(rho.AsSpan(0, OuterVariables), GoldilocksExt2.One);
        int channels = 1 << Geometry.ChannelVariables;
        for (int i = 0; i < eqOuter.Length; i++)
        {
            if (i % channels >= Geometry.Channels)
            {
                eqOuter[i] = GoldilocksExt2.Zero;
            }
        }

        (GoldilocksExt2[] eqY, GoldilocksExt2[] eqX) = OutputEq(rho);
        GoldilocksExt2[] ay = WindowWiring.Table(_height, eqY), ax = WindowWiring.Table(_width, eqX);
        int kw = Geometry.KernelWidth;

        // Σ_{u,v} μ^(u·kw+v)·Ay(u)⊗Ax(v) = Σ_u Ay(u) ⊗ (Σ_v μ^(u·kw+v)·Ax(v)): one rank-1 term per kernel row.
        return [.. Enumerable.Range(0, Geometry.KernelHeight).Select(u => (eqOuter, ay.AsSpan(u * _height.InPadded, _height.InPadded).ToArray(), WindowWiring.Contract(_width, ax, mu.AsSpan(u * kw, kw))))];
    }

    /// <summary>T̃(ρ′) = eq(ρ_b, ρ′_b)·Σ_{c &lt; C} eq(ρ_c, c)·eq(ρ′_c, c)·Σ_{u,v} μ^(u·kw+v)·Ãy(u, ρ′_y)·Ãx(v, ρ′_x).</summary>
    private GoldilocksExt2 GatherAt(GoldilocksExt2[] rho, GoldilocksExt2[] mu, GoldilocksExt2[] point)
    {
        int beta = Geometry.BatchVariables, cv = Geometry.ChannelVariables, outer = OuterVariables;
        GoldilocksExt2[] eqC = WindowWiring.Eq(rho, beta, cv), eqPointC = WindowWiring.Eq(point, beta, cv);
        GoldilocksExt2 channels = GoldilocksExt2.Zero;
        for (int c = 0; c < Geometry.Channels; c++)
        {
            channels += eqC[c] * eqPointC[c];
        }

        (GoldilocksExt2[] eqY, GoldilocksExt2[] eqX) = OutputEq(rho);
        GoldilocksExt2[] ay = WindowWiring.AtPoint(_height, eqY, WindowWiring.Eq(point, outer, Geometry.InHeightVariables));
        GoldilocksExt2[] ax = WindowWiring.AtPoint(_width, eqX, WindowWiring.Eq(point, outer + Geometry.InHeightVariables, Geometry.InWidthVariables));
        GoldilocksExt2 window = GoldilocksExt2.Zero;
        int kw = Geometry.KernelWidth;
        for (int u = 0; u < Geometry.KernelHeight; u++)
        {
            window += ay[u] * WindowWiring.Dot(mu.AsSpan(u * kw, kw), ax);
        }

        return EqTable.Evaluate<GoldilocksExt2>(rho.AsSpan(0, beta), point.AsSpan(0, beta)) * channels * window;
    }

    private (GoldilocksExt2[] EqY, GoldilocksExt2[] EqX) OutputEq(GoldilocksExt2[] z) =>
        (WindowWiring.Eq(z, OuterVariables, Geometry.OutHeightVariables), WindowWiring.Eq(z, OuterVariables + Geometry.OutHeightVariables, Geometry.OutWidthVariables));

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] rho, GoldilocksExt2[] sent, GoldilocksExt2[] point, GoldilocksExt2 xFinal)
    {
        var result = new List<Claim>(claims.Select(c => c with { On = _maximum }));
        for (int k = 0; k < Positions; k++)
        {
            result.Add(new Claim(_differences[k], [.. rho], sent[k]));
        }

        result.Add(new Claim(_maximum, [.. rho], sent[Positions]));
        result.Add(new Claim(_input, [.. point], xFinal));
        return [.. result];
    }

    private static WindowMaxPoolLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (description.Length != WindowGeometry.EncodedLength + 1 || header.Writes.Count < 2 || header.Reads.Count != header.Writes.Count + 1 || !header.Reads.Skip(1).SequenceEqual(header.Writes))
        {
            throw new MalformedCircuitException($"A window max-pool layer reads its input and the columns it writes (maxima, then the differences) and has {WindowGeometry.EncodedLength + 1} description bytes.");
        }

        WindowMaxPoolLayer layer;
        try
        {
            layer = new WindowMaxPoolLayer(header.Reads[0], header.Writes[0], [.. header.Writes.Skip(1)], WindowGeometry.Read(description), description[^1]);
        }
        catch (ArgumentException ex)
        {
            throw new MalformedCircuitException($"Invalid window max-pool layer: {ex.Message}");
        }

        return layer.NumVariables == header.NumVariables ? layer
            : throw new MalformedCircuitException($"A window max-pool layer of {layer.Geometry} has 2^{layer.NumVariables} outputs, not 2^{header.NumVariables}.");
    }
}
