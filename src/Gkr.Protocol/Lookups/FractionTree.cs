using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// One layer of a fraction-tree proof: the sumcheck that reduces the claim on layer k to the four
/// half-table evaluations p₀(r), p₁(r), q₀(r), q₁(r) of layer k + 1.
/// </summary>
/// <param name="Sumcheck">k rounds of degree 3 (none for the root layer).</param>
/// <param name="P0">p_{k+1}(0, r).</param>
/// <param name="P1">p_{k+1}(1, r).</param>
/// <param name="Q0">q_{k+1}(0, r).</param>
/// <param name="Q1">q_{k+1}(1, r).</param>
public sealed record FractionLayerProof<T>(SumcheckProof<T> Sumcheck, T P0, T P1, T Q0, T Q1)
    where T : unmanaged, IField<T>;

/// <summary>
/// The proof that Σ_i p_i / q_i over 2^n leaves equals <see cref="Numerator"/> / <see cref="Denominator"/>:
/// the root of the binary fraction tree and one <see cref="FractionLayerProof{T}"/> per level.
/// </summary>
/// <param name="Numerator">P, the root numerator.</param>
/// <param name="Denominator">Q, the root denominator.</param>
/// <param name="Layers">n layer proofs, root first.</param>
public sealed record FractionTreeProof<T>(T Numerator, T Denominator, ImmutableArray<FractionLayerProof<T>> Layers)
    where T : unmanaged, IField<T>;

/// <summary>
/// What the fraction-tree verifier leaves to its caller: p̃(z) = <see cref="Numerator"/> and
/// q̃(z) = <see cref="Denominator"/> on the leaves' multilinear extensions at <see cref="Point"/>.
/// </summary>
public sealed record FractionLeafClaim<T>(ImmutableArray<T> Point, T Numerator, T Denominator)
    where T : unmanaged, IField<T>;

/// <summary>
/// GKR over a binary tree of fractions (LogUp-GKR: Papini and Haböck, eprint 2023/1284, §3; the fractional
/// sumcheck of eprint 2022/1530): layer k has 2^k nodes, and node x of layer k adds the two nodes x and
/// x + 2^k of layer k + 1: p_k(x) = p₀(x)·q₁(x) + p₁(x)·q₀(x), q_k(x) = q₀(x)·q₁(x), where the index
/// subscript is the most significant bit of layer k + 1 (the variable-order convention of
/// <see cref="Polynomials.MultilinearTable{T}"/>: coordinate 0 is the high bit).
/// </summary>
/// <remarks>
/// <para>A claim (p̃_k(z), q̃_k(z)) = (a, b) is reduced by one sumcheck of degree 3 over k variables of
/// Σ_x eq(z, x)·[p₀q₁ + p₁q₀ + λ·q₀q₁](x) = a + λ·b, λ a challenge; the prover then sends
/// p₀, p₁, q₀, q₁ at the sumcheck point r, the verifier checks eq(z, r)·[…] against the last round, draws μ
/// and continues with the claim (p̃_{k+1}, q̃_{k+1})(μ, r) = ((1 − μ)p₀ + μp₁, (1 − μ)q₀ + μq₁).</para>
/// <para>Transcript per proof: absorb <c>lookup/tree-root</c> (P, Q); per layer k: challenge
/// <c>lookup/layer-lambda</c>, k sumcheck rounds (<c>sumcheck/round-polynomial</c>,
/// <c>sumcheck/round-challenge</c>), absorb <c>lookup/layer-evaluations</c> (p₀, p₁, q₀, q₁), challenge
/// <c>lookup/layer-mu</c>.</para>
/// <para>Soundness: 3k + 1 + 1 over |T| per layer (sumcheck rounds, λ and μ by Schwartz–Zippel); see
/// <see cref="ErrorNumerator"/>. Prover cost: building the tree is 3 multiplications a node; the sumchecks
/// use Gruen's factoring of eq(z, ·) (eprint 2024/108, §3), so each pair costs 8 multiplications for the
/// round and 4 for the fold.</para>
/// </remarks>
public static class FractionTree
{
    /// <summary>Degree of the layer sumchecks.</summary>
    public const int Degree = 3;

