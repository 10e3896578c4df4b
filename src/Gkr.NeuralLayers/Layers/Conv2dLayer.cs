using Gkr.Field;
using Gkr.NeuralLayers.Reference;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// A 2-d convolution on a batch of images: Y[b, o, y, x] = bias[o] + Σ_{c, u, v} W[o, c, u, v]·X[b, c, y·sh + u − ph, x·sw + v − pw]
/// for y &lt; OutHeight, x &lt; OutWidth (terms on the zero padding omitted), and 0 at padded output positions. X is an
/// earlier polynomial in the <see cref="WindowGeometry"/> layout, W a model table [o][c][u][v] and bias a table [o]
/// (each dimension padded to its power of two; the weights and bias must be zero at padded channels o ≥ O and c ≥ C).
/// Values are signed integers in the field (accumulators, not yet requantized).
/// </summary>
/// <remarks>
/// <para>Reducer (im2col-style, the convolution of zkCNN, eprint 2021/673, with the wiring evaluated in closed form
/// as in Thaler 2013, eprint 2013/351). For claims z_j = (z_b, z_o, z_y, z_x) with values v_j and weights w_j,
/// v_j = β_j·My_j·Mx_j + Σ_{i=(c,u,v)} W̃(z_o, i)·Z_j(i), Z_j(c, u, v) = Σ_{iy, ix} X̃(z_b, c, iy, ix)·Ay_j(u, iy)·Ax_j(v, ix),
/// with Ay_j(u, iy) = Σ_{y &lt; OutHeight} eq(z_y, y)·[iy = y·sh + u − ph, 0 ≤ iy &lt; H], Ax_j likewise, and My_j, Mx_j the
/// eq masses of the real output rows and columns (<see cref="WindowWiring"/>).</para>
/// <para>Phase 1: the prover sends β_j = B̃(z_o) (absorbed), builds W_j(i) = Σ_o eq(z_o, o)·W[o, i] and Z_j(i) separably
/// (batch by eq(z_b), then width by Ax, then height by Ay; no im2col over the batch), and runs one degree-2 sumcheck
/// over i of Σ_j w_j·W_j·Z_j = Σ_j w_j·(v_j − β_j·My_j·Mx_j), ending at κ = (κ_c, κ_u, κ_v); it sends W̃_j(κ), Z̃_j(κ)
/// (absorbed). Phase 2: λ_j (1 for one claim, else powers of a fresh challenge, drawn after the Z̃_j are absorbed so that
/// they cannot be chosen to cancel), then one degree-2 sumcheck over (b, iy, ix) of X̃(b, κ_c, iy, ix)·T(b, iy, ix) = Σ_j λ_j·Z̃_j(κ),
/// T = Σ_j λ_j·eq(z_bj, b)·Ty_j(iy)·Tx_j(ix), Ty_j = Σ_u eq(κ_u, u)·Ay_j(u, ·); it sends X̃(ρ_b, κ_c, ρ_y, ρ_x). The verifier
/// evaluates T̃(ρ) in O(Σ_j (OutHeight·kh + OutWidth·kw + 2^hv + 2^wv + 2^β)), nothing proportional to the image times
/// the channels. Claims out, per incoming claim: the weights at (z_o, κ) with W̃_j(κ), the bias at z_o with β_j; then
/// the input at (ρ_b, κ_c, ρ_y, ρ_x).</para>
/// <para>Cost: the prover binds W once per claim (2^o·2^(cv+khv+kwv)), X once per claim (2^(β+cv+hv+wv)) and contracts
/// it with the wiring (C·H·kw·W + C·kh·H·kw), then two sumchecks of 2^(cv+khv+kwv) and 2^(β+hv+wv). Its own inference
/// (<see cref="Evaluate"/>) is integer arithmetic: an im2col and the reference's int32 dot product when the values
/// allow, 128-bit accumulators otherwise.</para>
/// </remarks>
public sealed class Conv2dLayer : GraphLayer
{
    /// <summary>The registered kind (tag 19, "conv2d"; description: the <see cref="WindowGeometry"/> bytes, then the output channels as u16).</summary>
    public static GraphLayerKind Kind { get; } = new(19, "conv2d", typeof(Conv2dLayer), Decode);

