using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// An evaluation claim Ṽ(<see cref="Point"/>) = <see cref="Value"/> on a layer's multilinear extension
/// (variable order of <see cref="Polynomials.MultilinearTable{T}"/>: coordinate 0 is the most
/// significant index bit).
/// </summary>
/// <param name="Point">The evaluation point, one coordinate per variable of the layer.</param>
/// <param name="Value">The claimed value.</param>
public sealed record LayerClaim(ImmutableArray<GoldilocksExt2> Point, GoldilocksExt2 Value);

/// <summary>
/// The shape a layer proof must have, fixed by the circuit and the number of incoming claims: the
/// round count of each sumcheck (each round sends <see cref="Degree"/> + 1 values) and the number of
/// claimed evaluations.
/// </summary>
/// <param name="SumcheckRounds">Rounds of each sumcheck, in proof order.</param>
/// <param name="Degree">Degree bound of every round polynomial.</param>
/// <param name="Evaluations">Number of claimed evaluations.</param>
public sealed record LayerProofShape(ImmutableArray<int> SumcheckRounds, int Degree, int Evaluations);

/// <summary>
/// A layer kind's claim reducer: "reduce a claim on my output to claims on my input". Prover and
/// verifier sides mirror each other: same transcript calls in the same order.
/// </summary>
/// <remarks>
/// <para>The GKR driver gives a layer k ≥ 1 claims Ṽ_i(z_j) = v_j and weights w_j (w_0 = 1, and
/// w_j = ρ^j for a verifier challenge ρ when k &gt; 1); the layer proves Σ_j w_j·Ṽ_i(z_j) = Σ_j w_j·v_j
/// and returns claims on Ṽ_{i+1}. <b>The returned claims are what the caller must still check</b>
/// (by the next layer, or at the input layer).</para>
/// <para>To add a layer kind: subclass <see cref="Circuits.CircuitLayer"/> (evaluation and canonical
/// description) and implement this interface; the driver, the proof encoding and the soundness count
/// use only <see cref="Shape"/>, <see cref="OutputClaimCount"/>, <see cref="Prove"/> and
/// <see cref="Verify"/>. A reducer runs its sumchecks through <see cref="LayerSumcheck"/> (prover state:
/// <see cref="LayerSumcheckProver"/>), absorbs every value it sends before the next challenge, and
/// throws <see cref="GkrRejectedException"/> when its final check fails. The test
/// <c>CustomLayerTests</c> builds an element-wise square layer this way.</para>
/// </remarks>
public interface ILayerReducer
{
    /// <summary>How many claims on the previous layer the reduction produces from <paramref name="claimCount"/> claims.</summary>
    int OutputClaimCount(int claimCount);

    /// <summary>The proof shape for <paramref name="claimCount"/> incoming claims.</summary>
    LayerProofShape Shape(int claimCount);

    /// <summary>Proves the weighted claim; <paramref name="input"/> are the previous layer's values, <paramref name="output"/> this layer's.</summary>
    /// <returns>The layer proof and the claims on the previous layer (which the verifier will derive too).</returns>
    (GkrLayerProof Proof, LayerClaim[] InputClaims) Prove(
        IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, Goldilocks[] input, Goldilocks[] output, Transcript transcript, SumcheckOptions options);

    /// <summary>Verifies a layer proof whose shape already matches <see cref="Shape"/> (the driver checks it).</summary>
    /// <returns>The claims on the previous layer, which the caller must check.</returns>
    /// <exception cref="GkrRejectedException">A sumcheck or the layer's final check failed.</exception>
    LayerClaim[] Verify(int layerIndex, IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, GkrLayerProof proof, Transcript transcript);
}

/// <summary>One layer's proof: its sumchecks and its claimed evaluations (the meaning is the layer kind's).</summary>
/// <param name="Sumchecks">The sumcheck proofs, in the order they were run.</param>
/// <param name="Evaluations">The claimed evaluations (for a gate layer Ṽ(u), Ṽ(v); for a matrix product Ã_j, B̃_j per claim).</param>
public sealed record GkrLayerProof(ImmutableArray<SumcheckProof<GoldilocksExt2>> Sumchecks, ImmutableArray<GoldilocksExt2> Evaluations);

/// <summary>A GKR proof: one <see cref="GkrLayerProof"/> per circuit layer, indexed like <see cref="Circuits.LayeredCircuit.Layers"/>.</summary>
/// <param name="Layers">Layer proofs, input side first (the verifier walks them from the last).</param>
/// <param name="Committed">The committed-input evaluations and openings; null when the whole input is public.</param>
public sealed record GkrProof(ImmutableArray<GkrLayerProof> Layers, GkrCommittedInputProof? Committed = null);

/// <summary>
/// The prover side of one layer sumcheck, for layer kinds outside this assembly: the table state of
/// Σ_x g(f(x)) with the variables bound one by one, most significant first.
/// </summary>
/// <remarks>Run it with <see cref="LayerSumcheck.Prove"/>; the verifier side is <see cref="LayerSumcheck.Verify"/>.</remarks>
public abstract class LayerSumcheckProver
{
    /// <summary>Variables not yet bound.</summary>
    public abstract int NumVariables { get; }

