using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;
using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Sumcheck;

/// <summary>
/// Measures the sumcheck soundness error over GF(97): a cheating prover starts from a false claim and
/// plays the best per-round strategy against the real verifier; its success rate must stay within the
/// bound n·d/|F| and come close to it (so the experiment could detect a weaker verifier).
/// </summary>
public class EmpiricalSoundnessTests(ITestOutputHelper output)
{
    private const double Z = 3.29; // two-sided 99.9 % normal quantile

    /// <summary>
    /// The best strategy when the current claim c is false: the true round polynomial s has
    /// s(0) + s(1) ≠ c. Send h = s + λ·q with q = Π_{j=1..d} (X − a_j) for d distinct random roots
    /// a_j ∉ {0, 1} and λ = (c − s(0) − s(1)) / (q(0) + q(1)), so h passes the sum check and agrees
    /// with s at exactly d points. If r lands on a root, h(r) = s(r) is a true claim and the prover
    /// finishes honestly; otherwise the next claim is false again. Success ⇔ some round hits a root,
    /// probability 1 − (1 − d/|F|)^n ≤ n·d/|F|. No strategy does better (Schwartz–Zippel).
    /// </summary>
    private static bool CheatOnce<TModulus>(int trial, int n, int degree) where TModulus : ITinyModulus
    {
        var source = new RandomSource(trial);
        Composition<TinyField<TModulus>> composition = Composition<TinyField<TModulus>>.Product(degree);
        TinyField<TModulus>[][] tables = TestData.RandomTables<TinyField<TModulus>>(degree, n, ref source);
        TinyField<TModulus> trueSum = SumcheckProver.ComputeSum(composition, tables);
        TinyField<TModulus> falseSum = trueSum + TinyField<TModulus>.FromUInt64(1 + (source.NextUInt64() % (TModulus.Prime - 1)));
        var statement = new SumcheckStatement<TinyField<TModulus>>(n, composition, falseSum);
        string protocolId = $"gkr/tests/empirical-soundness/{trial}";

        // The cheater drives the same transcript the verifier will replay.
        var transcript = new Transcript(protocolId);
        statement.AbsorbInto(transcript);
        var state = new GenericClaimState<TinyField<TModulus>, TinyField<TModulus>>(composition, tables, n, SumcheckOptions.SingleThreaded);
        var rounds = ImmutableArray.CreateBuilder<ImmutableArray<TinyField<TModulus>>>(n);
        TinyField<TModulus> claim = falseSum;
        var truth = new TinyField<TModulus>[degree + 1];
        for (int k = 0; k < n; k++)
        {
            state.RoundEvaluations(truth, claim);
            TinyField<TModulus>[] h = (TinyField<TModulus>[])truth.Clone();
            TinyField<TModulus> gap = claim - truth[0] - truth[1];
            if (!gap.IsZero)
            {
                TinyField<TModulus>[] q = RandomRootPolynomial<TModulus>(degree, ref source);
                TinyField<TModulus> lambda = gap / (q[0] + q[1]);
                for (int t = 0; t <= degree; t++)
                {
                    h[t] += lambda * q[t];
                }
            }

            transcript.AbsorbFields<TinyField<TModulus>>(TranscriptLabels.SumcheckRoundPolynomial, h);
            TinyField<TModulus> r = transcript.ChallengeField<TinyField<TModulus>>(TranscriptLabels.SumcheckRoundChallenge);
            claim = UnivariateEvaluations.Evaluate<TinyField<TModulus>>(h, r);
            state.Bind(r);
            rounds.Add([.. h]);
        }

        try
        {
            SumcheckClaim<TinyField<TModulus>> result = SumcheckVerifier.Verify(statement, new SumcheckProof<TinyField<TModulus>>(rounds.MoveToImmutable()), new Transcript(protocolId));
            return TestData.FinalCheck(composition, tables, result);
        }
        catch (SumcheckRejectedException)
        {
            return false;
        }
    }

    /// <summary>q(0..d) for q = Π (X − a_j) with distinct random a_j ∉ {0, 1} and q(0) + q(1) ≠ 0.</summary>
    private static TinyField<TModulus>[] RandomRootPolynomial<TModulus>(int degree, ref RandomSource source) where TModulus : ITinyModulus
    {
        while (true)
        {
            var roots = new HashSet<uint>();
            while (roots.Count < degree)
            {
                roots.Add(2 + (uint)(source.NextUInt64() % (TModulus.Prime - 2)));
            }

            var q = new TinyField<TModulus>[degree + 1];
            for (int t = 0; t <= degree; t++)
            {
                q[t] = TinyField<TModulus>.One;
                foreach (uint a in roots)
                {
                    q[t] *= TinyField<TModulus>.FromUInt64((ulong)t) - TinyField<TModulus>.FromUInt64(a);
                }
            }

            if (!(q[0] + q[1]).IsZero)
            {
                return q;
            }
        }
    }

    [Theory]
    [InlineData(4, 3, 4000)]
    [InlineData(8, 2, 3000)]
    public void CheatingSuccessStaysWithinAndNearTheBound(int n, int degree, int trials)
    {
        int successes = 0;
        for (int trial = 0; trial < trials; trial++)
        {
            successes += CheatOnce<Mod97>(trial, n, degree) ? 1 : 0;
        }

        double rate = successes / (double)trials;
        double sigma = Math.Sqrt(rate * (1 - rate) / trials);
        double bound = SumcheckSoundness.ErrorBound<TinyField<Mod97>>(n, degree);
        double predicted = SumcheckSoundness.BestAttackSuccess<TinyField<Mod97>>(n, degree);
        output.WriteLine($"GF(97), n = {n}, d = {degree}: {successes}/{trials} = {rate:F4} ± {Z * sigma:F4} (99.9 % CI); " +
            $"bound n·d/|F| = {bound:F4}; best-strategy prediction 1 − (1 − d/|F|)^n = {predicted:F4}");

        // Within the bound: the confidence interval's lower end must not exceed n·d/|F|.
        Assert.True(rate - (Z * sigma) <= bound, $"success rate {rate:F4} significantly above the bound {bound:F4}");

        // Nearly reached: the attack matches the exact prediction, which is within 10 % of the bound,
        // so a verifier that lost a check (e.g. skipped one round's sum check) would show a much higher rate.
        Assert.InRange(predicted, rate - (Z * sigma), rate + (Z * sigma));
        Assert.True(rate >= 0.8 * bound, $"success rate {rate:F4} is far below the bound {bound:F4}: the attack is not the best one");
    }

    [Fact]
    public void HonestStrategyFromAFalseClaimNeverSucceeds()
    {
        // Control: with λ = 0 forced (sending the true polynomial), the very first sum check fails.
        var source = new RandomSource(3);
        Composition<TinyField<Mod97>> composition = Composition<TinyField<Mod97>>.Product(2);
        TinyField<Mod97>[][] tables = TestData.RandomTables<TinyField<Mod97>>(2, 3, ref source);
        TinyField<Mod97> sum = SumcheckProver.ComputeSum(composition, tables);
        var honest = new SumcheckStatement<TinyField<Mod97>>(3, composition, sum);
        SumcheckProof<TinyField<Mod97>> proof = SumcheckProver.Prove(honest, tables, new Transcript("p")).Proof;
        SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() =>
            SumcheckVerifier.Verify(honest.WithClaimedSum(sum + TinyField<Mod97>.One), proof, new Transcript("p")));
        Assert.Equal(SumcheckRejection.ClaimMismatch, e.Reason);
    }
}
