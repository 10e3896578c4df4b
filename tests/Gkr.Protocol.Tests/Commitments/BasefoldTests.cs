using System.Collections.Immutable;
using System.Diagnostics;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Tests.Hardening;
using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>Basefold: completeness at every size 2^0..2^22 and for batches; one attack per soundness test.</summary>
public class BasefoldTests(ITestOutputHelper output)
{
    private const int N = 10;

    internal static readonly BasefoldParameters Parameters = BasefoldParameters.Default;

    private static readonly (BasefoldCommittedPolynomial Polynomial, BasefoldOpeningStatement Statement, BasefoldOpeningProof Proof) Case = Honest(N, 5);

    internal static BasefoldOpeningProof Open(BasefoldOpeningStatement statement, IReadOnlyList<BasefoldCommittedPolynomial> polynomials) =>
        BasefoldProver.Open(statement, polynomials, Parameters, new Transcript(LigeroTestData.ProtocolId));

    internal static void Verify(BasefoldOpeningStatement statement, BasefoldOpeningProof proof) =>
        BasefoldVerifier.Verify(statement, proof, Parameters, new Transcript(LigeroTestData.ProtocolId));

    internal static (BasefoldCommittedPolynomial, BasefoldOpeningStatement, BasefoldOpeningProof) Honest(int n, int seed)
    {
        BasefoldCommittedPolynomial polynomial = BasefoldProver.Commit(LigeroTestData.Table(n, seed), Parameters);
        BasefoldOpeningStatement statement = RandomInstances.TrueStatement([polynomial], [LigeroTestData.Point(n, seed)]);
        return (polynomial, statement, Open(statement, [polynomial]));
    }

    private static CommitmentRejectedException Rejects(BasefoldOpeningStatement statement, BasefoldOpeningProof proof, CommitmentRejection reason)
    {
        CommitmentRejectedException e = Assert.Throws<CommitmentRejectedException>(() => Verify(statement, proof));
        Assert.Equal(reason, e.Reason);
        return e;
    }

    public static TheoryData<int> Sizes => [.. Enumerable.Range(0, 23)];

    [Theory]
    [MemberData(nameof(Sizes))]
    public void HonestSinglePointOpeningVerifies(int n)
    {
        long start = Stopwatch.GetTimestamp();
        (_, BasefoldOpeningStatement statement, BasefoldOpeningProof proof) = Honest(n, n);
        Verify(statement, proof);
        Assert.InRange(BasefoldEncoding.Encode(proof).Length, 0, BasefoldEncoding.MaxOpeningLength(n, 1, Parameters));
        output.WriteLine($"n = {n}: {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms; {Parameters.Describe(n)}");
    }

    [Theory]
    [InlineData(0, 2, 2)]
    [InlineData(5, 3, 1)]
    [InlineData(7, 1, 4)]
    [InlineData(9, 3, 3)]
    public void HonestBatchOpeningVerifies(int n, int polynomialCount, int pointCount)
    {
        BasefoldCommittedPolynomial[] polynomials = [.. Enumerable.Range(0, polynomialCount).Select(j => BasefoldProver.Commit(LigeroTestData.Table(n, 100 + j), Parameters))];
        GoldilocksExt2[][] points = [.. Enumerable.Range(0, pointCount).Select(i => LigeroTestData.Point(n, 200 + i))];
        BasefoldOpeningStatement statement = RandomInstances.TrueStatement(polynomials, points);
        BasefoldOpeningProof proof = Open(statement, polynomials);
        Verify(statement, proof);
        Assert.Equal(n, proof.RoundPolynomials.Length);
        Assert.InRange(BasefoldEncoding.Encode(proof).Length, 0, BasefoldEncoding.MaxOpeningLength(n, polynomialCount, Parameters));
    }

    [Fact]
    public void WrongClaimedValueIsRejected()
    {
        var lie = BasefoldOpeningStatement.Single(Case.Polynomial.Commitment, Case.Statement.Points[0].AsSpan(), Case.Statement.Values[0][0] + GoldilocksExt2.One);
        Rejects(lie, Case.Proof, CommitmentRejection.SumcheckMismatch);
    }

    [Fact]
    public void HonestOpeningOfAWrongClaimIsRejected()
    {
        var lie = BasefoldOpeningStatement.Single(Case.Polynomial.Commitment, Case.Statement.Points[0].AsSpan(), Case.Statement.Values[0][0] + GoldilocksExt2.One);
        Rejects(lie, Open(lie, [Case.Polynomial]), CommitmentRejection.SumcheckMismatch);
    }

    [Fact]
    public void ProofReplayedAtAnotherPointIsRejected()
    {
        GoldilocksExt2[] point = LigeroTestData.Point(N, 99);
        var statement = BasefoldOpeningStatement.Single(Case.Polynomial.Commitment, point, Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(Case.Polynomial.Table, point));
        Rejects(statement, Case.Proof, CommitmentRejection.SumcheckMismatch);
    }

    [Fact]
    public void TamperedFinalValueIsRejected() =>
        Rejects(Case.Statement, Case.Proof with { FinalValue = Case.Proof.FinalValue + GoldilocksExt2.One }, CommitmentRejection.FinalValueMismatch);