    /// <summary>Writes h(t) for t = 0..destination.Length − 1 (the running claim is h_prev(r_prev); h(1) may be claim − h(0)).</summary>
    public abstract void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim);

    /// <summary>Binds the current first variable to <paramref name="r"/>.</summary>
    public abstract void Bind(GoldilocksExt2 r);

    /// <summary>The factor values once every variable is bound.</summary>
    public abstract GoldilocksExt2[] FactorEvaluations();

    /// <summary>Adapts this state to the sumcheck engine's round loop.</summary>
    internal sealed class Adapter(LayerSumcheckProver inner) : ClaimState<GoldilocksExt2>
    {
        public override int NumVariables => inner.NumVariables;

        public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim) => inner.RoundEvaluations(destination, claim);

        public override void Bind(GoldilocksExt2 r) => inner.Bind(r);

        public override GoldilocksExt2[] FactorEvaluations() => inner.FactorEvaluations();
    }
}

/// <summary>
/// The sumcheck rounds a layer reducer runs, with the transcript conventions of the built-in layer kinds
/// (each round polynomial absorbed under <see cref="TranscriptLabels.SumcheckRoundPolynomial"/> before its
/// challenge) and rejections reported as <see cref="GkrRejectedException"/>. A new layer kind's
/// <see cref="ILayerReducer"/> uses these, so it needs nothing internal.
/// </summary>
public static class LayerSumcheck
{
    /// <summary>Σ_j w_j·v_j, the weighted claim a layer proves.</summary>
    public static GoldilocksExt2 Combined(IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        return LayerClaims.Combined(claims, weights);
    }

    /// <summary>Runs the prover rounds of <paramref name="state"/> for the running claim <paramref name="claim"/>.</summary>
    /// <returns>The round polynomials and the challenge point.</returns>
    public static (SumcheckProof<GoldilocksExt2> Proof, GoldilocksExt2[] Point) Prove(LayerSumcheckProver state, int degree, GoldilocksExt2 claim, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(transcript);
        return LayerClaims.ProveRounds(new LayerSumcheckProver.Adapter(state), state.NumVariables, degree, claim, transcript);
    }

    /// <summary>
    /// Verifies <paramref name="rounds"/> rounds of degree <paramref name="degree"/> against <paramref name="claim"/>;
    /// returns the point and the final value, <b>which the caller must still check</b>.
    /// </summary>
    /// <exception cref="GkrRejectedException">A round fails (<see cref="GkrRejection.SumcheckFailed"/> with the layer, sumcheck and round).</exception>
    public static (GoldilocksExt2[] Point, GoldilocksExt2 Value) Verify(
        int layerIndex, int sumcheckIndex, int rounds, int degree, GoldilocksExt2 claim, SumcheckProof<GoldilocksExt2> proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        return LayerClaims.VerifyRounds(layerIndex, sumcheckIndex, rounds, degree, claim, proof, transcript);
    }
}

/// <summary>Helpers shared by the layer reducers.</summary>
internal static class LayerClaims
{
    /// <summary>Σ_j w_j·v_j, the weighted claim a layer proves.</summary>
    public static GoldilocksExt2 Combined(IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights)
    {
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            total += weights[j] * claims[j].Value;
        }

        return total;
    }

    /// <summary>
    /// The weights w_j of <paramref name="count"/> claims: 1 for one claim, else ρ^j for ρ squeezed under
    /// <paramref name="label"/> (default <see cref="TranscriptLabels.GkrClaimWeight"/>; all claim values are already absorbed).
    /// </summary>
    public static GoldilocksExt2[] Weights(int count, Transcript transcript, string label = TranscriptLabels.GkrClaimWeight)
    {
        var weights = new GoldilocksExt2[count];
        weights[0] = GoldilocksExt2.One;
        if (count > 1)
        {
            GoldilocksExt2 rho = transcript.ChallengeField<GoldilocksExt2>(label);
            for (int j = 1; j < count; j++)
            {
                weights[j] = weights[j - 1] * rho;
            }
        }

        return weights;
    }

    /// <summary>The point (bits of <paramref name="prefix"/> over <paramref name="prefixLength"/> leading coordinates, then the tails).</summary>
    public static ImmutableArray<GoldilocksExt2> Concat(int prefix, int prefixLength, params ReadOnlySpan<GoldilocksExt2[]> tails)
    {
        var builder = ImmutableArray.CreateBuilder<GoldilocksExt2>();
        for (int t = prefixLength - 1; t >= 0; t--)
        {
            builder.Add(((prefix >> t) & 1) == 0 ? GoldilocksExt2.Zero : GoldilocksExt2.One);
        }

        foreach (GoldilocksExt2[] tail in tails)
        {
            builder.AddRange(tail);
        }

        return builder.ToImmutable();
    }

    /// <summary>Runs one sumcheck's verifier rounds, turning a sumcheck rejection into a <see cref="GkrRejectedException"/>.</summary>
    public static (GoldilocksExt2[] Point, GoldilocksExt2 Value) VerifyRounds(
        int layerIndex, int sumcheckIndex, int rounds, int degree, GoldilocksExt2 claim, SumcheckProof<GoldilocksExt2> proof, Transcript transcript)
    {
        try
        {
            return SumcheckRounds.Verify(rounds, degree, claim, proof, transcript);
        }
        catch (SumcheckRejectedException ex)
        {
            throw GkrRejectedException.FromSumcheck(layerIndex, sumcheckIndex, ex);
        }
    }

    /// <summary>Runs one sumcheck's prover rounds for a single claim state.</summary>
    public static (SumcheckProof<GoldilocksExt2> Proof, GoldilocksExt2[] Point) ProveRounds(
        ClaimState<GoldilocksExt2> state, int rounds, int degree, GoldilocksExt2 claim, Transcript transcript) =>
        SumcheckRounds.Prove([new RoundParticipant<GoldilocksExt2>(state, GoldilocksExt2.One, 0, claim)], rounds, degree, transcript);
}