    private readonly PolynomialRef _input, _weights, _bias;
    private readonly WindowAxis _height, _width;

    /// <summary>A convolution of <paramref name="input"/> into <paramref name="outChannels"/> channels.</summary>
    /// <exception cref="ArgumentException">Out channels outside [1, 2^16], or an output of more than 2^<see cref="CircuitLayer.MaxVariables"/> values.</exception>
    public Conv2dLayer(PolynomialRef input, PolynomialRef weights, PolynomialRef bias, WindowGeometry geometry, int outChannels)
        : base(OutputVariables(geometry, outChannels))
    {
        _input = input;
        _weights = weights;
        _bias = bias;
        Geometry = geometry;
        OutChannels = outChannels;
        _height = WindowWiring.Height(geometry);
        _width = WindowWiring.Width(geometry);
    }

    /// <summary>The window geometry.</summary>
    public WindowGeometry Geometry { get; }

    /// <summary>O.</summary>
    public int OutChannels { get; }

    /// <summary>log2 of the padded output channels.</summary>
    public int OutChannelVariables => WindowGeometry.Variables(OutChannels);

    /// <summary>ov + cv + khv + kwv: the weights table's variables.</summary>
    public int WeightVariables => OutChannelVariables + InnerVariables;

    private int InnerVariables => Geometry.ChannelVariables + Geometry.KernelHeightVariables + Geometry.KernelWidthVariables;

