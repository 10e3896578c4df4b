using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Polynomials;
using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Lookups;

/// <summary>
/// Measures LogUp's soundness error over GF(97): a cheating prover looks up a value outside the table and
/// plays the best strategy against the real verifier steps (both fraction-tree GKRs, the leaf checks and the
/// root sum check); its success rate must stay within the computed bound.
/// </summary>
/// <remarks>
/// The strategy: the identity D(α) = Σ_t m_t/(α − T_t) − Σ_i 1/(α − a_i) cannot vanish identically when some
/// a_i ∉ T, but the multiplicities m ∈ F^|T| are the prover's free choice before α is drawn. Clearing
/// denominators, D(α) = 0 is linear in m, so the prover can make it hold at |T| points of its choice (solve
/// the |T|×|T| system at chosen α_1..α_|T|); then both trees are proven honestly. It succeeds exactly when
/// α lands on one of them: rate |T|/|F|. The bound for N lookups is (N + |T|)/|F| for α plus the trees'
/// Schwartz–Zippel terms (<see cref="FractionTree.ErrorNumerator"/>), which an honest-tree strategy never uses.
/// </remarks>
public class LogUpEmpiricalSoundnessTests(ITestOutputHelper output)
{
    private const double Z = 3.29;

    private static TinyField<Mod97> F(long v) => TinyField<Mod97>.FromInt64(v);

    /// <summary>m with Σ_t m_t/(α_k − T_t) = Σ_i 1/(α_k − a_i) at each chosen α_k (Gaussian elimination over GF(97)).</summary>
    private static TinyField<Mod97>[] Multiplicities(long[] table, long[] lookups, long[] alphas)
    {
        int n = table.Length;
        var m = new TinyField<Mod97>[n, n + 1];
        for (int k = 0; k < n; k++)
        {
            for (int t = 0; t < n; t++)
            {
                m[k, t] = (F(alphas[k]) - F(table[t])).Inverse();
            }

            m[k, n] = lookups.Aggregate(TinyField<Mod97>.Zero, (s, a) => s + (F(alphas[k]) - F(a)).Inverse());
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = Enumerable.Range(col, n - col).First(r => !m[r, col].IsZero);
            for (int c = 0; c <= n; c++)
            {
                (m[col, c], m[pivot, c]) = (m[pivot, c], m[col, c]);
            }

            TinyField<Mod97> inverse = m[col, col].Inverse();
            for (int c = 0; c <= n; c++)
            {
                m[col, c] *= inverse;
            }

            for (int r = 0; r < n; r++)
            {
                if (r != col && !m[r, col].IsZero)
                {
                    TinyField<Mod97> factor = m[r, col];
                    for (int c = 0; c <= n; c++)
                    {
                        m[r, c] -= factor * m[col, c];
                    }
                }
            }
        }

        return [.. Enumerable.Range(0, n).Select(t => m[t, n])];
    }

    /// <summary>One run: α from a fresh transcript, both trees proven honestly for the cheating data, then every verifier check.</summary>
    private static bool CheatOnce(int trial, long[] table, long[] lookups, TinyField<Mod97>[] m)
    {
        string id = $"logup-experiment/{trial}";
        var prover = new Transcript(id);
        TinyField<Mod97> alpha = prover.ChallengeField<TinyField<Mod97>>(TranscriptLabels.LookupAlpha);
        TinyField<Mod97>[] tableQ = [.. table.Select(t => alpha - F(t))];
        TinyField<Mod97>[] lookQ = [.. lookups.Select(a => alpha - F(a))];
        if (tableQ.Any(q => q.IsZero) || lookQ.Any(q => q.IsZero))
        {
            return false; // α hit a pole: the honest trees cannot be built (the verifier would see a zero denominator)
        }

        FractionTreeProof<TinyField<Mod97>> tableTree = FractionTree.Prove((TinyField<Mod97>[])m.Clone(), tableQ, prover).Proof;
        FractionTreeProof<TinyField<Mod97>> lookTree = FractionTree.Prove(null, lookQ, prover).Proof;

        var verifier = new Transcript(id);
        TinyField<Mod97> va = verifier.ChallengeField<TinyField<Mod97>>(TranscriptLabels.LookupAlpha);
        try
        {
            int tn = System.Numerics.BitOperations.Log2((uint)table.Length), ln = System.Numerics.BitOperations.Log2((uint)lookups.Length);
            FractionLeafClaim<TinyField<Mod97>> tl = FractionTree.Verify(tn, tableTree, verifier);
            FractionLeafClaim<TinyField<Mod97>> ll = FractionTree.Verify(ln, lookTree, verifier);

            // Leaf checks: the table side against α − T̃ (the verifier's own evaluation) and m̃ (the opening's job,
            // done here by direct evaluation); the looked-up side against numerator one and α − ã.
            TinyField<Mod97>[] t = [.. table.Select(F)], a = [.. lookups.Select(F)];
            bool leaves = tl.Denominator == va - Multilinear.Evaluate<TinyField<Mod97>>(t, tl.Point.AsSpan())
                && tl.Numerator == Multilinear.Evaluate<TinyField<Mod97>>(m, tl.Point.AsSpan())
                && ll.Numerator == TinyField<Mod97>.One
                && ll.Denominator == va - Multilinear.Evaluate<TinyField<Mod97>>(a, ll.Point.AsSpan());
            if (!leaves)
            {
                return false;
            }

            LogUpSum.Check(tableTree, [lookTree]);
            return true;
        }
        catch (LookupRejectedException)
        {
            return false;
        }
    }

    [Fact]
    public void CheatingSuccessStaysWithinTheBoundAndReachesTheStrategysRate()
    {
        long[] table = [0, 1, 2, 3];
        long[] lookups = [0, 1, 2, 50]; // 50 is not a row
        long[] alphas = [10, 20, 30, 40];
        TinyField<Mod97>[] m = Multiplicities(table, lookups, alphas);
        const int trials = 3000;
        int successes = Enumerable.Range(0, trials).Count(trial => CheatOnce(trial, table, lookups, m));
        double rate = successes / (double)trials;
        double sigma = Math.Sqrt(Math.Max(rate * (1 - rate), 1e-9) / trials);
        double bound = (lookups.Length + table.Length + FractionTree.ErrorNumerator(2) * 2) / 97.0;
        double strategy = table.Length / 97.0;
        output.WriteLine($"GF(97), |T| = 4, N = 4, one entry outside T: {successes}/{trials} = {rate:F4} ± {Z * sigma:F4}; strategy rate |T|/|F| = {strategy:F4}; bound = {bound:F4}");
        Assert.True(rate - (Z * sigma) <= bound, $"success rate {rate:F4} above the bound {bound:F4}");
        Assert.InRange(strategy, rate - (Z * sigma), rate + (Z * sigma));
    }

    [Fact]
    public void HonestCountsForAValueOutsideTheTableNeverPass()
    {
        // Control: the true counts (the best a prover restricted to counts can do) fail for every α.
        long[] table = [0, 1, 2, 3];
        long[] lookups = [0, 1, 2, 50];
        TinyField<Mod97>[] counts = [F(1), F(1), F(1), F(0)];
        Assert.Equal(0, Enumerable.Range(0, 500).Count(trial => CheatOnce(trial, table, lookups, counts)));
    }
}
