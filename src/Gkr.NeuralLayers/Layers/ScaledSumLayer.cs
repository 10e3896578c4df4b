using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// out = M_a·a + M_b·b element-wise for two earlier polynomials of one size: the residual add on centered
/// activations, each branch rescaled to a common scale by an integer multiplier (signed i64, nonzero).
/// </summary>
/// <remarks>
/// <para>Protocol: the identity is linear and holds on the hypercube, so it holds for the multilinear extensions:
/// õut(z) = M_a·ã(z) + M_b·b̃(z). For each claim õut(z_j) = v_j the prover sends ã(z_j) (absorbed under
/// <see cref="TranscriptLabels.GkrLayerEvaluations"/>), and b̃(z_j) = (v_j − M_a·ã(z_j)) / M_b follows; the claims out are
/// a and b at z_j. No sumcheck (Thaler 2013, eprint 2013/351: a linear layer needs none).</para>
/// <para>Cost: one multilinear evaluation of a per claim for the prover; one inversion and two products per claim for
/// the verifier. Proof: one extension-field value per claim.</para>
/// <para>Soundness: exact. Given ã(z_j), the claim on b is the unique value consistent with v_j, because M_b is invertible
/// (a nonzero i64 is nonzero mod p, since |M_b| &lt; p). A false v_j makes at least one of the two emitted claims false,
/// which the later layers (or the input/table/witness checks) catch with the error of the rest of the walk. The
/// field identity is the integer one only when |M_a·a + M_b·b| &lt; p/2: the model's overflow analysis must ensure it.</para>
/// <para>Description (kind-specific bytes): M_a as i64, then M_b as i64, little-endian (16 bytes).</para>
/// </remarks>
public sealed class ScaledSumLayer : GraphLayer
{
    /// <summary>The registered kind (tag 22, "scaled-sum").</summary>
    public static GraphLayerKind Kind { get; } = new(22, "scaled-sum", typeof(ScaledSumLayer), Decode);

    private readonly PolynomialRef _a, _b;

    /// <summary>M_a·a + M_b·b over 2^<paramref name="numVariables"/> values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A multiplier is zero.</exception>
    public ScaledSumLayer(PolynomialRef a, PolynomialRef b, long multiplierA, long multiplierB, int numVariables)
        : base(numVariables)
    {
        ArgumentOutOfRangeException.ThrowIfZero(multiplierA);
        ArgumentOutOfRangeException.ThrowIfZero(multiplierB);
        _a = a;
        _b = b;
        MultiplierA = multiplierA;
        MultiplierB = multiplierB;
    }

    /// <summary>M_a.</summary>
    public long MultiplierA { get; }

    /// <summary>M_b.</summary>
    public long MultiplierB { get; }

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_a, _b];

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        Reads.All(r => numVariables(r) == NumVariables) ? null : $"every polynomial it reads has 2^{NumVariables} values.";

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Range(0, 2 * claimCount).Select(i => i % 2 == 0 ? _a : _b)];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([], 1, claimCount);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] x = context.Values(_a), y = context.Values(_b);
        if (x.Length != context.Output.Length || y.Length != context.Output.Length)
        {
            throw new InvalidOperationException($"A scaled-sum layer of 2^{NumVariables} values reads {_a} ({x.Length}) and {_b} ({y.Length}).");
        }

        Goldilocks ma = Goldilocks.FromInt64(MultiplierA), mb = Goldilocks.FromInt64(MultiplierB);
        for (int i = 0; i < x.Length; i++)
        {
            context.Output[i] = (ma * x[i]) + (mb * y[i]);
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] az = [.. context.Claims.Select(c => ReducerKernels.Evaluate(context.Values(_a), c.Point.AsSpan()))];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, az);
        return (new GkrLayerProof([], [.. az]), Claims(context.Claims, az));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] az = [.. context.Proof.Evaluations];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, az);
        return Claims(context.Claims, az);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.UInt64((ulong)MultiplierA);
        writer.UInt64((ulong)MultiplierB);
    }

    private static ScaledSumLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (header.Reads.Count != 2 || header.Writes.Count != 0 || description.Length != 16)
        {
            throw new MalformedCircuitException("A scaled-sum layer reads two polynomials, writes none and has two i64 multipliers.");
        }

        long ma = BinaryPrimitives.ReadInt64LittleEndian(description), mb = BinaryPrimitives.ReadInt64LittleEndian(description.AsSpan(8));
        return ma != 0 && mb != 0
            ? new ScaledSumLayer(header.Reads[0], header.Reads[1], ma, mb, header.NumVariables)
            : throw new MalformedCircuitException($"A scaled-sum layer's multipliers are nonzero; got {ma} and {mb}.");
    }

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] az)
    {
        GoldilocksExt2 ma = GoldilocksExt2.FromBase(Goldilocks.FromInt64(MultiplierA));
        GoldilocksExt2 inverseB = GoldilocksExt2.FromBase(Goldilocks.FromInt64(MultiplierB).Inverse());
        return [.. claims.SelectMany((c, j) => new[] { new Claim(_a, c.Point, az[j]), new Claim(_b, c.Point, (c.Value - (ma * az[j])) * inverseB) })];
    }
}