    /// <summary>Σ over layers of the Schwartz–Zippel degrees (3 per round, 1 for λ, 1 for μ) for 2^n leaves.</summary>
    public static double ErrorNumerator(int numVariables) => Enumerable.Range(0, numVariables).Sum(k => (3.0 * k) + 2);

    /// <summary>
    /// Proves the fraction sum of the leaves <paramref name="numerators"/> / <paramref name="denominators"/>
    /// (2^n each; a null numerator table means every numerator is one).
    /// </summary>
    /// <returns>The proof and the leaf claim (which the prover's caller reduces further, as the verifier's does).</returns>
    /// <exception cref="ArgumentException">The tables are not of one power-of-two length.</exception>
    public static (FractionTreeProof<T> Proof, FractionLeafClaim<T> Leaves) Prove<T>(T[]? numerators, T[] denominators, Transcript transcript)
        where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(denominators);
        ArgumentNullException.ThrowIfNull(transcript);
        int n = System.Numerics.BitOperations.Log2((uint)denominators.Length);
        if (denominators.Length != 1 << n || (numerators is not null && numerators.Length != denominators.Length))
        {
            throw new ArgumentException($"Leaves must be two tables of one power-of-two length; got {numerators?.Length} and {denominators.Length}.");
        }

        // levels[k] = (p_k, q_k), 2^k nodes; levels[n] are the leaves (p_n null when all ones).
        var ps = new T[]?[n + 1];
        var qs = new T[n + 1][];
        ps[n] = numerators;
        qs[n] = denominators;
        for (int k = n - 1; k >= 0; k--)
        {
            (ps[k], qs[k]) = FractionKernels.Combine(ps[k + 1], qs[k + 1], 1 << k);
        }

        T rootP = ps[0] is { } top ? top[0] : T.One, rootQ = qs[0][0];
        transcript.AbsorbFields<T>(TranscriptLabels.LookupTreeRoot, [rootP, rootQ]);
        var layers = ImmutableArray.CreateBuilder<FractionLayerProof<T>>(n);

        // The layers' suffix eq tables (2^k − 1 entries for layer k) share one buffer.
        T[] suffix = FractionKernels.Rent<T>(n == 0 ? 1 : 1 << (n - 1));
        T[] z = [];
        T claimP = rootP, claimQ = rootQ;
        for (int k = 0; k < n; k++)
        {
            T lambda = transcript.ChallengeField<T>(TranscriptLabels.LookupLayerLambda);
            int half = 1 << k;
            T[]? p = ps[k + 1];
            T[] q = qs[k + 1];
            SumcheckProof<T> sumcheck;
            T[] r;
            T p0, p1, q0, q1;
            if (k == 0)
            {
                sumcheck = new SumcheckProof<T>([]);
                r = [];
                (p0, p1, q0, q1) = (p is null ? T.One : p[0], p is null ? T.One : p[1], q[0], q[1]);
            }
            else
            {
                var state = new FractionLayerState<T>(z, p, q, half, lambda, suffix);
                (sumcheck, r) = SumcheckRounds.Prove([new RoundParticipant<T>(state, T.One, 0, claimP + (lambda * claimQ))], k, Degree, transcript);
                (p0, p1, q0, q1) = state.Final();
            }

            transcript.AbsorbFields<T>(TranscriptLabels.LookupLayerEvaluations, [p0, p1, q0, q1]);
            T mu = transcript.ChallengeField<T>(TranscriptLabels.LookupLayerMu);
            layers.Add(new FractionLayerProof<T>(sumcheck, p0, p1, q0, q1));
            z = [mu, .. r];
            claimP = p0 + (mu * (p1 - p0));
            claimQ = q0 + (mu * (q1 - q0));
            if (k + 1 < n)
            {
                // Level k + 1 is proven (and folded): back to the pool, unless it is the caller's leaves.
                FractionKernels.Release(p);
                FractionKernels.Release(q);
            }
        }

