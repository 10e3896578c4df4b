using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Graph.Layers;

/// <summary>
/// out = a + b for two earlier polynomials of one size (a residual connection). Linear, so no sumcheck:
/// for each claim ṽ(z) = v the prover sends ã(z) (absorbed) and b̃(z) = v − ã(z) follows; the claims go to a
/// and b at the same point. Cost: one evaluation of a per claim for the prover, nothing for the verifier.
/// </summary>
public sealed class SumLayer : GraphLayer
{
    /// <summary>The registered kind (tag 2, "sum"; no description bytes).</summary>
    public static GraphLayerKind Kind { get; } = new(2, "sum", typeof(SumLayer), Decode);

    private readonly PolynomialRef _a, _b;

    /// <summary>a + b over 2^<paramref name="numVariables"/> values.</summary>
    public SumLayer(PolynomialRef a, PolynomialRef b, int numVariables)
        : base(numVariables)
    {
        _a = a;
        _b = b;
    }

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
            throw new InvalidOperationException($"A sum layer of 2^{NumVariables} values reads {_a} ({x.Length}) and {_b} ({y.Length}).");
        }

        Field.Kernels.GoldilocksKernels.Add(x, y, context.Output);
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        GoldilocksExt2[] az = [.. context.Claims.Select(c => ExtensionKernels.Evaluate(context.Values(_a), c.Point.AsSpan()))];
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
    }

    private static SumLayer Decode(GraphLayerHeader header, byte[] description) =>
        header.Reads.Count == 2 && header.Writes.Count == 0 && description.Length == 0
            ? new SumLayer(header.Reads[0], header.Reads[1], header.NumVariables)
            : throw new MalformedCircuitException("A sum layer reads two polynomials, writes none and has no description bytes.");

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] az) =>
        [.. claims.SelectMany((c, j) => new[] { new Claim(_a, c.Point, az[j]), new Claim(_b, c.Point, c.Value - az[j]) })];
}
