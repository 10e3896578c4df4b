using System.Buffers.Binary;
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
/// Requantization by a fixed-point multiplier with round-half-up: u = ⌊(acc·M + 2^(S−1)) / 2^S⌋ + zp, element-wise,
/// S = 31 + shift (the gemmlowp/TFLite multiplier M·2^−31 and right shift), M per tensor or per channel (a model
/// table indexed by a range of index bits). The remainder r = acc·M + 2^(S−1) − 2^S·(u − zp) ∈ [0, 2^S) is written as
/// limbs of <see cref="LimbBits"/> bits (the last one narrower), each a witness column range-checked by the circuit
/// (<see cref="Add"/> adds the checks). Clamping to the activation range (and ReLU) is a <c>ClampLayer</c> on u.
/// </summary>
/// <remarks>
/// <para>The identity acc·M + 2^(S−1) = 2^S·(u − zp) + Σ_l 2^(l·LimbBits)·r_l holds at every point of the hypercube,
/// so it holds for the multilinear extensions (constants extend to themselves). Per tensor it is linear: for a claim
/// ũ(z) = v the prover sends r̃_l(z) (absorbed) and the claim on acc, ãcc(z) = (2^S(v − zp) − 2^(S−1) + Σ 2^(l·k) r̃_l(z)) / M,
/// follows with no sumcheck. Per channel the multiplier varies: one degree-3 sumcheck of
/// Σ_x E(x)·acc(x)·M_b(x) = Σ_j w_j (2^S(v_j − zp) − 2^(S−1) + r̃(z_j)), E = Σ_j w_j eq(z_j, ·) and M_b the multipliers broadcast
/// over the other index bits, whose extension is M̃(ρ_channel): the claims are acc at ρ and the multiplier table at
/// ρ's channel coordinates.</para>
/// <para>Soundness of the rounding rests on the range checks: a quotient off by one needs a remainder moved by 2^S,
/// out of [0, 2^S). The values must not wrap the field: |acc·M| + 2^S &lt; p/2 (the model's overflow analysis decides
/// this before proving; <see cref="Evaluate"/> refuses values that break it).</para>
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

    /// <summary>A requantization of <paramref name="acc"/> (2^<paramref name="numVariables"/> values); see the class summary.</summary>
    /// <param name="acc">The accumulators.</param>
    /// <param name="multiplier">M for a per-tensor multiplier (ignored with a multiplier table).</param>
    /// <param name="multipliers">A table of per-channel multipliers, or null.</param>
    /// <param name="channelOffset">Index bits below the channel bits (per channel only).</param>
    /// <param name="channelVariables">log2 of the channel count: the multiplier table's size (per channel only).</param>
    /// <param name="totalShift">S = 31 + the right shift.</param>
    /// <param name="zeroPoint">The output zero point.</param>
    /// <param name="limbs">The remainder's limb columns, least significant first: ⌈S / 16⌉ of them.</param>
    /// <param name="numVariables">log2 of the element count.</param>
    public RequantizeLayer(PolynomialRef acc, long multiplier, PolynomialRef? multipliers, int channelOffset, int channelVariables, int totalShift, long zeroPoint, IReadOnlyList<PolynomialRef> limbs, int numVariables)
        : base(numVariables)
    {
        ArgumentNullException.ThrowIfNull(limbs);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalShift, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(totalShift, 62);
        ArgumentOutOfRangeException.ThrowIfNegative(channelOffset);
        ArgumentOutOfRangeException.ThrowIfNegative(channelVariables);
        if (multipliers is null && (multiplier <= 0 || multiplier >= 1L << 31))
        {
            throw new ArgumentOutOfRangeException(nameof(multiplier), $"A multiplier lies in (0, 2^31); got {multiplier}.");
        }

        if (limbs.Count != LimbCount(totalShift))
        {
            throw new ArgumentException($"A shift of {totalShift} bits needs {LimbCount(totalShift)} limbs of {LimbBits} bits; got {limbs.Count}.", nameof(limbs));
        }

        _acc = acc;
        _multipliers = multipliers;
        _limbs = [.. limbs];
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

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => _multipliers is { } m ? [_acc, m, .. _limbs] : [_acc, .. _limbs];

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Writes => _limbs;

    /// <summary>Limbs for a shift of <paramref name="totalShift"/> bits.</summary>
    public static int LimbCount(int totalShift) => (totalShift + LimbBits - 1) / LimbBits;

    /// <summary>Bits of limb <paramref name="limb"/>.</summary>
    public static int LimbWidth(int totalShift, int limb) => Math.Min(LimbBits, totalShift - (limb * LimbBits));

    /// <summary>
    /// Adds u = requantize(<paramref name="acc"/>) with its limb columns and their range checks.
    /// </summary>
    /// <returns>u's values.</returns>
    public static PolynomialRef Add(GraphCircuitBuilder builder, PolynomialRef acc, int numVariables, long multiplier, PolynomialRef? multipliers, int channelOffset, int channelVariables, int totalShift, long zeroPoint)
    {
        ArgumentNullException.ThrowIfNull(builder);
        PolynomialRef[] limbs = [.. Enumerable.Range(0, LimbCount(totalShift)).Select(l => builder.AddWitness($"requantize remainder limb {l}", numVariables))];
        PolynomialRef layer = builder.AddLayer(new RequantizeLayer(acc, multiplier, multipliers, channelOffset, channelVariables, totalShift, zeroPoint, limbs, numVariables));
        for (int l = 0; l < limbs.Length; l++)
        {
            builder.AddRangeCheck(limbs[l], LimbWidth(totalShift, l));
        }

        return layer;
    }

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables)
    {
        if (numVariables(_acc) != NumVariables || _limbs.Any(l => numVariables(l) != NumVariables))
        {
            return $"the accumulators and limbs have 2^{NumVariables} values.";
        }

        return _multipliers is { } m && (numVariables(m) != ChannelVariables || ChannelOffset + ChannelVariables > NumVariables)
            ? $"the multiplier table has 2^{numVariables(m)} values for {ChannelVariables} channel bits from bit {ChannelOffset} of {NumVariables}." : null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount)
    {
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
        _multipliers is null ? new([], 1, claimCount * _limbs.Length) : new([NumVariables], 3, (claimCount * _limbs.Length) + 2);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
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
                limbs[l][x] = Goldilocks.FromUInt64((ulong)(r >> (l * LimbBits)) & ((1UL << LimbWidth(TotalShift, l)) - 1));
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
    }

    private static GoldilocksExt2 Scaled(long power) => GoldilocksExt2.FromBase(Goldilocks.FromUInt64(1UL << (int)power));

    /// <summary>2^S(v − zp) − 2^(S−1) + Σ_l 2^(l·k)·r̃_l: the value of acc·M at the claim's point.</summary>
    private GoldilocksExt2 Product(GoldilocksExt2 value, ReadOnlySpan<GoldilocksExt2> limbs)
    {
        GoldilocksExt2 result = (Scaled(TotalShift) * (value - GoldilocksExt2.FromBase(Goldilocks.FromInt64(ZeroPoint)))) - Scaled(TotalShift - 1);
        for (int l = 0; l < limbs.Length; l++)
        {
            result += Scaled(l * LimbBits) * limbs[l];
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

    private static RequantizeLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (description.Length != 20 || description[19] > 1)
        {
            throw new MalformedCircuitException("A requantize layer's description is u64 multiplier, u8 channel offset, u8 channel variables, u8 shift, u64 zero point, u8 per-channel flag.");
        }

        bool perChannel = description[19] == 1;
        int skip = perChannel ? 2 : 1;
        if (header.Reads.Count < skip || header.Writes.Count != header.Reads.Count - skip)
        {
            throw new MalformedCircuitException("A requantize layer reads its accumulators (and multipliers) and its limbs, and writes the limbs.");
        }

        return new RequantizeLayer(
            header.Reads[0], BinaryPrimitives.ReadInt64LittleEndian(description), perChannel ? header.Reads[1] : null, description[8], description[9], description[10],
            BinaryPrimitives.ReadInt64LittleEndian(description.AsSpan(11)), [.. header.Writes], header.NumVariables);
    }
}
