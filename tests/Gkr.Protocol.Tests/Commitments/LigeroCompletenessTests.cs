using System.Diagnostics;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>Honest openings must always verify: every size 2^0..2^22, batches over polynomials, points, and both.</summary>
public class LigeroCompletenessTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(18)]
    [InlineData(19)]
    [InlineData(20)]
    [InlineData(21)]
    [InlineData(22)]
    public void HonestSinglePointOpeningVerifies(int numVariables)
    {
        long start = Stopwatch.GetTimestamp();
        (_, LigeroOpeningStatement statement, LigeroOpeningProof proof) = LigeroTestData.Honest(numVariables, seed: numVariables);
        LigeroTestData.Verify(statement, proof);
        output.WriteLine($"n = {numVariables}: {Stopwatch.GetElapsedTime(start).TotalMilliseconds:0} ms; {LigeroTestData.Parameters.Describe(statement.Commitments[0].Shape)}");
    }

    [Theory]
    [InlineData(0, 3, 1)]
    [InlineData(6, 4, 1)]
    [InlineData(6, 1, 5)]
    [InlineData(9, 3, 3)]
    [InlineData(12, 2, 2)]
    public void HonestBatchOpeningVerifies(int numVariables, int polynomialCount, int pointCount)
    {
        LigeroCommittedPolynomial[] polynomials = [.. Enumerable.Range(0, polynomialCount).Select(j => LigeroProver.Commit(LigeroTestData.Table(numVariables, 100 + j), LigeroTestData.Parameters))];
        GoldilocksExt2[][] points = [.. Enumerable.Range(0, pointCount).Select(i => LigeroTestData.Point(numVariables, 200 + i))];
        LigeroOpeningStatement statement = LigeroTestData.TrueStatement(polynomials, points);
        LigeroOpeningProof proof = LigeroTestData.Open(statement, polynomials);

        LigeroTestData.Verify(statement, proof);
        Assert.Equal(pointCount, proof.EvaluationRows.Length);
    }

    [Fact]
    public void BatchOpeningCostsOneSetOfQueriesNotOnePerClaim()
    {
        const int n = 12;
        LigeroCommittedPolynomial[] polynomials = [.. Enumerable.Range(0, 3).Select(j => LigeroProver.Commit(LigeroTestData.Table(n, 300 + j), LigeroTestData.Parameters))];
        GoldilocksExt2[][] points = [.. Enumerable.Range(0, 3).Select(i => LigeroTestData.Point(n, 400 + i))];
        LigeroOpeningProof batch = LigeroTestData.Open(LigeroTestData.TrueStatement(polynomials, points), polynomials);
        LigeroOpeningProof single = LigeroTestData.Open(LigeroTestData.TrueStatement([polynomials[0]], [points[0]]), [polynomials[0]]);

        // One proximity row and one query set for nine claims: per polynomial, the opened columns are
        // no more than one single opening's (same t queries), and rows grow by one per extra point only.
        int rows = polynomials[0].Commitment.Shape.Rows;
        Assert.All(batch.Columns, c => Assert.True(c.Length <= LigeroTestData.Parameters.Queries * rows));
        Assert.Equal(single.ProximityRow.Length, batch.ProximityRow.Length);
        Assert.Equal(3, batch.EvaluationRows.Length);
    }

    [Fact]
    public void SmallerSecurityTargetsAndOtherRatesAlsoComplete()
    {
        foreach (LigeroParameters parameters in new[] { LigeroParameters.ForSecurity(40, 1, 0), LigeroParameters.ForSecurity(100, 2, 8), LigeroParameters.ForSecurity(100, 4, 0) })
        {
            (_, LigeroOpeningStatement statement, LigeroOpeningProof proof) = LigeroTestData.Honest(10, seed: 7, parameters);
            LigeroTestData.Verify(statement, proof, parameters);
        }
    }
}
