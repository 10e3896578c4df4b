using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>One attack per test; each asserts the specific rejection reason.</summary>
public class LigeroSoundnessTests
{
    private const int N = 10;

    private static readonly (LigeroCommittedPolynomial Polynomial, LigeroOpeningStatement Statement, LigeroOpeningProof Proof) Case = LigeroTestData.Honest(N, seed: 5);

    private static LigeroOpeningStatement WithValue(LigeroOpeningStatement statement, GoldilocksExt2 value) =>
        LigeroOpeningStatement.Single(statement.Commitments[0], statement.Points[0].AsSpan(), value);

    /// <summary>A cheating prover that alters its rows and then follows the protocol (PoW, queries, honest columns).</summary>
    private static LigeroOpeningProof CheatingRows(Action<GoldilocksExt2[], GoldilocksExt2[][]> tamper) =>
        LigeroProver.Open(Case.Statement, [Case.Polynomial], LigeroTestData.Parameters, new Transcript(LigeroTestData.ProtocolId), tamper);

    [Fact]
    public void HonestProofVerifies() => LigeroTestData.Verify(Case.Statement, Case.Proof);

    [Fact]
    public void WrongClaimedValueIsRejected()
    {
        GoldilocksExt2 wrong = Case.Statement.Values[0][0] + GoldilocksExt2.One;
        LigeroTestData.Rejects(WithValue(Case.Statement, wrong), Case.Proof, CommitmentRejection.ValueMismatch);
    }

    [Fact]
    public void HonestOpeningOfAWrongClaimIsRejected()
    {
        // The prover runs the protocol on a false statement: its evaluation row is the true one, so the value check fails.
        LigeroOpeningStatement lie = WithValue(Case.Statement, Case.Statement.Values[0][0] + GoldilocksExt2.X);
        LigeroOpeningProof proof = LigeroTestData.Open(lie, [Case.Polynomial]);
        LigeroTestData.Rejects(lie, proof, CommitmentRejection.ValueMismatch);
    }

