using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>
/// A layer written against the public API only (the acceptance's "custom layer in fewer than 150 lines"):
/// q = ⌊w ⊙ a / 2^s⌋ element-wise, w a model table, with the remainder r = w·a − 2^s·q written as a witness
/// column (range-checked by a lookup the circuit adds). Proof: the prover sends r̃(z_j) for every claim, then
/// one degree-3 sumcheck of Σ_x E(x)·w(x)·a(x) = Σ_j ω_j (2^s·q̃(z_j) + r̃(z_j)) with E = Σ_j ω_j eq(z_j, ·),
/// and the final w̃(ρ), ã(ρ).
/// </summary>
public sealed class RescaleLayer(PolynomialRef input, PolynomialRef weights, PolynomialRef remainder, int numVariables, int shift, Func<int, long, long, (long Q, long R)>? cheat = null) : GraphLayer(numVariables)
{
    /// <summary>The registered kind (tag 200, test-only).</summary>
    public static readonly GraphLayerKind Kind = new(200, "test-rescale", typeof(RescaleLayer), (h, d) => new RescaleLayer(h.Reads[0], h.Reads[1], h.Writes[0], h.NumVariables, d[0]));

    /// <summary>The shift s.</summary>
    public int Shift { get; } = shift;

    public override byte KindTag => Kind.Tag;

    public override IReadOnlyList<PolynomialRef> Reads => [input, weights, remainder];

    public override IReadOnlyList<PolynomialRef> Writes => [remainder];

    public override string? ShapeError(Func<PolynomialRef, int> numVariables) =>
        Reads.All(r => numVariables(r) == NumVariables) ? null : $"every polynomial it reads has 2^{NumVariables} values.";

    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) => [.. Enumerable.Repeat(remainder, claimCount), weights, input];

    public override LayerProofShape Shape(int claimCount) => new([NumVariables], 3, claimCount + 2);

    public override void Evaluate(GraphEvaluationContext context)
    {
        Goldilocks[] a = context.Values(input), w = context.Values(weights);
        var r = new Goldilocks[1 << NumVariables];
        for (int x = 0; x < r.Length; x++)
        {
            long product = w[x].ToInt64() * a[x].ToInt64();
            long q = product >> Shift, rem = product - (q << Shift);
            (q, rem) = cheat?.Invoke(x, q, rem) ?? (q, rem);
            context.Output[x] = Goldilocks.FromInt64(q);
            r[x] = Goldilocks.FromInt64(rem);
        }

        context.SetWitness(remainder, r);
    }

    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        Goldilocks[] r = context.Values(remainder);
        GoldilocksExt2[] rz = [.. context.Claims.Select(c => ReducerKernels.Evaluate(r, c.Point.AsSpan()))];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, rz);
        GoldilocksExt2[] e = ReducerKernels.CombinedEq(context.Claims, context.Weights);
        LayerSumcheckProver state = ReducerKernels.Product(e, Lift(context.Values(weights)), Lift(context.Values(input)));
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, 3, Target(context.Claims, context.Weights, rz), context.Transcript);
        GoldilocksExt2[] final = state.FactorEvaluations();
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, final.AsSpan(1));
        return (new GkrLayerProof([proof], [.. rz, final[1], final[2]]), Claims(context.Claims, rz, rho, final[1], final[2]));
    }

    public override Claim[] Verify(GraphVerifierContext context)
    {
        int c = context.Claims.Count;
        GoldilocksExt2[] rz = [.. context.Proof.Evaluations.Take(c)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, rz);
        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, NumVariables, 3, Target(context.Claims, context.Weights, rz), context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2 wv = context.Proof.Evaluations[c], av = context.Proof.Evaluations[c + 1];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, [wv, av]);
        GoldilocksExt2 e = GoldilocksExt2.Zero;
        for (int j = 0; j < c; j++)
        {
            e += context.Weights[j] * EqTable.Evaluate<GoldilocksExt2>(context.Claims[j].Point.AsSpan(), rho);
        }

        if (e * wv * av != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "E·w·a differs from the last round", context.Index);
        }

        return Claims(context.Claims, rz, rho, wv, av);
    }

    public override void WriteDescription(CircuitDescriptionWriter writer) => writer.Byte((byte)Shift);

    private GoldilocksExt2 Target(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GoldilocksExt2[] rz)
    {
        GoldilocksExt2 scale = GoldilocksExt2.FromBase(Goldilocks.FromUInt64(1UL << Shift)), total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            total += weights[j] * ((scale * claims[j].Value) + rz[j]);
        }

        return total;
    }

    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] rz, GoldilocksExt2[] rho, GoldilocksExt2 wv, GoldilocksExt2 av) =>
        [.. claims.Select((c, j) => new Claim(remainder, c.Point, rz[j])), new Claim(weights, [.. rho], wv), new Claim(input, [.. rho], av)];

    private static GoldilocksExt2[] Lift(Goldilocks[] values) => [.. values.Select(GoldilocksExt2.FromBase)];
}
