using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>Seeded tables and points, and the honest commit/open/verify cycle of the Ligero commitment.</summary>
public static class LigeroTestData
{
    public const string ProtocolId = "gkr/tests/pcs";

    public static LigeroParameters Parameters { get; } = LigeroParameters.Default;

    public static Goldilocks[] Table(int numVariables, int seed)
    {
        var source = new RandomSource(seed);
        return TestData.RandomTable<Goldilocks>(1 << numVariables, ref source);
    }

    public static GoldilocksExt2[] Point(int numVariables, int seed)
    {
        var source = new RandomSource(seed + 1000);
        return TestData.RandomTable<GoldilocksExt2>(numVariables, ref source);
    }

    public static GoldilocksExt2 Evaluate(LigeroCommittedPolynomial polynomial, GoldilocksExt2[] point) =>
        EvaluateTable(polynomial.Table, point);

    public static GoldilocksExt2 EvaluateTable(ReadOnlySpan<Goldilocks> table, GoldilocksExt2[] point) =>
        Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(table, point);

    /// <summary>The statement with the true value of every polynomial at every point.</summary>
    public static LigeroOpeningStatement TrueStatement(IReadOnlyList<LigeroCommittedPolynomial> polynomials, IReadOnlyList<GoldilocksExt2[]> points) =>
        new(
            [.. polynomials.Select(p => p.Commitment)],
            [.. points.Select(p => ImmutableArray.Create(p))],
            [.. polynomials.Select(p => points.Select(z => Evaluate(p, z)).ToImmutableArray())]);

    public static LigeroOpeningProof Open(LigeroOpeningStatement statement, IReadOnlyList<LigeroCommittedPolynomial> polynomials, LigeroParameters? parameters = null) =>
        LigeroProver.Open(statement, polynomials, parameters ?? Parameters, new Transcript(ProtocolId));

    public static void Verify(LigeroOpeningStatement statement, LigeroOpeningProof proof, LigeroParameters? parameters = null) =>
        LigeroVerifier.Verify(statement, proof, parameters ?? Parameters, new Transcript(ProtocolId));

    public static CommitmentRejectedException Rejects(LigeroOpeningStatement statement, LigeroOpeningProof proof, CommitmentRejection reason, LigeroParameters? parameters = null)
    {
        CommitmentRejectedException e = Assert.Throws<CommitmentRejectedException>(() => Verify(statement, proof, parameters));
        Assert.Equal(reason, e.Reason);
        return e;
    }

    /// <summary>One committed polynomial of n variables with an honest single-point proof.</summary>
    public static (LigeroCommittedPolynomial Polynomial, LigeroOpeningStatement Statement, LigeroOpeningProof Proof) Honest(int numVariables, int seed = 1, LigeroParameters? parameters = null)
    {
        LigeroCommittedPolynomial polynomial = LigeroProver.Commit(Table(numVariables, seed), parameters ?? Parameters);
        LigeroOpeningStatement statement = TrueStatement([polynomial], [Point(numVariables, seed)]);
        return (polynomial, statement, Open(statement, [polynomial], parameters));
    }
}
