using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// Requantization by a fixed-point multiplier with round-half-up: u = ⌊(acc·M + 2^(S−1)) / 2^S⌋ + zp, element-wise,
/// S = 31 + shift (the gemmlowp/TFLite multiplier M·2^−31 and right shift), M per tensor or per channel (a model
/// table indexed by a range of index bits). The remainder r = acc·M + 2^(S−1) − 2^S·(u − zp) ∈ [0, 2^S) is written as
/// limbs of at most <see cref="LimbBits"/> bits (split evenly: <see cref="LimbWidth"/>), each a witness column range-checked by the circuit
/// (<see cref="Add"/> adds the checks). Clamping to the activation range (and ReLU) is a <c>ClampLayer</c> on u.
/// </summary>
/// <remarks>
/// <para>The identity acc·M + 2^(S−1) = 2^S·(u − zp) + Σ_l 2^(offset_l)·r_l holds at every point of the hypercube,
/// so it holds for the multilinear extensions (constants extend to themselves). Per tensor it is linear: for a claim
/// ũ(z) = v the prover sends r̃_l(z) (absorbed) and the claim on acc, ãcc(z) = (2^S(v − zp) − 2^(S−1) + Σ 2^(l·k) r̃_l(z)) / M,
/// follows with no sumcheck. Per channel the multiplier varies: one degree-3 sumcheck of
/// Σ_x E(x)·acc(x)·M_b(x) = Σ_j w_j (2^S(v_j − zp) − 2^(S−1) + r̃(z_j)), E = Σ_j w_j eq(z_j, ·) and M_b the multipliers broadcast
/// over the other index bits, whose extension is M̃(ρ_channel): the claims are acc at ρ and the multiplier table at
/// ρ's channel coordinates.</para>
/// <para>Soundness of the rounding rests on the range checks: a quotient off by one needs a remainder moved by 2^S,
/// out of [0, 2^S). The values must not wrap the field: |acc·M| + 2^S &lt; p/2 (the model's overflow analysis decides
/// this before proving; <see cref="Evaluate"/> refuses values that break it).</para>
/// <para><b>Round half to even</b> (<see cref="RoundingMode.RoundHalfToEven"/>, ONNX QLinear*, bit for bit
/// <see cref="Requantization.RoundShift"/>). With T = acc·M + 2^(S−1) = 2^S·q + r, r ∈ [0, 2^S) as above, q is the half-up
/// quotient; v = acc·M is a tie exactly when r = 0, and then the even neighbour is q − [q odd]. So u − zp = q − t with
/// t = [r = 0]·[q odd]. Witness columns after the remainder limbs: t, the parity π of q, z0 = [r = 0], inv (r⁻¹ where r ≠ 0),
/// and the limbs of H = h + 2^(b−1), q = 2h + π, b = max(62 − S, 1) bits (range-checked like the remainder limbs).
/// Constraints on every x of the hypercube:
/// C0 π(1 − π) = 0; C1 r·inv − 1 + z0 = 0; C2 r·z0 = 0; C3 t − z0·π = 0; C4 acc·M + 2^(S−1) − r − 2^S(2h + π) = 0
/// (r = Σ 2^(16l) r_l, h = Σ 2^(16l) H_l − 2^(b−1), M per element). The output is linear in the witness:
/// u = zp + 2h + π − t, so a claim ũ(z) = v becomes claims on the H limbs and π at z (the prover sends them) and on t at z,
/// t̃(z) = zp + 2h̃(z) + π̃(z) − v. The constraints are proven by one zero-check: τ ∈ F^n and α drawn together (τ then α
/// under the zero-check label), one degree-3 sumcheck of Σ_x eq(τ, x)·Σ_k α^k C_k(x) = 0 ending at ρ, the prover sends
/// every column at ρ (remainder limbs, t, π, z0, inv, H limbs, acc, and M̃ at ρ's channel coordinates per channel), the
/// verifier recomputes eq(τ, ρ)·Σ_k α^k C_k(ρ) against the last round, and those values become claims at ρ.</para>
/// <para>Cost of half-even: 4 + ⌈b/16⌉ more witness columns (⌈b/16⌉ more range-checked), one degree-3 sumcheck over the n
/// element variables (the prover O(2^n) per round through <c>CompositeSumcheck</c>, the verifier O(n)), and ⌈b/16⌉ + 1
/// values per claim plus one per column at ρ in the proof; the per-channel product sumcheck of half-up is not needed.</para>
/// <para>Soundness of half-even: the witness is committed before τ and α, so a constraint broken at any x makes the sum
/// non-zero except with probability (4 + n)/|F| (α, then τ), and the sumcheck errs with 3n/|F| (Thaler 2013, eprint
/// 2013/351). Given the constraints: π ∈ {0, 1} (C0); the range checks (LogUp, eprint 2023/1284) make r an integer in [0, 2^S)
/// and h an integer in [−2^(b−1), 2^(b−1)), so C4 holds over the integers (both sides stay below 3·2^62 &lt; p in size), hence
/// T = 2^S(2h + π) + r with r in range: 2h + π is the half-up q and π its parity (a wrong parity needs h = (q − π)/2 off the
/// integers, which fails the range check). z0 = [r = 0] (C1 forces z0 = 1 when r = 0; C2 forces z0 = 0 when r ≠ 0), and
/// t = z0·π (C3): so t = 1 exactly on ties with q odd, and u is the half-even quotient plus zp. Half-up circuits are
/// unchanged: same columns, proof and description bytes.</para>
/// <para>Description: u64 multiplier, u8 channel offset, u8 channel variables, u8 S, u64 zero point, u8 per-channel flag
/// (20 bytes) for half-up; half-to-even appends one byte, 2 (<see cref="RoundingMode.RoundHalfToEven"/>). A 21-byte
/// description ending in any other byte is refused, so each layer has one encoding and half-up digests are the old ones.</para>
/// </remarks>
public sealed class RequantizeLayer : GraphLayer
{
    /// <summary>Width of the remainder limbs (each range-checked in a 2^16-row table).</summary>
    public const int LimbBits = 16;