    [Fact]
    public void TamperedMerklePathIsRejected()
    {
        byte[] siblings = [.. Case.Proof.MerkleSiblings[0]];
        siblings[siblings.Length / 2] ^= 0x01;
        LigeroOpeningProof tampered = Case.Proof with { MerkleSiblings = [[.. siblings]] };
        LigeroTestData.Rejects(Case.Statement, tampered, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void TruncatedMerkleOpeningIsRejected()
    {
        LigeroOpeningProof tampered = Case.Proof with { MerkleSiblings = [Case.Proof.MerkleSiblings[0][..^MerkleTree.DigestSize]] };
        LigeroTestData.Rejects(Case.Statement, tampered, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void TamperedColumnIsRejectedByItsMerklePath()
    {
        Goldilocks[] columns = [.. Case.Proof.Columns[0]];
        columns[3] += Goldilocks.One;
        LigeroOpeningProof tampered = Case.Proof with { Columns = [[.. columns]] };
        LigeroTestData.Rejects(Case.Statement, tampered, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void TamperedProximityRowIsRejectedAtAColumn()
    {
        LigeroOpeningProof proof = CheatingRows((proximity, _) => proximity[0] += GoldilocksExt2.One);
        CommitmentRejectedException e = LigeroTestData.Rejects(Case.Statement, proof, CommitmentRejection.ProximityColumnMismatch);
        Assert.NotNull(e.Column);
    }

    [Fact]
    public void TamperedEvaluationRowThatKeepsTheValueIsRejectedAtAColumn()
    {
        // Add d at column 0 and −d·e0/e1 at column 1, where e = eq(z_col): ⟨row, e⟩ is unchanged, so
        // the value check passes and only the column consistency check can catch the change.
        LigeroShape shape = Case.Polynomial.Commitment.Shape;
        GoldilocksExt2[] eq = EqTable.Build(Case.Statement.Points[0].AsSpan()[shape.RowVariables..]);
        GoldilocksExt2 d = GoldilocksExt2.FromUInt64(12345);
        LigeroOpeningProof proof = CheatingRows((_, evaluations) =>
        {
            evaluations[0][0] += d;
            evaluations[0][1] -= d * eq[0] / eq[1];
        });
        CommitmentRejectedException e = LigeroTestData.Rejects(Case.Statement, proof, CommitmentRejection.EvaluationColumnMismatch);
        Assert.NotNull(e.Column);
    }

    [Fact]
    public void OpeningCheckedAgainstAnotherCommitmentIsRejected()
    {
        // The attacker names commitment B in the statement but opens A's matrix (same value, honest PoW and queries).
        LigeroCommittedPolynomial other = LigeroProver.Commit(LigeroTestData.Table(N, seed: 77), LigeroTestData.Parameters);
        var statement = LigeroOpeningStatement.Single(other.Commitment, Case.Statement.Points[0].AsSpan(), Case.Statement.Values[0][0]);
        LigeroOpeningProof proof = LigeroProver.Open(statement, [Case.Polynomial], LigeroTestData.Parameters, new Transcript(LigeroTestData.ProtocolId), tamper: null);
        LigeroTestData.Rejects(statement, proof, CommitmentRejection.MerklePathMismatch);
    }

    [Fact]
    public void ProofReplayedAtAnotherPointIsRejected()
    {
        GoldilocksExt2[] point = LigeroTestData.Point(N, seed: 99);
        var statement = LigeroOpeningStatement.Single(Case.Polynomial.Commitment, point, LigeroTestData.Evaluate(Case.Polynomial, point));
        LigeroTestData.Rejects(statement, Case.Proof, CommitmentRejection.ValueMismatch);
    }

    [Fact]
    public void ProofReplayedUnderAnotherProtocolIdIsRejected()
    {
        CommitmentRejectedException e = Assert.Throws<CommitmentRejectedException>(() =>
            LigeroVerifier.Verify(Case.Statement, Case.Proof, LigeroTestData.Parameters, new Transcript("gkr/tests/other")));
        Assert.Equal(CommitmentRejection.ProofOfWorkInvalid, e.Reason);
    }

    [Fact]
    public void WrongProofOfWorkNonceIsRejected()
    {
        LigeroTestData.Rejects(Case.Statement, Case.Proof with { ProofOfWorkNonce = Case.Proof.ProofOfWorkNonce + 1 }, CommitmentRejection.ProofOfWorkInvalid);
    }

    [Fact]
    public void CommitmentWithAnotherRateIsRejected()
    {
        LigeroShape shape = Case.Polynomial.Commitment.Shape with { LogInverseRate = 1 };
        LigeroCommittedPolynomial weak = LigeroProver.Commit(Case.Polynomial.Table.ToArray(), shape);
        var statement = LigeroOpeningStatement.Single(weak.Commitment, Case.Statement.Points[0].AsSpan(), Case.Statement.Values[0][0]);
        LigeroOpeningProof proof = LigeroTestData.Open(statement, [weak]);
        LigeroTestData.Rejects(statement, proof, CommitmentRejection.WrongShape);
    }

    [Fact]
    public void PointWithTheWrongNumberOfCoordinatesIsRejected()
    {
        var statement = new LigeroOpeningStatement(Case.Statement.Commitments, [Case.Statement.Points[0][1..]], Case.Statement.Values);
        LigeroTestData.Rejects(statement, Case.Proof, CommitmentRejection.WrongShape);
    }

    [Fact]
    public void ShortProximityRowIsRejected()
    {
        LigeroTestData.Rejects(Case.Statement, Case.Proof with { ProximityRow = Case.Proof.ProximityRow[1..] }, CommitmentRejection.WrongShape);
    }

    [Fact]
    public void MissingEvaluationRowIsRejected()
    {
        LigeroTestData.Rejects(Case.Statement, Case.Proof with { EvaluationRows = [] }, CommitmentRejection.WrongShape);
    }

    [Fact]
    public void DroppedOpenedColumnIsRejected()
    {
        int rows = Case.Polynomial.Commitment.Shape.Rows;
        LigeroTestData.Rejects(Case.Statement, Case.Proof with { Columns = [Case.Proof.Columns[0][..^rows]] }, CommitmentRejection.WrongShape);
    }

    [Fact]
    public void BatchWithOneWrongValueAmongManyIsRejected()
    {
        LigeroCommittedPolynomial[] polynomials = [.. Enumerable.Range(0, 3).Select(j => LigeroProver.Commit(LigeroTestData.Table(8, 500 + j), LigeroTestData.Parameters))];
        GoldilocksExt2[][] points = [LigeroTestData.Point(8, 1), LigeroTestData.Point(8, 2)];
        LigeroOpeningStatement honest = LigeroTestData.TrueStatement(polynomials, points);
        LigeroOpeningProof proof = LigeroTestData.Open(honest, polynomials);
        ImmutableArray<GoldilocksExt2> row = honest.Values[2].SetItem(1, honest.Values[2][1] + GoldilocksExt2.One);
        var lie = new LigeroOpeningStatement(honest.Commitments, honest.Points, honest.Values.SetItem(2, row));
        LigeroTestData.Rejects(lie, proof, CommitmentRejection.ValueMismatch);
    }

    [Fact]
    public void BatchWithSwappedCommitmentsIsRejected()
    {
        LigeroCommittedPolynomial[] polynomials = [.. Enumerable.Range(0, 2).Select(j => LigeroProver.Commit(LigeroTestData.Table(8, 600 + j), LigeroTestData.Parameters))];
        LigeroOpeningStatement honest = LigeroTestData.TrueStatement(polynomials, [LigeroTestData.Point(8, 3)]);
        LigeroOpeningProof proof = LigeroTestData.Open(honest, polynomials);
        var swapped = new LigeroOpeningStatement([honest.Commitments[1], honest.Commitments[0]], honest.Points, [honest.Values[1], honest.Values[0]]);
        LigeroTestData.Rejects(swapped, proof, CommitmentRejection.ValueMismatch);
    }
}