    private int PlaneVariables => Geometry.InHeightVariables + Geometry.InWidthVariables;

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_input, _weights, _bias];

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        numVariables(_input) != Geometry.InputVariables ? $"the input has 2^{numVariables(_input)} values, not 2^{Geometry.InputVariables} ({Geometry})."
        : numVariables(_weights) != WeightVariables ? $"the weights have 2^{numVariables(_weights)} values, not 2^{WeightVariables} ([o][c][u][v] padded)."
        : numVariables(_bias) != OutChannelVariables ? $"the bias has 2^{numVariables(_bias)} values, not 2^{OutChannelVariables}."
        : null;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) =>
        [.. Enumerable.Range(0, claimCount).SelectMany(_ => new[] { _weights, _bias }), _input];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([InnerVariables, Geometry.BatchVariables + PlaneVariables], 2, (3 * claimCount) + 1);

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The weights or bias are not zero at a padded channel, or an output is not below 2^62 in absolute value.</exception>
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        WindowGeometry g = Geometry;
        int kh = g.KernelHeight, kw = g.KernelWidth, channels = g.Channels, area = kh * kw, rowLength = channels * area;
        int khp = _height.KernelPadded, kwp = _width.KernelPadded, inner = 1 << InnerVariables;
        Goldilocks[] weightTable = context.Values(_weights), biasTable = context.Values(_bias);
        CheckPadding(weightTable, biasTable, inner);

        // The weights of the real (c, u, v), in the im2col row order [c][u][v].
        var weights = new long[OutChannels * rowLength];
        long maxWeight = 0;
        for (int o = 0; o < OutChannels; o++)
        {
            for (int c = 0; c < channels; c++)
            {
                for (int u = 0; u < kh; u++)
                {
                    for (int v = 0; v < kw; v++)
                    {
                        long w = weightTable[(o * inner) + (((c * khp) + u) * kwp) + v].ToInt64();
                        weights[(o * rowLength) + (c * area) + (u * kw) + v] = w;
                        maxWeight = Math.Max(maxWeight, Math.Abs(w));
                    }
                }
            }
        }

        long[] bias = [.. biasTable.AsSpan(0, OutChannels).ToArray().Select(b => b.ToInt64())];
        Goldilocks[] xs = context.Values(_input);
        var x = new long[xs.Length];
        long maxInput = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            x[i] = xs[i].ToInt64();
            maxInput = Math.Max(maxInput, Math.Abs(x[i]));
        }

        // IntegerDot's int32 lanes hold products within ±2^15.
        bool narrow = maxInput <= short.MaxValue && maxWeight <= short.MaxValue && (Int128)maxInput * maxWeight <= 1 << 15;
        int[] narrowWeights = narrow ? [.. weights.Select(w => (int)w)] : [];
        int outH = g.OutHeight, outW = g.OutWidth, positions = outH * outW;
        var rows = new long[positions * rowLength];
        var narrowRows = narrow ? new int[positions * rowLength] : [];
        int planeSize = 1 << PlaneVariables, inWp = _width.InPadded;
        int outPlane = 1 << (g.OutHeightVariables + g.OutWidthVariables), outWp = 1 << g.OutWidthVariables;
        for (int b = 0; b < 1 << g.BatchVariables; b++)
        {
            int imageBase = b << (g.ChannelVariables + PlaneVariables);
            for (int p = 0; p < positions; p++)
            {
                int y = p / outW, xo = p % outW;
                Span<long> row = rows.AsSpan(p * rowLength, rowLength);
                for (int c = 0; c < channels; c++)
                {
                    int planeBase = imageBase + (c * planeSize);
                    for (int u = 0; u < kh; u++)
                    {
                        int iy = _height.Source(y, u);
                        for (int v = 0; v < kw; v++)
                        {
                            int ix = _width.Source(xo, v);
                            row[(c * area) + (u * kw) + v] = iy < 0 || ix < 0 ? 0 : x[planeBase + (iy * inWp) + ix];
                        }
                    }
                }

                if (narrow)
                {
                    Span<int> narrowRow = narrowRows.AsSpan(p * rowLength, rowLength);
                    for (int k = 0; k < rowLength; k++)
                    {
                        narrowRow[k] = (int)row[k];
                    }
                }
            }

            for (int o = 0; o < OutChannels; o++)
            {
                int outBase = ((b << OutChannelVariables) + o) * outPlane;
                for (int p = 0; p < positions; p++)
                {
                    long value = narrow
                        ? bias[o] + IntegerDot.Dot(narrowWeights.AsSpan(o * rowLength, rowLength), narrowRows.AsSpan(p * rowLength, rowLength))
                        : WideDot(weights.AsSpan(o * rowLength, rowLength), rows.AsSpan(p * rowLength, rowLength), bias[o]);
                    if (value >= 1L << 62 || value <= -(1L << 62))
                    {
                        throw new InvalidOperationException($"Convolution output {value} at ({b}, {o}, {p / outW}, {p % outW}) is not below 2^62: the model's overflow analysis should have refused it.");
                    }

                    context.Output[outBase + ((p / outW) * outWp) + (p % outW)] = Goldilocks.FromInt64(value);
                }
            }
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_input), w = context.Values(_weights), bias = context.Values(_bias);
        int count = context.Claims.Count, inner = 1 << InnerVariables;
        var weightRows = new GoldilocksExt2[count][];
        var windows = new GoldilocksExt2[count][];
        var betas = new GoldilocksExt2[count];
        var wiring = new Wiring[count];
        for (int j = 0; j < count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = context.Claims[j].Point.AsSpan();
            wiring[j] = ClaimWiring(z);
            weightRows[j] = BindRows(w, WindowWiring.Eq(z, Geometry.BatchVariables, OutChannelVariables), inner);
            windows[j] = WindowTable(x, z[..Geometry.BatchVariables], wiring[j]);
            betas[j] = ReducerKernels.Evaluate(bias, z.Slice(Geometry.BatchVariables, OutChannelVariables));
        }

        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, betas);
        LayerSumcheckProver state = ReducerKernels.WeightedPairs(weightRows, windows, [.. context.Weights], context.Options);
        (SumcheckProof<GoldilocksExt2> first, GoldilocksExt2[] kappa) = LayerSumcheck.Prove(state, 2, Target(context.Claims, context.Weights, betas, wiring), context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations();
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);

        GoldilocksExt2[] lambdas = Lambdas(count, context.Transcript);
        GoldilocksExt2[] bound = BindChannels(x, kappa.AsSpan(0, Geometry.ChannelVariables));
        GoldilocksExt2[] gather = WindowWiring.Gather([.. Enumerable.Range(0, count).Select(j => GatherTerm(context.Claims[j].Point.AsSpan(), lambdas[j], kappa, wiring[j]))]);
        LayerSumcheckProver second = WindowWiring.PairState(bound, gather, 2, context.Options);
        (SumcheckProof<GoldilocksExt2> secondProof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(second, 2, SecondTarget(lambdas, finals), context.Transcript);
        GoldilocksExt2 xFinal = second.FactorEvaluations()[0];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [xFinal]);
        return (new GkrLayerProof([first, secondProof], [.. betas, .. finals, xFinal]), Claims(context.Claims, kappa, rho, betas, finals, xFinal));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int count = context.Claims.Count;
        GoldilocksExt2[] betas = [.. context.Proof.Evaluations.Take(count)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, betas);
        Wiring[] wiring = [.. context.Claims.Select(c => ClaimWiring(c.Point.AsSpan()))];
        (GoldilocksExt2[] kappa, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, InnerVariables, 2, Target(context.Claims, context.Weights, betas, wiring), context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] finals = [.. context.Proof.Evaluations.Skip(count).Take(2 * count)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);
        GoldilocksExt2 expected = GoldilocksExt2.Zero;
        for (int j = 0; j < count; j++)
        {
            expected += context.Weights[j] * finals[2 * j] * finals[(2 * j) + 1];
        }

        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"Σ w·W̃·Z̃ = {expected}, the last round of the weight sumcheck gives {last}", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        GoldilocksExt2[] lambdas = Lambdas(count, context.Transcript);
        (GoldilocksExt2[] rho, GoldilocksExt2 secondLast) = LayerSumcheck.Verify(context.Index, 1, Geometry.BatchVariables + PlaneVariables, 2, SecondTarget(lambdas, finals), context.Proof.Sumchecks[1], context.Transcript);
        GoldilocksExt2 xFinal = context.Proof.Evaluations[^1];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [xFinal]);
        GoldilocksExt2 gather = GatherAt(context.Claims, lambdas, kappa, rho, wiring);
        if (xFinal * gather != secondLast)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"X̃·T̃ = {xFinal * gather}, the last round of the window sumcheck gives {secondLast}", context.Index, expected: (xFinal * gather).ToString(), actual: secondLast.ToString());
        }

        return Claims(context.Claims, kappa, rho, betas, finals, xFinal);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Geometry.Write(writer);
        writer.Byte((byte)(OutChannels & 0xFF));
        writer.Byte((byte)(OutChannels >> 8));
    }

    private static int OutputVariables(WindowGeometry geometry, int outChannels)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (outChannels < 1 || outChannels > WindowGeometry.MaxExtent)
        {
            throw new ArgumentException($"The output channels must be in [1, {WindowGeometry.MaxExtent}]; got {outChannels}.", nameof(outChannels));
        }

        int n = geometry.BatchVariables + WindowGeometry.Variables(outChannels) + geometry.OutHeightVariables + geometry.OutWidthVariables;
        int weights = WindowGeometry.Variables(outChannels) + geometry.ChannelVariables + geometry.KernelHeightVariables + geometry.KernelWidthVariables;
        return n > CircuitLayer.MaxVariables || weights > CircuitLayer.MaxVariables
            ? throw new ArgumentException($"A convolution of {geometry} into {outChannels} channels has more than 2^{CircuitLayer.MaxVariables} outputs or weights.", nameof(outChannels))
            : n;
    }

    /// <summary>The per-claim wiring: eq tables of z_y and z_x, the axis tables Ay, Ax and the masses My, Mx.</summary>
    private sealed record Wiring(GoldilocksExt2[] EqY, GoldilocksExt2[] EqX, GoldilocksExt2 Mass);

    private Wiring ClaimWiring(ReadOnlySpan<GoldilocksExt2> z)
    {
        int offset = Geometry.BatchVariables + OutChannelVariables;
        GoldilocksExt2[] eqY = WindowWiring.Eq(z, offset, Geometry.OutHeightVariables);
        GoldilocksExt2[] eqX = WindowWiring.Eq(z, offset + Geometry.OutHeightVariables, Geometry.OutWidthVariables);
        return new Wiring(eqY, eqX, WindowWiring.OutMass(_height, eqY) * WindowWiring.OutMass(_width, eqX));
    }

    /// <summary>Z_j(c, u, v) = Σ_{iy, ix} X̃(z_b, c, iy, ix)·Ay(u, iy)·Ax(v, ix), table [c][u][v] padded.</summary>
    private GoldilocksExt2[] WindowTable(Goldilocks[] x, ReadOnlySpan<GoldilocksExt2> zb, Wiring wiring)
    {
        WindowGeometry g = Geometry;
        int channels = 1 << g.ChannelVariables, hp = _height.InPadded, wp = _width.InPadded, khp = _height.KernelPadded, kwp = _width.KernelPadded;
        int image = channels * hp * wp;
        var xb = new GoldilocksExt2[image];
        GoldilocksExt2[] eqB = ReducerKernels.EqTable(zb, GoldilocksExt2.One);
        for (int b = 0; b < eqB.Length; b++)
        {
            ReducerKernels.ScaleAddBase(x.AsSpan(b * image, image), eqB[b], xb);
        }

        GoldilocksExt2[] ay = WindowWiring.Table(_height, wiring.EqY), ax = WindowWiring.Table(_width, wiring.EqX);

        // Width first: P(c, iy, v) = Σ_ix Xb(c, iy, ix)·Ax(v, ix), then height: Z(c, u, v) = Σ_iy Ay(u, iy)·P(c, iy, v).
        var p = new GoldilocksExt2[channels * hp * kwp];
        for (int c = 0; c < channels; c++)
        {
            for (int iy = 0; iy < g.InHeight; iy++)
            {
                ReadOnlySpan<GoldilocksExt2> line = xb.AsSpan(((c * hp) + iy) * wp, wp);
                for (int v = 0; v < g.KernelWidth; v++)
                {
                    p[(((c * hp) + iy) * kwp) + v] = Dot(line[..g.InWidth], ax.AsSpan(v * wp, g.InWidth));
                }
            }
        }

        var z = new GoldilocksExt2[channels * khp * kwp];
        for (int c = 0; c < channels; c++)
        {
            for (int u = 0; u < g.KernelHeight; u++)
            {
                ReadOnlySpan<GoldilocksExt2> weights = ay.AsSpan(u * hp, hp);
                for (int iy = 0; iy < g.InHeight; iy++)
                {
                    if (weights[iy].IsZero)
                    {
                        continue;
                    }

                    for (int v = 0; v < g.KernelWidth; v++)
                    {
                        z[(((c * khp) + u) * kwp) + v] += weights[iy] * p[(((c * hp) + iy) * kwp) + v];
                    }
                }
            }
        }

        return z;
    }

    private static GoldilocksExt2 Dot(ReadOnlySpan<GoldilocksExt2> a, ReadOnlySpan<GoldilocksExt2> b)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int i = 0; i < a.Length; i++)
        {
            if (!b[i].IsZero)
            {
                sum += a[i] * b[i];
            }
        }

        return sum;
    }

    /// <summary>X̃(b, κ_c, iy, ix) for every (b, iy, ix).</summary>
    private GoldilocksExt2[] BindChannels(Goldilocks[] x, ReadOnlySpan<GoldilocksExt2> kappaC)
    {
        int plane = 1 << PlaneVariables, channels = 1 << Geometry.ChannelVariables;
        GoldilocksExt2[] eqC = ReducerKernels.EqTable(kappaC, GoldilocksExt2.One);
        var result = new GoldilocksExt2[(1 << Geometry.BatchVariables) * plane];
        for (int b = 0; b < 1 << Geometry.BatchVariables; b++)
        {
            Span<GoldilocksExt2> target = result.AsSpan(b * plane, plane);
            for (int c = 0; c < channels; c++)
            {
                ReducerKernels.ScaleAddBase(x.AsSpan(((b * channels) + c) * plane, plane), eqC[c], target);
            }
        }

        return result;
    }

    /// <summary>The gather term of claim j: eq(z_b, ·)·λ_j, Ty_j = Σ_u eq(κ_u, u)·Ay_j(u, ·), Tx_j likewise.</summary>
    private (GoldilocksExt2[] EqOuter, GoldilocksExt2[] Ty, GoldilocksExt2[] Tx) GatherTerm(ReadOnlySpan<GoldilocksExt2> z, GoldilocksExt2 lambda, GoldilocksExt2[] kappa, Wiring wiring)
    {
        (GoldilocksExt2[] eqU, GoldilocksExt2[] eqV) = KernelEq(kappa);
        return (ReducerKernels.EqTable(z[..Geometry.BatchVariables], lambda),
            WindowWiring.Contract(_height, WindowWiring.Table(_height, wiring.EqY), eqU),
            WindowWiring.Contract(_width, WindowWiring.Table(_width, wiring.EqX), eqV));
    }

    /// <summary>T̃(ρ) = Σ_j λ_j·eq(z_bj, ρ_b)·Σ_u eq(κ_u, u)·Ãy_j(u, ρ_y)·Σ_v eq(κ_v, v)·Ãx_j(v, ρ_x), in closed form.</summary>
    private GoldilocksExt2 GatherAt(IReadOnlyList<Claim> claims, GoldilocksExt2[] lambdas, GoldilocksExt2[] kappa, GoldilocksExt2[] rho, Wiring[] wiring)
    {
        int beta = Geometry.BatchVariables;
        (GoldilocksExt2[] eqU, GoldilocksExt2[] eqV) = KernelEq(kappa);
        GoldilocksExt2[] eqRy = WindowWiring.Eq(rho, beta, Geometry.InHeightVariables), eqRx = WindowWiring.Eq(rho, beta + Geometry.InHeightVariables, Geometry.InWidthVariables);
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            GoldilocksExt2 ty = WindowWiring.Dot(eqU, WindowWiring.AtPoint(_height, wiring[j].EqY, eqRy));
            GoldilocksExt2 tx = WindowWiring.Dot(eqV, WindowWiring.AtPoint(_width, wiring[j].EqX, eqRx));
            total += lambdas[j] * EqTable.Evaluate<GoldilocksExt2>(claims[j].Point.AsSpan(0, beta), rho.AsSpan(0, beta)) * ty * tx;
        }

        return total;
    }

    private (GoldilocksExt2[] EqU, GoldilocksExt2[] EqV) KernelEq(GoldilocksExt2[] kappa) =>
        (WindowWiring.Eq(kappa, Geometry.ChannelVariables, Geometry.KernelHeightVariables), WindowWiring.Eq(kappa, Geometry.ChannelVariables + Geometry.KernelHeightVariables, Geometry.KernelWidthVariables));

    /// <summary>λ_j: 1 for one claim, else powers of a challenge drawn after the phase-1 finals are absorbed.</summary>
    private static GoldilocksExt2[] Lambdas(int count, Transcript transcript)
    {
        var lambdas = new GoldilocksExt2[count];
        lambdas[0] = GoldilocksExt2.One;
        if (count > 1)
        {
            GoldilocksExt2 lambda = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.GraphClaimWeight);
            for (int j = 1; j < count; j++)
            {
                lambdas[j] = lambdas[j - 1] * lambda;
            }
        }

        return lambdas;
    }

    private static GoldilocksExt2 Target(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GoldilocksExt2[] betas, Wiring[] wiring)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            total += weights[j] * (claims[j].Value - (betas[j] * wiring[j].Mass));
        }

        return total;
    }

    private static GoldilocksExt2 SecondTarget(GoldilocksExt2[] lambdas, GoldilocksExt2[] finals)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < lambdas.Length; j++)
        {
            total += lambdas[j] * finals[(2 * j) + 1];
        }

        return total;
    }

    /// <summary>Σ_r eq[r]·M[r, ·] for a row-major matrix of <paramref name="cols"/> columns.</summary>
    private static GoldilocksExt2[] BindRows(Goldilocks[] matrix, GoldilocksExt2[] eq, int cols)
    {
        var result = new GoldilocksExt2[cols];
        for (int r = 0; r < eq.Length; r++)
        {
            ReducerKernels.ScaleAddBase(matrix.AsSpan(r * cols, cols), eq[r], result);
        }

        return result;
    }

    private static long WideDot(ReadOnlySpan<long> w, ReadOnlySpan<long> x, long bias)
    {
        Int128 sum = bias;
        for (int i = 0; i < w.Length; i++)
        {
            sum += (Int128)w[i] * x[i];
        }

        return sum >= Int128.One << 62 || sum <= -(Int128.One << 62) ? long.MaxValue : (long)sum;
    }

    private void CheckPadding(Goldilocks[] weights, Goldilocks[] bias, int inner)
    {
        int khp = _height.KernelPadded, kwp = _width.KernelPadded;
        for (int o = 0; o < weights.Length / inner; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                if (!weights[(o * inner) + i].IsZero && (o >= OutChannels || i / (khp * kwp) >= Geometry.Channels))
                {
                    throw new InvalidOperationException($"The convolution weights must be zero at padded channels; entry ({o}, {i}) is not.");
                }
            }

            if (o >= OutChannels && !bias[o].IsZero)
            {
                throw new InvalidOperationException($"The convolution bias must be zero at padded channels; entry {o} is not.");
            }
        }
    }

    private static Conv2dLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (header.Reads.Count != 3 || header.Writes.Count != 0 || description.Length != WindowGeometry.EncodedLength + 2)
        {
            throw new MalformedCircuitException($"A conv2d layer reads its input, weights and bias, writes nothing, and has {WindowGeometry.EncodedLength + 2} description bytes.");
        }

        WindowGeometry geometry = WindowGeometry.Read(description);
        int outChannels = description[^2] | (description[^1] << 8);
        Conv2dLayer layer;
        try
        {
            layer = new Conv2dLayer(header.Reads[0], header.Reads[1], header.Reads[2], geometry, outChannels);
        }
        catch (ArgumentException ex)
        {
            throw new MalformedCircuitException($"Invalid conv2d layer: {ex.Message}");
        }

        return layer.NumVariables == header.NumVariables ? layer
            : throw new MalformedCircuitException($"A conv2d layer of {geometry} into {outChannels} channels has 2^{layer.NumVariables} outputs, not 2^{header.NumVariables}.");
    }

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] kappa, GoldilocksExt2[] rho, GoldilocksExt2[] betas, GoldilocksExt2[] finals, GoldilocksExt2 xFinal)
    {
        var result = new Claim[(2 * claims.Count) + 1];
        int beta = Geometry.BatchVariables;
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> zo = claims[j].Point.AsSpan(beta, OutChannelVariables);
            result[2 * j] = new Claim(_weights, [.. zo, .. kappa], finals[2 * j]);
            result[(2 * j) + 1] = new Claim(_bias, [.. zo], betas[j]);
        }

        result[^1] = new Claim(_input, [.. rho.AsSpan(0, beta), .. kappa.AsSpan(0, Geometry.ChannelVariables), .. rho.AsSpan(beta)], xFinal);
        return result;
    }
}