        FractionKernels.Release(suffix);
        return (new FractionTreeProof<T>(rootP, rootQ, layers.MoveToImmutable()), new FractionLeafClaim<T>([.. z], claimP, claimQ));
    }

    /// <summary>
    /// Verifies a fraction-tree proof over 2^<paramref name="numVariables"/> leaves and returns the leaf
    /// claim, <b>which the caller must still check</b> (against the leaves' own definition). The root
    /// (P, Q) is the proof's; the caller compares the roots of the trees it adds up.
    /// </summary>
    /// <exception cref="LookupRejectedException">Wrong shape (<see cref="LookupRejection.MalformedProof"/>), a failed
    /// round (<see cref="LookupRejection.SumcheckFailed"/>) or a failed layer check (<see cref="LookupRejection.LayerMismatch"/>).</exception>
    public static FractionLeafClaim<T> Verify<T>(int numVariables, FractionTreeProof<T> proof, Transcript transcript, int lookup = 0, int tree = 0)
        where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(transcript);
        if (proof.Layers.IsDefault || proof.Layers.Length != numVariables || proof.Layers.Any(l => l?.Sumcheck is null))
        {
            throw new LookupRejectedException(LookupRejection.MalformedProof, $"a tree of 2^{numVariables} leaves has {numVariables} layer proofs; got {(proof.Layers.IsDefault ? 0 : proof.Layers.Length)}", lookup, tree);
        }

        transcript.AbsorbFields<T>(TranscriptLabels.LookupTreeRoot, [proof.Numerator, proof.Denominator]);
        T[] z = [];
        T claimP = proof.Numerator, claimQ = proof.Denominator;
        for (int k = 0; k < numVariables; k++)
        {
            FractionLayerProof<T> layer = proof.Layers[k];
            T lambda = transcript.ChallengeField<T>(TranscriptLabels.LookupLayerLambda);
            T[] r;
            T last;
            if (k == 0)
            {
                if (!layer.Sumcheck.RoundPolynomials.IsDefaultOrEmpty)
                {
                    throw new LookupRejectedException(LookupRejection.MalformedProof, "the root layer has no sumcheck rounds", lookup, tree, k);
                }

                (r, last) = ([], claimP + (lambda * claimQ));
            }
            else
            {
                try
                {
                    (r, last) = SumcheckRounds.Verify(k, Degree, claimP + (lambda * claimQ), layer.Sumcheck, transcript);
                }
                catch (SumcheckRejectedException ex)
                {
                    throw new LookupRejectedException(LookupRejection.SumcheckFailed, ex.Message, lookup, tree, k, ex);
                }
            }

            transcript.AbsorbFields<T>(TranscriptLabels.LookupLayerEvaluations, [layer.P0, layer.P1, layer.Q0, layer.Q1]);
            T expected = Polynomials.EqTable.Evaluate<T>(z, r) * ((layer.P0 * layer.Q1) + (layer.P1 * layer.Q0) + (lambda * layer.Q0 * layer.Q1));
            if (expected != last)
            {
                throw new LookupRejectedException(LookupRejection.LayerMismatch, $"eq·(p₀q₁ + p₁q₀ + λq₀q₁) = {expected}, the sumcheck gives {last}", lookup, tree, k, expected: expected.ToString(), actual: last.ToString());
            }

            T mu = transcript.ChallengeField<T>(TranscriptLabels.LookupLayerMu);
            z = [mu, .. r];
            claimP = layer.P0 + (mu * (layer.P1 - layer.P0));
            claimQ = layer.Q0 + (mu * (layer.Q1 - layer.Q0));
        }

        return new FractionLeafClaim<T>([.. z], claimP, claimQ);
    }

    /// <summary>The fraction sum Σ p_i / q_i computed directly (batch inversion): the reference the tree must equal.</summary>
    public static T DirectSum<T>(ReadOnlySpan<T> numerators, ReadOnlySpan<T> denominators)
        where T : unmanaged, IField<T>
    {
        T[] inverses = BatchInversion.Invert(denominators);
        T sum = T.Zero;
        for (int i = 0; i < inverses.Length; i++)
        {
            sum += numerators.IsEmpty ? inverses[i] : numerators[i] * inverses[i];
        }

        return sum;
    }
}
