using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Sumcheck;

/// <summary>One attack per test; each asserts the specific rejection (reason and round) or the failed final check.</summary>
public class SoundnessTests
{
    internal const int N = 6;

    private static readonly Composition<GoldilocksExt2> Product3 = Composition<GoldilocksExt2>.Product(3);

    internal static (Goldilocks[][] Tables, SumcheckStatement<GoldilocksExt2> Statement, SumcheckProof<GoldilocksExt2> Proof) Honest(int seed = 1, Composition<GoldilocksExt2>? composition = null)
    {
        composition ??= Product3;
        var source = new RandomSource(seed);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(composition.FactorCount, N, ref source);
        (SumcheckStatement<GoldilocksExt2> statement, SumcheckProverResult<GoldilocksExt2> result) = TestData.ProveHonest<Goldilocks, GoldilocksExt2>(composition, tables, N);
        return (tables, statement, result.Proof);
    }

    private static SumcheckClaim<GoldilocksExt2> Verify(SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof, string protocolId = TestData.ProtocolId) =>
        SumcheckVerifier.Verify(statement, proof, new Transcript(protocolId));

    private static SumcheckRejectedException Rejects(SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof, SumcheckRejection reason, int? round, string protocolId = TestData.ProtocolId)
    {
        SumcheckRejectedException e = Assert.Throws<SumcheckRejectedException>(() => Verify(statement, proof, protocolId));
        Assert.Equal(reason, e.Reason);
        Assert.Equal(round, e.Round);
        return e;
    }

    private static SumcheckProof<GoldilocksExt2> WithRounds(SumcheckProof<GoldilocksExt2> proof, Func<List<ImmutableArray<GoldilocksExt2>>, List<ImmutableArray<GoldilocksExt2>>> edit) =>
        new([.. edit([.. proof.RoundPolynomials])]);

    [Fact]
    public void HonestProofPassesTheSameChecksTheAttacksFail()
    {
        (Goldilocks[][] tables, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        Assert.True(TestData.FinalCheck(Product3, tables, Verify(statement, proof)));
    }

    [Fact]
    public void WrongClaimedSumIsRejectedInRoundZero()
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        SumcheckRejectedException e = Rejects(statement.WithClaimedSum(statement.ClaimedSum + GoldilocksExt2.One), proof, SumcheckRejection.ClaimMismatch, 0);
        Assert.Equal((statement.ClaimedSum + GoldilocksExt2.One).ToString(), e.Expected);
        Assert.Equal(statement.ClaimedSum.ToString(), e.Actual);
    }

    [Fact]
    public void EveryPerturbedRoundValueIsCaught()
    {
        (Goldilocks[][] tables, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        for (int k = 0; k < N; k++)
        {
            for (int j = 0; j <= statement.Degree; j++)
            {
                SumcheckProof<GoldilocksExt2> bad = WithRounds(proof, rounds =>
                {
                    rounds[k] = rounds[k].SetItem(j, rounds[k][j] + GoldilocksExt2.One);
                    return rounds;
                });
                if (j <= 1)
                {
                    // h_k(0) or h_k(1) changed: the sum check of round k fails.
                    Rejects(statement, bad, SumcheckRejection.ClaimMismatch, k);
                }
                else if (k < N - 1)
                {
                    // h_k(2..d) changed: h_k(r_k) is wrong, so round k + 1's sum check fails.
                    Rejects(statement, bad, SumcheckRejection.ClaimMismatch, k + 1);
                }
                else
                {
                    // The last round's value only feeds the final claim: the caller's evaluation check fails.
                    Assert.False(TestData.FinalCheck(Product3, tables, Verify(statement, bad)));
                }
            }
        }
    }

    [Fact]
    public void SwappedRoundsAreRejected()
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        SumcheckProof<GoldilocksExt2> bad = WithRounds(proof, rounds =>
        {
            (rounds[2], rounds[3]) = (rounds[3], rounds[2]);
            return rounds;
        });
        Rejects(statement, bad, SumcheckRejection.ClaimMismatch, 2);
    }

