using System.Collections.Immutable;
using System.Globalization;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Sumcheck;

/// <summary>One claim taking part in the round loop: its state, its weight, and how many leading dummy variables it has.</summary>
/// <param name="State">The claim's tables.</param>
/// <param name="Coefficient">Weight in the combined round polynomial (1 for a single claim, ρ^i in a batch).</param>
/// <param name="Offset">Number of leading variables the claim does not depend on (batched claims over fewer variables).</param>
/// <param name="ClaimedSum">The claim's own sum (used for the dummy rounds).</param>
internal sealed record RoundParticipant<TExt>(ClaimState<TExt> State, TExt Coefficient, int Offset, TExt ClaimedSum)
    where TExt : unmanaged, IField<TExt>;

/// <summary>
/// The round loop shared by the single and batched sumchecks. Prover and verifier mirror each other:
/// round k absorbs h_k(0..d) under <see cref="TranscriptLabels.SumcheckRoundPolynomial"/>, then squeezes
/// r_k under <see cref="TranscriptLabels.SumcheckRoundChallenge"/>.
/// </summary>
internal static class SumcheckRounds
{
    public static (SumcheckProof<TExt> Proof, TExt[] Point) Prove<TExt>(
        IReadOnlyList<RoundParticipant<TExt>> participants, int numVariables, int degree, Transcript transcript)
        where TExt : unmanaged, IField<TExt>
    {
        var rounds = ImmutableArray.CreateBuilder<ImmutableArray<TExt>>(numVariables);
        var point = new TExt[numVariables];
        var claims = participants.Select(p => p.ClaimedSum).ToArray();
        for (int k = 0; k < numVariables; k++)
        {
            var h = new TExt[degree + 1];
            var owns = new TExt[participants.Count][];
            for (int i = 0; i < participants.Count; i++)
            {
                RoundParticipant<TExt> p = participants[i];
                if (k < p.Offset)
                {
                    // A variable the claim does not depend on: h(t) = 2^(remaining dummies) · sum, constant in t.
                    TExt constant = p.Coefficient * p.ClaimedSum * TExt.FromUInt64(1UL << (p.Offset - k - 1));
                    for (int t = 0; t <= degree; t++)
                    {
                        h[t] += constant;
                    }
                }
                else
                {
                    owns[i] = new TExt[degree + 1];
                    p.State.RoundEvaluations(owns[i], claims[i]);
                    for (int t = 0; t <= degree; t++)
                    {
                        h[t] += p.Coefficient * owns[i][t];
                    }
                }
            }

            transcript.AbsorbFields<TExt>(TranscriptLabels.SumcheckRoundPolynomial, h);
            TExt r = transcript.ChallengeField<TExt>(TranscriptLabels.SumcheckRoundChallenge);
            point[k] = r;
            rounds.Add(ImmutableArray.Create(h));
            for (int i = 0; i < participants.Count; i++)
            {
                if (owns[i] is { } evaluations)
                {
                    claims[i] = UnivariateEvaluations.Evaluate<TExt>(evaluations, r);
                    participants[i].State.Bind(r);
                }
            }
        }

        return (new SumcheckProof<TExt>(rounds.MoveToImmutable()), point);
    }

    /// <summary>
    /// Checks the round count, then per round: exactly degree + 1 values (before any indexing),
    /// h_k(0) + h_k(1) = claim; absorbs h_k, squeezes r_k and sets claim = h_k(r_k).
    /// </summary>
    /// <exception cref="SumcheckRejectedException">The first failed check.</exception>
    public static (TExt[] Point, TExt Value) Verify<TExt>(int numVariables, int degree, TExt claim, SumcheckProof<TExt> proof, Transcript transcript)
        where TExt : unmanaged, IField<TExt>
    {
        ArgumentNullException.ThrowIfNull(proof);
        ImmutableArray<ImmutableArray<TExt>> rounds = proof.RoundPolynomials;
        int count = rounds.IsDefault ? 0 : rounds.Length;
        if (count != numVariables)
        {
            throw new SumcheckRejectedException(SumcheckRejection.WrongRoundCount, null, Text(numVariables), Text(count));
        }

        var point = new TExt[numVariables];
        for (int k = 0; k < numVariables; k++)
        {
            ImmutableArray<TExt> h = rounds[k];
            int values = h.IsDefault ? 0 : h.Length;
            if (values != degree + 1)
            {
                throw new SumcheckRejectedException(SumcheckRejection.WrongDegree, k, $"{degree + 1} values", $"{values} values");
            }

            TExt sum = h[0] + h[1];
            if (sum != claim)
            {
                throw new SumcheckRejectedException(SumcheckRejection.ClaimMismatch, k, claim.ToString()!, sum.ToString()!);
            }

            transcript.AbsorbFields(TranscriptLabels.SumcheckRoundPolynomial, h.AsSpan());
            TExt r = transcript.ChallengeField<TExt>(TranscriptLabels.SumcheckRoundChallenge);
            point[k] = r;
            claim = UnivariateEvaluations.Evaluate(h.AsSpan(), r);
        }

        return (point, claim);
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