    [Fact]
    public void TamperedBaseMerklePathIsRejected()
    {
        byte[] siblings = [.. Case.Proof.BaseSiblings[0]];
        siblings[7] ^= 1;
        Rejects(Case.Statement, Case.Proof with { BaseSiblings = [[.. siblings]] }, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void TamperedOpenedCosetIsRejectedByItsMerklePath()
    {
        GoldilocksExt2[] cosets = [.. Case.Proof.OracleCosets[0]];
        cosets[1] += GoldilocksExt2.One;
        Rejects(Case.Statement, Case.Proof with { OracleCosets = Case.Proof.OracleCosets.SetItem(0, [.. cosets]) }, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void WrongProofOfWorkNonceIsRejected() =>
        Rejects(Case.Statement, Case.Proof with { ProofOfWorkNonce = Case.Proof.ProofOfWorkNonce + 1 }, CommitmentRejection.ProofOfWorkInvalid);

    [Fact]
    public void OpeningCheckedAgainstAnotherCommitmentIsRejected()
    {
        // The root is absorbed before the first challenge, so the replayed rounds no longer chain.
        BasefoldCommittedPolynomial other = BasefoldProver.Commit(LigeroTestData.Table(N, 77), Parameters);
        var statement = BasefoldOpeningStatement.Single(other.Commitment, Case.Statement.Points[0].AsSpan(), Case.Statement.Values[0][0]);
        Rejects(statement, Case.Proof, CommitmentRejection.SumcheckMismatch);
    }

    [Fact]
    public void CheatingProverNamingAnotherCommitmentIsRejectedByItsMerklePaths()
    {
        // The attacker runs the whole protocol (sumcheck, oracles, PoW, queries) on A's data while the
        // transcript names B's root: only the first oracle's Merkle openings can catch it.
        BasefoldCommittedPolynomial other = BasefoldProver.Commit(LigeroTestData.Table(N, 77), Parameters);
        var statement = BasefoldOpeningStatement.Single(other.Commitment, Case.Statement.Points[0].AsSpan(), Case.Statement.Values[0][0]);
        BasefoldOpeningProof proof = BasefoldProver.Open(statement, [Case.Polynomial], Parameters, new Transcript(LigeroTestData.ProtocolId), checkStatement: false, tamperOracle: null);
        Rejects(statement, proof, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void TamperedRoundPolynomialIsRejected()
    {
        // Shift h(0) and h(1) in opposite directions: the round sum still matches, the next claim does not.
        ImmutableArray<GoldilocksExt2> h = Case.Proof.RoundPolynomials[3];
        ImmutableArray<GoldilocksExt2> shifted = [h[0] + GoldilocksExt2.One, h[1] - GoldilocksExt2.One, h[2]];
        Rejects(Case.Statement, Case.Proof with { RoundPolynomials = Case.Proof.RoundPolynomials.SetItem(3, shifted) }, CommitmentRejection.SumcheckMismatch);
    }

    [Fact]
    public void FoldedOracleInconsistentWithItsPredecessorIsRejected()
    {
        // The cheating prover commits a wrong first folded oracle (every symbol + 1) with valid Merkle
        // trees and follows the protocol afterwards: only the fold consistency check can catch it.
        BasefoldOpeningProof proof = BasefoldProver.Open(Case.Statement, [Case.Polynomial], Parameters, new Transcript(LigeroTestData.ProtocolId), checkStatement: true, tamperOracle: (g, codeword) =>
        {
            for (int i = 0; i < codeword.Length; i++)
            {
                codeword[i] += GoldilocksExt2.One;
            }
        });
        CommitmentRejectedException e = Rejects(Case.Statement, proof, CommitmentRejection.FoldMismatch);
        Assert.NotNull(e.Column);
    }

    [Fact]
    public void OracleOpeningsFromAnotherProofAreRejected()
    {
        BasefoldCommittedPolynomial other = BasefoldProver.Commit(LigeroTestData.Table(N, 78), Parameters);
        BasefoldOpeningProof otherProof = Open(RandomInstances.TrueStatement([other], [[.. Case.Statement.Points[0]]]), [other]);
        Rejects(Case.Statement, Case.Proof with { OracleCosets = otherProof.OracleCosets, OracleSiblings = otherProof.OracleSiblings }, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void EncodingRoundTripsAndStillVerifies()
    {
        byte[] bytes = BasefoldEncoding.Encode(Case.Proof);
        BasefoldOpeningProof decoded = BasefoldEncoding.DecodeOpening(bytes, Case.Statement, Parameters);
        Verify(Case.Statement, decoded);
        Assert.Equal(bytes, BasefoldEncoding.Encode(decoded));
    }

    [Fact]
    public void EveryFlippedByteIsRejected()
    {
        byte[] bytes = BasefoldEncoding.Encode(Case.Proof);
        for (int position = 0; position < bytes.Length; position += Math.Max(1, bytes.Length / 300))
        {
            byte[] copy = [.. bytes];
            copy[position] ^= 0x10;
            Exception e = Assert.ThrowsAny<Exception>(() => Verify(Case.Statement, BasefoldEncoding.DecodeOpening(copy, Case.Statement, Parameters)));
            Assert.True(e is MalformedProofException or CommitmentRejectedException, $"byte {position}: {e.GetType().Name}: {e.Message}");
        }
    }

    [Fact]
    public void TruncatedEncodingIsMalformed() =>
        Assert.Throws<MalformedProofException>(() => BasefoldEncoding.DecodeOpening(BasefoldEncoding.Encode(Case.Proof)[..^1], Case.Statement, Parameters));

    [Fact]
    public void MissingRoundIsRejected() =>
        Rejects(Case.Statement, Case.Proof with { RoundPolynomials = Case.Proof.RoundPolynomials[1..] }, CommitmentRejection.WrongShape);
}