    [Fact]
    public void ReplayedRoundIsRejected()
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        SumcheckProof<GoldilocksExt2> bad = WithRounds(proof, rounds =>
        {
            rounds[4] = rounds[3];
            return rounds;
        });
        Rejects(statement, bad, SumcheckRejection.ClaimMismatch, 4);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(1)]
    [InlineData(-3)]
    public void RoundWithWrongNumberOfValuesIsRejectedBeforeIndexing(int change)
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        SumcheckProof<GoldilocksExt2> bad = WithRounds(proof, rounds =>
        {
            // change = −3 leaves one value: indexing h[1] would crash if the shape were not checked first.
            rounds[1] = change < 0 ? rounds[1][..(rounds[1].Length + change)] : rounds[1].Add(GoldilocksExt2.Zero);
            return rounds;
        });
        SumcheckRejectedException e = Rejects(statement, bad, SumcheckRejection.WrongDegree, 1);
        Assert.Equal("4 values", e.Expected);
    }

    [Fact]
    public void EmptyRoundPolynomialIsRejected()
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        SumcheckProof<GoldilocksExt2> bad = WithRounds(proof, rounds =>
        {
            rounds[0] = default;
            return rounds;
        });
        Rejects(statement, bad, SumcheckRejection.WrongDegree, 0);
    }

    [Theory]
    [InlineData(N - 1)]
    [InlineData(N + 1)]
    [InlineData(0)]
    public void WrongRoundCountIsRejected(int rounds)
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        SumcheckProof<GoldilocksExt2> bad = WithRounds(proof, list => [.. Enumerable.Range(0, rounds).Select(k => list[Math.Min(k, N - 1)])]);
        SumcheckRejectedException e = Rejects(statement, bad, SumcheckRejection.WrongRoundCount, null);
        Assert.Equal($"{N}", e.Expected);
        Assert.Equal($"{rounds}", e.Actual);
    }

    [Fact]
    public void DifferentPolynomialWithTheSameSumFailsTheFinalCheck()
    {
        (Goldilocks[][] tables, SumcheckStatement<GoldilocksExt2> statement, _) = Honest(composition: Composition<GoldilocksExt2>.Product(2));

        // g' = g except g'[a] += f[b], g'[b] −= f[a]: Σ f·g' = Σ f·g, but g' ≠ g.
        Goldilocks[] f = tables[0], g = (Goldilocks[])tables[1].Clone();
        g[3] += f[17];
        g[17] -= f[3];
        Goldilocks[][] forged = [f, g];
        Assert.Equal(statement.ClaimedSum, SumcheckProver.ComputeSum(statement.Composition, forged));
        SumcheckProof<GoldilocksExt2> proof = SumcheckProver.Prove(statement, forged, new Transcript(TestData.ProtocolId)).Proof;

        // The rounds are consistent (the sum is right), so only the caller's check against the real tables catches it.
        SumcheckClaim<GoldilocksExt2> claim = Verify(statement, proof);
        Assert.True(TestData.FinalCheck(statement.Composition, forged, claim));
        Assert.False(TestData.FinalCheck(statement.Composition, tables, claim));
    }

    [Fact]
    public void ChangedCompositionWithSameSumIsRejected()
    {
        // f·g/2 + f·g/2 is the same polynomial with the same sum: only transcript binding of the statement catches it.
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest(composition: Composition<GoldilocksExt2>.Product(2));
        GoldilocksExt2 half = GoldilocksExt2.FromUInt64(2).Inverse();
        var rewritten = new SumcheckStatement<GoldilocksExt2>(N, new Composition<GoldilocksExt2>(2, [new(half, 0, 1), new(half, 0, 1)]), statement.ClaimedSum);
        Rejects(rewritten, proof, SumcheckRejection.ClaimMismatch, 1);
    }

    [Fact]
    public void ChangedProtocolIdIsRejected()
    {
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        Rejects(statement, proof, SumcheckRejection.ClaimMismatch, 1, protocolId: "gkr/tests/other");
    }

    [Fact]
    public void ProofForFewerVariablesIsRejected()
    {
        // A statement over N + 1 variables with the same sum: the statement's n is bound and counted.
        (_, SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof) = Honest();
        var larger = new SumcheckStatement<GoldilocksExt2>(N + 1, statement.Composition, statement.ClaimedSum);
        Rejects(larger, proof, SumcheckRejection.WrongRoundCount, null);
    }

    [Fact]
    public void TranscriptInventoryListsEveryAbsorbBeforeItsChallenge()
    {
        // Reviewed inventory: statement fields, then per round (round polynomial, challenge). Prover and
        // verifier must produce exactly this sequence, so no prover message escapes the transcript.
        const int n = 2;
        var source = new RandomSource(3);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(2, n, ref source);
        Composition<GoldilocksExt2> composition = Composition<GoldilocksExt2>.Product(2);
        var statement = new SumcheckStatement<GoldilocksExt2>(n, composition, SumcheckProver.ComputeSum(composition, tables));
        var proverLog = new TranscriptRecorder();
        var verifierLog = new TranscriptRecorder();
        SumcheckProverResult<GoldilocksExt2> result = SumcheckProver.Prove(statement, tables, new Transcript(TestData.ProtocolId, proverLog));
        SumcheckClaim<GoldilocksExt2> claim = SumcheckVerifier.Verify(statement, result.Proof, new Transcript(TestData.ProtocolId, verifierLog));

        TranscriptEvent Absorb(string label, int bytes) => new(TranscriptOperation.Absorb, label, bytes);
        TranscriptEvent Challenge(string label) => new(TranscriptOperation.Challenge, label, 1);
        TranscriptEvent[] expected =
        [
            Absorb(TranscriptLabels.ProtocolId, TestData.ProtocolId.Length),
            Absorb(TranscriptLabels.Version, 8),
            Absorb(TranscriptLabels.SumcheckStatement, "sumcheck".Length),
            Absorb(TranscriptLabels.SumcheckField, "GoldilocksExt2".Length),
            Absorb(TranscriptLabels.SumcheckNumVariables, 8),
            Absorb(TranscriptLabels.SumcheckDegree, 8),
            Absorb(TranscriptLabels.SumcheckComposition, 8 + 16 + 4 + 8),
            Absorb(TranscriptLabels.SumcheckClaimedSum, 16),
            Absorb(TranscriptLabels.SumcheckRoundPolynomial, 3 * 16),
            Challenge(TranscriptLabels.SumcheckRoundChallenge),
            Absorb(TranscriptLabels.SumcheckRoundPolynomial, 3 * 16),
            Challenge(TranscriptLabels.SumcheckRoundChallenge),
        ];
        Assert.Equal(expected, proverLog.Events);
        Assert.Equal(expected, verifierLog.Events);
        Assert.Equal(result.Claim.Point.ToArray(), claim.Point.ToArray());
    }

    [Fact]
    public void SoundnessBitsOfTheGoldilocksExtensionParameters()
    {
        // n·d/|F| with |F| = p² ≈ 2^128: n = 20, d = 2 gives 128 − log2(40) ≈ 122.7 bits (interactive).
        double bits = SumcheckSoundness.Bits<GoldilocksExt2>(20, 2);
        Assert.InRange(bits, 122.6, 122.7);
        Assert.InRange(SumcheckSoundness.Bits<Goldilocks>(20, 2), 58.6, 58.7);
    }
}