    /// <summary>The registered kind (tag 17, "requantize").</summary>
    public static GraphLayerKind Kind { get; } = new(17, "requantize", typeof(RequantizeLayer), Decode);

    private readonly PolynomialRef _acc;
    private readonly PolynomialRef? _multipliers;
    private readonly PolynomialRef[] _limbs;
    private readonly PolynomialRef[] _columns;

    /// <summary>A requantization of <paramref name="acc"/> (2^<paramref name="numVariables"/> values); see the class summary.</summary>
    /// <param name="acc">The accumulators.</param>
    /// <param name="multiplier">M for a per-tensor multiplier (ignored with a multiplier table).</param>
    /// <param name="multipliers">A table of per-channel multipliers, or null.</param>
    /// <param name="channelOffset">Index bits below the channel bits (per channel only).</param>
    /// <param name="channelVariables">log2 of the channel count: the multiplier table's size (per channel only).</param>
    /// <param name="totalShift">S = 31 + the right shift.</param>
    /// <param name="zeroPoint">The output zero point.</param>
    /// <param name="limbs">The witness columns: the remainder's limbs, least significant first (⌈S / 16⌉ of them); for half-to-even
    /// then t, π, z0, inv and the ⌈b / 16⌉ limbs of H (<see cref="WitnessCount"/>; see the class remarks).</param>
    /// <param name="numVariables">log2 of the element count.</param>
    /// <param name="rounding">Round half up (the default) or half to even.</param>
    public RequantizeLayer(PolynomialRef acc, long multiplier, PolynomialRef? multipliers, int channelOffset, int channelVariables, int totalShift, long zeroPoint, IReadOnlyList<PolynomialRef> limbs, int numVariables, RoundingMode rounding = RoundingMode.RoundHalfUp)
        : base(numVariables)
    {
        if (rounding is not (RoundingMode.RoundHalfUp or RoundingMode.RoundHalfToEven))
        {
            throw new ArgumentOutOfRangeException(nameof(rounding), $"Unknown rounding mode {(int)rounding}.");
        }

        ArgumentNullException.ThrowIfNull(limbs);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalShift, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalShift, 62);
        ArgumentOutOfRangeException.ThrowIfNegative(channelOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(channelVariables);
        if (multipliers is null && (multiplier <= 0 || multiplier >= 1L << 31))
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), $"A multiplier lies in (0, 2^31); got {multiplier}.");
        }

        if (limbs.Count != WitnessCount(totalShift, rounding))
        {
            throw new ArgumentException($"A shift of {totalShift} bits rounding {rounding} needs {WitnessCount(totalShift, rounding)} witness columns; got {limbs.Count}.", nameof(limbs));
        }

        _acc = acc;
        _multipliers = multipliers;
        _columns = [.. limbs];
        _limbs = [.. limbs.Take(LimbCount(totalShift))];
        Rounding = rounding;
        Multiplier = multipliers is null ? multiplier : 0;
        ChannelOffset = multipliers is null ? 0 : channelOffset;
        ChannelVariables = multipliers is null ? 0 : channelVariables;
        TotalShift = totalShift;
        ZeroPoint = zeroPoint;
    }

    /// <summary>The per-tensor multiplier (0 with a multiplier table).</summary>
    public long Multiplier { get; }

    /// <summary>Index bits below the channel bits.</summary>
    public int ChannelOffset { get; }

    /// <summary>log2 of the channel count (0 per tensor).</summary>
    public int ChannelVariables { get; }

    /// <summary>S.</summary>
    public int TotalShift { get; }

    /// <summary>The output zero point.</summary>
    public long ZeroPoint { get; }

    /// <summary>How the quotient is rounded.</summary>
    public RoundingMode Rounding { get; }

    /// <summary>b: the bits of H = h + 2^(b−1), q = 2h + π (half-to-even only).</summary>
    public int HalfBits => HalfBitsFor(TotalShift);

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => _multipliers is { } m ? [_acc, m, .. _columns] : [_acc, .. _columns];

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Writes => _columns;

    /// <summary>The witness columns of a layer with shift <paramref name="totalShift"/> and <paramref name="rounding"/>.</summary>
    public static int WitnessCount(int totalShift, RoundingMode rounding) =>
        LimbCount(totalShift) + (rounding == RoundingMode.RoundHalfToEven ? 4 + LimbCount(HalfBitsFor(totalShift)) : 0);

    private static int HalfBitsFor(int totalShift) => Math.Max(62 - totalShift, 1);

    /// <summary>Limbs for a value of <paramref name="totalShift"/> bits: ⌈bits / 16⌉.</summary>
    public static int LimbCount(int totalShift) => (totalShift + LimbBits - 1) / LimbBits;

    /// <summary>
    /// Bits of limb <paramref name="limb"/>: the bits are split as evenly as possible (widths differ by at most one, the
    /// wider limbs first), so a 24-bit remainder is two 12-bit limbs checked in a 2^12-row table, not a 16-bit and an
    /// 8-bit limb that need a 2^16-row table.
    /// </summary>
    public static int LimbWidth(int totalShift, int limb)
    {
        int count = LimbCount(totalShift);
        return (totalShift / count) + (limb < totalShift % count ? 1 : 0);
    }

    /// <summary>The bit offset of limb <paramref name="limb"/> (the sum of the widths below it).</summary>
    public static int LimbOffset(int totalShift, int limb)
    {
        int count = LimbCount(totalShift);
        return (limb * (totalShift / count)) + Math.Min(limb, totalShift % count);
    }

    /// <summary>
    /// Adds u = requantize(<paramref name="acc"/>) with its limb columns and their range checks.
    /// </summary>
    /// <remarks>Half-to-even also adds the columns t, π, z0, inv and the limbs of H, and range-checks the H limbs.</remarks>
    /// <returns>u's values.</returns>
    public static PolynomialRef Add(GraphCircuitBuilder builder, PolynomialRef acc, int numVariables, long multiplier, PolynomialRef? multipliers, int channelOffset, int channelVariables, int totalShift, long zeroPoint, RoundingMode rounding = RoundingMode.RoundHalfUp)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var columns = Enumerable.Range(0, LimbCount(totalShift)).Select(l => builder.AddWitness($"requantize remainder limb {l}", numVariables)).ToList();
        int halfBits = HalfBitsFor(totalShift);
        if (rounding == RoundingMode.RoundHalfToEven)
        {
            columns.AddRange(new[] { "tie correction t", "quotient parity", "remainder is zero", "remainder inverse" }.Select(n => builder.AddWitness($"requantize {n}", numVariables)));
            columns.AddRange(Enumerable.Range(0, LimbCount(halfBits)).Select(l => builder.AddWitness($"requantize half-quotient limb {l}", numVariables)));
        }

        PolynomialRef layer = builder.AddLayer(new RequantizeLayer(acc, multiplier, multipliers, channelOffset, channelVariables, totalShift, zeroPoint, columns, numVariables, rounding));
        for (int l = 0; l < LimbCount(totalShift); l++)
        {
            builder.AddRangeCheck(columns[l], LimbWidth(totalShift, l));
        }

        if (rounding == RoundingMode.RoundHalfToEven)
        {
            for (int l = 0; l < LimbCount(halfBits); l++)
            {
                builder.AddRangeCheck(columns[LimbCount(totalShift) + 4 + l], LimbWidth(halfBits, l));
            }
        }

        return layer;
    }

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables)
    {
        if (numVariables(_acc) != NumVariables || _columns.Any(l => numVariables(l) != NumVariables))
        {
            return $"the accumulators and limbs have 2^{NumVariables} values.";
        }

        return _multipliers is { } m && (numVariables(m) != ChannelVariables || ChannelOffset + ChannelVariables > NumVariables)
            ? $"the multiplier table has 2^{numVariables(m)} values for {ChannelVariables} channel bits from bit {ChannelOffset} of {NumVariables}." : null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount)
    {
        if (Rounding == RoundingMode.RoundHalfToEven)
        {
            return EvenTargets(claimCount);
        }

        var targets = new List<PolynomialRef>();
        for (int j = 0; j < claimCount; j++)
        {
            targets.AddRange(_limbs);
            if (_multipliers is null)
            {
                targets.Add(_acc);
            }
        }

        if (_multipliers is { } m)
        {
            targets.Add(_acc);
            targets.Add(m);
        }

        return targets;
    }

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) =>
        Rounding == RoundingMode.RoundHalfToEven ? EvenShape(claimCount)
        : _multipliers is null ? new([], 1, claimCount * _limbs.Length) : new([NumVariables], 3, (claimCount * _limbs.Length) + 2);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Rounding == RoundingMode.RoundHalfToEven)
        {
            EvaluateEven(context);
            return;
        }

        Goldilocks[] acc = context.Values(_acc);
        Goldilocks[]? m = _multipliers is { } mr ? context.Values(mr) : null;
        int channelMask = (1 << ChannelVariables) - 1;
        var limbs = _limbs.Select(_ => new Goldilocks[acc.Length]).ToArray();
        Int128 half = Int128.One << (TotalShift - 1), limit = Int128.One << 62;
        for (int x = 0; x < acc.Length; x++)
        {
            long multiplier = m is null ? Multiplier : m[(x >> ChannelOffset) & channelMask].ToInt64();
            Int128 t = ((Int128)acc[x].ToInt64() * multiplier) + half;
            if (Int128.Abs(t) >= limit)
            {
                throw new InvalidOperationException($"Requantization: acc·M + 2^(S−1) = {t} at element {x} leaves ±2^62; the model's overflow analysis must refuse such a model.");
            }

            long value = (long)t, q = value >> TotalShift, r = value - (q << TotalShift);
            context.Output[x] = Goldilocks.FromInt64(q + ZeroPoint);
            for (int l = 0; l < limbs.Length; l++)
            {
                limbs[l][x] = Goldilocks.FromUInt64((ulong)(r >> LimbOffset(TotalShift, l)) & ((1UL << LimbWidth(TotalShift, l)) - 1));
            }
        }

        for (int l = 0; l < limbs.Length; l++)
        {
            context.SetWitness(_limbs[l], limbs[l]);
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Rounding == RoundingMode.RoundHalfToEven)
        {
            return ProveEven(context);
        }

        GoldilocksExt2[] limbValues = [.. context.Claims.SelectMany(c => _limbs.Select(l => ReducerKernels.Evaluate(context.Values(l), c.Point.AsSpan())))];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, limbValues);
        if (_multipliers is not { } mr)
        {
            return (new GkrLayerProof([], [.. limbValues]), LinearClaims(context.Claims, limbValues));
        }

        Goldilocks[] acc = context.Values(_acc), m = context.Values(mr);
        var broadcast = new GoldilocksExt2[acc.Length];
        for (int x = 0; x < acc.Length; x++)
        {
            broadcast[x] = GoldilocksExt2.FromBase(m[(x >> ChannelOffset) & (m.Length - 1)]);
        }

        LayerSumcheckProver state = ReducerKernels.Product(ReducerKernels.CombinedEq(context.Claims, context.Weights), [.. acc.Select(GoldilocksExt2.FromBase)], broadcast);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, 3, Target(context.Claims, context.Weights, limbValues), context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations();
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals.AsSpan(1));
        return (new GkrLayerProof([proof], [.. limbValues, finals[1], finals[2]]), ChannelClaims(context.Claims, limbValues, rho, finals[1], finals[2]));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (Rounding == RoundingMode.RoundHalfToEven)
        {
            return VerifyEven(context);
        }

        int count = context.Claims.Count * _limbs.Length;
        GoldilocksExt2[] limbValues = [.. context.Proof.Evaluations.Take(count)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, limbValues);
        if (_multipliers is not { } mr)
        {
            return LinearClaims(context.Claims, limbValues);
        }

        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, NumVariables, 3, Target(context.Claims, context.Weights, limbValues), context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2 a = context.Proof.Evaluations[count], mv = context.Proof.Evaluations[count + 1];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [a, mv]);
        GoldilocksExt2 e = GoldilocksExt2.Zero;
        for (int j = 0; j < context.Claims.Count; j++)
        {
            e += context.Weights[j] * EqTable.Evaluate<GoldilocksExt2>(context.Claims[j].Point.AsSpan(), rho);
        }

        if (e * a * mv != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "E·acc·M differs from the last round", context.Index);
        }

        return ChannelClaims(context.Claims, limbValues, rho, a, mv);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.UInt64((ulong)Multiplier);
        writer.Byte((byte)ChannelOffset);
        writer.Byte((byte)ChannelVariables);
        writer.Byte((byte)TotalShift);
        writer.UInt64((ulong)ZeroPoint);
        writer.Byte(_multipliers is null ? (byte)0 : (byte)1);
        if (Rounding == RoundingMode.RoundHalfToEven)
        {
            writer.Byte((byte)RoundingMode.RoundHalfToEven);
        }
    }

    private static GoldilocksExt2 Scaled(long power) => GoldilocksExt2.FromBase(Goldilocks.FromUInt64(1UL << (int)power));

    /// <summary>2^S(v − zp) − 2^(S−1) + Σ_l 2^(l·k)·r̃_l: the value of acc·M at the claim's point.</summary>
    private GoldilocksExt2 Product(GoldilocksExt2 value, ReadOnlySpan<GoldilocksExt2> limbs)
    {
        GoldilocksExt2 result = (Scaled(TotalShift) * (value - GoldilocksExt2.FromBase(Goldilocks.FromInt64(ZeroPoint)))) - Scaled(TotalShift - 1);
        for (int l = 0; l < limbs.Length; l++)
        {
            result += Scaled(LimbOffset(TotalShift, l)) * limbs[l];
        }

        return result;
    }

    private GoldilocksExt2 Target(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GoldilocksExt2[] limbValues)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            total += weights[j] * Product(claims[j].Value, limbValues.AsSpan(j * _limbs.Length, _limbs.Length));
        }

        return total;
    }

    private Claim[] LinearClaims(IReadOnlyList<Claim> claims, GoldilocksExt2[] limbValues)
    {
        GoldilocksExt2 inverse = GoldilocksExt2.FromBase(Goldilocks.FromInt64(Multiplier).Inverse());
        var result = new List<Claim>();
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> limbs = limbValues.AsSpan(j * _limbs.Length, _limbs.Length);
            for (int l = 0; l < _limbs.Length; l++)
            {
                result.Add(new Claim(_limbs[l], claims[j].Point, limbs[l]));
            }

            result.Add(new Claim(_acc, claims[j].Point, Product(claims[j].Value, limbs) * inverse));
        }

        return [.. result];
    }

    private Claim[] ChannelClaims(IReadOnlyList<Claim> claims, GoldilocksExt2[] limbValues, GoldilocksExt2[] rho, GoldilocksExt2 acc, GoldilocksExt2 multiplier)
    {
        var result = new List<Claim>();
        for (int j = 0; j < claims.Count; j++)
        {
            for (int l = 0; l < _limbs.Length; l++)
            {
                result.Add(new Claim(_limbs[l], claims[j].Point, limbValues[(j * _limbs.Length) + l]));
            }
        }

        result.Add(new Claim(_acc, [.. rho], acc));
        result.Add(new Claim(_multipliers!.Value, [.. rho.AsSpan(NumVariables - ChannelOffset - ChannelVariables, ChannelVariables)], multiplier));
        return [.. result];
    }

    // Half to even (class remarks). Columns: r_0..r_{L−1}, t, π, z0, inv, H_0..H_{K−1}; factors of the zero-check: those, acc, and M broadcast per channel.
    private int TieColumn => _limbs.Length;

    private int HalfLimbs => _columns.Length - _limbs.Length - 4;

    private IReadOnlyList<PolynomialRef> EvenTargets(int claimCount)
    {
        var targets = new List<PolynomialRef>();
        for (int j = 0; j < claimCount; j++)
        {
            targets.AddRange(_columns.Skip(TieColumn + 4));
            targets.Add(_columns[TieColumn + 1]);
            targets.Add(_columns[TieColumn]);
        }

        targets.AddRange(_columns);
        targets.Add(_acc);
        if (_multipliers is { } m)
        {
            targets.Add(m);
        }

        return targets;
    }

    private LayerProofShape EvenShape(int claimCount) =>
        new([NumVariables], 3, (claimCount * (HalfLimbs + 1)) + _columns.Length + (_multipliers is null ? 1 : 2));

    private void EvaluateEven(GraphEvaluationContext context)
    {
        Goldilocks[] acc = context.Values(_acc);
        Goldilocks[]? m = _multipliers is { } mr ? context.Values(mr) : null;
        int channelMask = (1 << ChannelVariables) - 1, halfBits = HalfBits;
        long offset = 1L << (halfBits - 1);
        Goldilocks[][] columns = [.. _columns.Select(_ => new Goldilocks[acc.Length])];
        Int128 half = Int128.One << (TotalShift - 1), limit = Int128.One << 62;
        for (int x = 0; x < acc.Length; x++)
        {
            long multiplier = m is null ? Multiplier : m[(x >> ChannelOffset) & channelMask].ToInt64();
            Int128 total = ((Int128)acc[x].ToInt64() * multiplier) + half;
            if (Int128.Abs(total) >= limit)
            {
                throw new InvalidOperationException($"Requantization: acc·M + 2^(S−1) = {total} at element {x} leaves ±2^62; the model's overflow analysis must refuse such a model.");
            }

            long value = (long)total, q = value >> TotalShift, r = value - (q << TotalShift), parity = q & 1, h = q >> 1;
            long tie = r == 0 ? 1 : 0, t = tie & parity, halfQuotient = h + offset;
            context.Output[x] = Goldilocks.FromInt64(q - t + ZeroPoint);
            for (int l = 0; l < _limbs.Length; l++)
            {
                columns[l][x] = Goldilocks.FromUInt64((ulong)(r >> LimbOffset(TotalShift, l)) & ((1UL << LimbWidth(TotalShift, l)) - 1));
            }

            columns[TieColumn][x] = Goldilocks.FromInt64(t);
            columns[TieColumn + 1][x] = Goldilocks.FromInt64(parity);
            columns[TieColumn + 2][x] = Goldilocks.FromInt64(tie);
            columns[TieColumn + 3][x] = r == 0 ? Goldilocks.Zero : Goldilocks.FromInt64(r).Inverse();
            for (int l = 0; l < HalfLimbs; l++)
            {
                columns[TieColumn + 4 + l][x] = Goldilocks.FromUInt64((ulong)(halfQuotient >> LimbOffset(halfBits, l)) & ((1UL << LimbWidth(halfBits, l)) - 1));
            }
        }

        for (int c = 0; c < _columns.Length; c++)
        {
            context.SetWitness(_columns[c], columns[c]);
        }
    }

    private (GkrLayerProof Proof, Claim[] Claims) ProveEven(GraphProverContext context)
    {
        PolynomialRef[] sentPerClaim = [.. _columns.Skip(TieColumn + 4), _columns[TieColumn + 1]];
        GoldilocksExt2[] perClaim = [.. context.Claims.SelectMany(c => sentPerClaim.Select(col => ReducerKernels.Evaluate(context.Values(col), c.Point.AsSpan())))];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, perClaim);
        GoldilocksExt2[] challenges = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, NumVariables + 1);
        Goldilocks[] acc = context.Values(_acc);
        var factors = new List<Goldilocks[]>(_columns.Select(context.Values)) { acc };
        if (_multipliers is { } mr)
        {
            Goldilocks[] m = context.Values(mr);
            factors.Add([.. Enumerable.Range(0, acc.Length).Select(x => m[(x >> ChannelOffset) & (m.Length - 1)])]);
        }

        GoldilocksExt2 alpha = challenges[NumVariables];
        var state = new CompositeSumcheck([ReducerKernels.EqTable(challenges.AsSpan(0, NumVariables), GoldilocksExt2.One), .. factors.Select(CompositeSumcheck.Lift)], v => v[0] * Constraints(v[1..], alpha));
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, 3, GoldilocksExt2.Zero, context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations()[1..];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);
        return (new GkrLayerProof([proof], [.. perClaim, .. finals]), EvenClaims(context.Claims, perClaim, rho, finals));
    }

    private Claim[] VerifyEven(GraphVerifierContext context)
    {
        int perClaimCount = context.Claims.Count * (HalfLimbs + 1);
        GoldilocksExt2[] perClaim = [.. context.Proof.Evaluations.Take(perClaimCount)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, perClaim);
        GoldilocksExt2[] challenges = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, NumVariables + 1);
        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, NumVariables, 3, GoldilocksExt2.Zero, context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] finals = [.. context.Proof.Evaluations.Skip(perClaimCount)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);
        GoldilocksExt2 expected = EqTable.Evaluate<GoldilocksExt2>(challenges.AsSpan(0, NumVariables), rho) * Constraints(finals, challenges[NumVariables]);
        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "eq(τ, ρ)·Σ α^k C_k(ρ) of the half-to-even constraints differs from the zero-check's last round", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        return EvenClaims(context.Claims, perClaim, rho, finals);
    }

    /// <summary>Σ_k α^k C_k of the class remarks at one point, from the factor values (columns, acc, [M]).</summary>
    private GoldilocksExt2 Constraints(ReadOnlySpan<GoldilocksExt2> v, GoldilocksExt2 alpha)
    {
        GoldilocksExt2 one = GoldilocksExt2.One, r = Combine(v[.._limbs.Length], TotalShift), h = HalfQuotient(v.Slice(TieColumn + 4, HalfLimbs));
        GoldilocksExt2 t = v[TieColumn], parity = v[TieColumn + 1], zero = v[TieColumn + 2], inverse = v[TieColumn + 3], acc = v[_columns.Length];
        GoldilocksExt2 multiplier = _multipliers is null ? GoldilocksExt2.FromBase(Goldilocks.FromInt64(Multiplier)) : v[_columns.Length + 1];
        GoldilocksExt2 c4 = (acc * multiplier) + Scaled(TotalShift - 1) - r - (Scaled(TotalShift) * (h + h + parity));
        GoldilocksExt2 c3 = t - (zero * parity), c2 = r * zero, c1 = (r * inverse) - one + zero, c0 = parity - (parity * parity);
        return c0 + (alpha * (c1 + (alpha * (c2 + (alpha * (c3 + (alpha * c4)))))));
    }

    private static GoldilocksExt2 Combine(ReadOnlySpan<GoldilocksExt2> limbs, int bits)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int l = 0; l < limbs.Length; l++)
        {
            total += Scaled(LimbOffset(bits, l)) * limbs[l];
        }

        return total;
    }

    /// <summary>h = Σ_l 2^(16l)·H_l − 2^(b−1).</summary>
    private GoldilocksExt2 HalfQuotient(ReadOnlySpan<GoldilocksExt2> limbs) => Combine(limbs, HalfBits) - Scaled(HalfBits - 1);

    private Claim[] EvenClaims(IReadOnlyList<Claim> claims, GoldilocksExt2[] perClaim, GoldilocksExt2[] rho, GoldilocksExt2[] finals)
    {
        var result = new List<Claim>();
        int k = HalfLimbs;
        GoldilocksExt2 zp = GoldilocksExt2.FromBase(Goldilocks.FromInt64(ZeroPoint));
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> sent = perClaim.AsSpan(j * (k + 1), k + 1);
            for (int l = 0; l < k; l++)
            {
                result.Add(new Claim(_columns[TieColumn + 4 + l], claims[j].Point, sent[l]));
            }

            GoldilocksExt2 h = HalfQuotient(sent[..k]), parity = sent[k];
            result.Add(new Claim(_columns[TieColumn + 1], claims[j].Point, parity));
            result.Add(new Claim(_columns[TieColumn], claims[j].Point, zp + h + h + parity - claims[j].Value));
        }

        for (int c = 0; c < _columns.Length; c++)
        {
            result.Add(new Claim(_columns[c], [.. rho], finals[c]));
        }

        result.Add(new Claim(_acc, [.. rho], finals[_columns.Length]));
        if (_multipliers is { } m)
        {
            result.Add(new Claim(m, [.. rho.AsSpan(NumVariables - ChannelOffset - ChannelVariables, ChannelVariables)], finals[_columns.Length + 1]));
        }

        return [.. result];
    }

    private static RequantizeLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (description.Length is not (20 or 21) || description[19] > 1 || (description.Length == 21 && description[20] != (byte)RoundingMode.RoundHalfToEven))
        {
            throw new MalformedCircuitException("A requantize layer's description is u64 multiplier, u8 channel offset, u8 channel variables, u8 shift, u64 zero point, u8 per-channel flag, and for half-to-even a final byte 2.");
        }

        bool perChannel = description[19] == 1;
        int skip = perChannel ? 2 : 1;
        if (header.Reads.Count < skip || header.Writes.Count != header.Reads.Count - skip || !header.Reads.Skip(skip).SequenceEqual(header.Writes))
        {
            throw new MalformedCircuitException("A requantize layer reads its accumulators (and multipliers) and its witness columns, and writes those columns.");
        }

        try
        {
            return new RequantizeLayer(
                header.Reads[0], BinaryPrimitives.ReadInt64LittleEndian(description), perChannel ? header.Reads[1] : null, description[8], description[9], description[10],
                BinaryPrimitives.ReadInt64LittleEndian(description.AsSpan(11)), [.. header.Writes], header.NumVariables, description.Length == 21 ? RoundingMode.RoundHalfToEven : RoundingMode.RoundHalfUp);
        }
        catch (ArgumentException ex)
        {
            throw new MalformedCircuitException($"A requantize layer's description does not fit its columns: {ex.Message}");
        }
    }
}
