using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>
/// Outputs a witness column it writes as f(x) of another polynomial (f = clamp here): its values are tied to
/// x only by a two-column lookup (x, f(x)) the circuit adds. Its reducer turns each claim on its output into
/// the same claim on the witness column, with nothing to prove.
/// </summary>
public sealed class WitnessCopyLayer(PolynomialRef source, PolynomialRef column, int numVariables, Func<long, long> f) : GraphLayer(numVariables)
{
    public static readonly GraphLayerKind Kind = new(201, "test-witness-copy", typeof(WitnessCopyLayer), (h, _) => new WitnessCopyLayer(h.Reads[0], h.Writes[0], h.NumVariables, x => x));

    public override byte KindTag => Kind.Tag;

    public override IReadOnlyList<PolynomialRef> Reads => [source, column];

    public override IReadOnlyList<PolynomialRef> Writes => [column];

    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Repeat(column, claimCount)];

    public override LayerProofShape Shape(int claimCount) => new([], 1, 0);

    public override void Evaluate(GraphEvaluationContext context)
    {
        Goldilocks[] x = context.Values(source);
        Goldilocks[] y = [.. x.Select(v => Goldilocks.FromInt64(f(v.ToInt64())))];
        y.CopyTo(context.Output, 0);
        context.SetWitness(column, y);
    }

    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context) =>
        (new GkrLayerProof([], []), [.. context.Claims.Select(c => c with { On = column })]);

    public override Claim[] Verify(GraphVerifierContext context) => [.. context.Claims.Select(c => c with { On = column })];

    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
    }
}
