using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>
/// out = a + b for two earlier polynomials of one size (a residual connection): linear, so no sumcheck —
/// the prover sends ã(z_j), and b̃(z_j) = v_j − ã(z_j) follows.
/// </summary>
public sealed class SumLayer(PolynomialRef a, PolynomialRef b, int numVariables) : GraphLayer(numVariables)
{
    public static readonly GraphLayerKind Kind = new(202, "test-sum", typeof(SumLayer), (h, _) => new SumLayer(h.Reads[0], h.Reads[1], h.NumVariables));

    public override byte KindTag => Kind.Tag;

    public override IReadOnlyList<PolynomialRef> Reads => [a, b];

    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Range(0, 2 * claimCount).Select(i => i % 2 == 0 ? a : b)];

    public override LayerProofShape Shape(int claimCount) => new([], 1, claimCount);

    public override void Evaluate(GraphEvaluationContext context)
    {
        Goldilocks[] x = context.Values(a), y = context.Values(b);
        for (int i = 0; i < context.Output.Length; i++)
        {
            context.Output[i] = x[i] + y[i];
        }
    }

    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        GoldilocksExt2[] az = [.. context.Claims.Select(c => ReducerKernels.Evaluate(context.Values(a), c.Point.AsSpan()))];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, az);
        return (new GkrLayerProof([], [.. az]), Claims(context.Claims, az));
    }

    public override Claim[] Verify(GraphVerifierContext context)
    {
        GoldilocksExt2[] az = [.. context.Proof.Evaluations];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, az);
        return Claims(context.Claims, az);
    }

    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
    }

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] az) =>
        [.. claims.SelectMany((c, j) => new[] { new Claim(a, c.Point, az[j]), new Claim(b, c.Point, c.Value - az[j]) })];
}
