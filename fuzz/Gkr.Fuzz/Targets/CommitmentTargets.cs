using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// Polynomial commitments: Basefold openings (<see cref="BasefoldEncoding"/> + <see cref="BasefoldVerifier"/>),
/// the Basefold commitment file (<see cref="Protocol.Commitments.BasefoldCommitmentFile"/>), Ligero commitments and
/// Ligero openings (<see cref="LigeroEncoding"/> + <see cref="LigeroVerifier"/>). Each fixture is a batch of two
/// polynomials opened at two points.
/// </summary>
public static class CommitmentTargets
{
    private const string ProtocolId = "gkr-fuzz/pcs";

    private static readonly Lazy<BasefoldFixture> Basefold = new(BasefoldFixture.Create);
    private static readonly Lazy<LigeroFixture> Ligero = new(LigeroFixture.Create);

    // Lazy like every fixture: no library code may run before a coverage-guided loop has set up its trace map.
    private static readonly Lazy<BasefoldParameters> BasefoldSecurity = new(() => BasefoldParameters.ForSecurity(40));
    private static readonly Lazy<LigeroParameters> LigeroSecurity = new(() => LigeroParameters.ForSecurity(40));

    /// <summary>Basefold parameters of the fixtures: 40-bit target (fewer queries, more executions per second; the decoding and checking code is the same).</summary>
    public static BasefoldParameters BasefoldParameters => BasefoldSecurity.Value;

    /// <summary>Ligero parameters of the fixtures (40-bit target, as for Basefold).</summary>
    public static LigeroParameters LigeroParameters => LigeroSecurity.Value;

    /// <summary>A Basefold opening of two 10-variable polynomials at two points (two oracle groups).</summary>
    public static FuzzTarget BasefoldOpening { get; } = FuzzTargets.Proof(
        "basefold-opening",
        "BasefoldEncoding.DecodeOpening + BasefoldVerifier.Verify: 2 polynomials of 10 variables, 2 points",
        () => Basefold.Value.Honest,
        input => BasefoldEncoding.DecodeOpening(input, Basefold.Value.Statement, BasefoldParameters),
        BasefoldEncoding.Encode,
        proof =>
        {
            BasefoldVerifier.Verify(Basefold.Value.Statement, proof, BasefoldParameters, new Transcript(ProtocolId));
            return true;
        });

    /// <summary>A commitment file; the fixture's honest opening is then checked against the decoded commitment and parameters.</summary>
    public static FuzzTarget BasefoldCommitmentFile { get; } = new(
        "basefold-commitment-file",
        "BasefoldCommitmentFile.Decode, then the fixed honest opening verified under the decoded commitment and parameters",
        () => [Protocol.Commitments.BasefoldCommitmentFile.Encode(Basefold.Value.Statement.Commitments[0], BasefoldParameters)],
        input =>
        {
            BasefoldFixture f = Basefold.Value;
            (BasefoldCommitment commitment, BasefoldParameters parameters) = Protocol.Commitments.BasefoldCommitmentFile.Decode(input);
            FuzzTargets.ReencodesExactly(input, Protocol.Commitments.BasefoldCommitmentFile.Encode(commitment, parameters), "basefold commitment file");
            BasefoldOpeningStatement statement = new(f.Statement.Commitments.SetItem(0, commitment), f.Statement.Points, f.Statement.Values);
            BasefoldOpeningProof proof = BasefoldEncoding.DecodeOpening(f.Honest, statement, parameters);
            BasefoldVerifier.Verify(statement, proof, parameters, new Transcript(ProtocolId));
            FuzzTargets.Invariant(commitment.Equals(f.Statement.Commitments[0]), $"basefold commitment file: the opening verified against another commitment ({commitment}).");
            return true;
        });

    /// <summary>A Ligero commitment; the fixture's honest opening is then checked against the decoded commitment.</summary>
    public static FuzzTarget LigeroCommitment { get; } = new(
        "ligero-commitment",
        "LigeroEncoding.DecodeCommitment, then the fixed honest opening verified against it",
        () => [LigeroEncoding.Encode(Ligero.Value.Statement.Commitments[0])],
        input =>
        {
            LigeroFixture f = Ligero.Value;
            LigeroCommitment commitment = LigeroEncoding.DecodeCommitment(input);
            FuzzTargets.ReencodesExactly(input, LigeroEncoding.Encode(commitment), "ligero commitment");
            LigeroOpeningStatement statement = new(f.Statement.Commitments.SetItem(0, commitment), f.Statement.Points, f.Statement.Values);
            LigeroVerifier.Verify(statement, LigeroEncoding.DecodeOpening(f.Honest, statement, LigeroParameters), LigeroParameters, new Transcript(ProtocolId));
            FuzzTargets.Invariant(commitment.Equals(f.Statement.Commitments[0]), $"ligero commitment: the opening verified against another commitment ({commitment}).");
            return true;
        });

    /// <summary>A Ligero opening of two 8-variable polynomials at two points.</summary>
    public static FuzzTarget LigeroOpening { get; } = FuzzTargets.Proof(
        "ligero-opening",
        "LigeroEncoding.DecodeOpening + LigeroVerifier.Verify: 2 polynomials of 8 variables, 2 points",
        () => Ligero.Value.Honest,
        input => LigeroEncoding.DecodeOpening(input, Ligero.Value.Statement, LigeroParameters),
        LigeroEncoding.Encode,
        proof =>
        {
            LigeroVerifier.Verify(Ligero.Value.Statement, proof, LigeroParameters, new Transcript(ProtocolId));
            return true;
        });

    private static Goldilocks[][] Tables(int numVariables, int seed) => [SampleCircuits.RandomValues(seed, 1 << numVariables), SampleCircuits.RandomValues(seed + 1, 1 << numVariables)];

    private static ImmutableArray<ImmutableArray<GoldilocksExt2>> Points(int numVariables, int seed) =>
        [.. Enumerable.Range(0, 2).Select(i => SampleCircuits.RandomValues(seed + i, 2 * numVariables).Chunk(2).Select(c => new GoldilocksExt2(c[0], c[1])).ToImmutableArray())];

    private static ImmutableArray<ImmutableArray<GoldilocksExt2>> Values(Goldilocks[][] tables, ImmutableArray<ImmutableArray<GoldilocksExt2>> points) =>
        [.. tables.Select(t => points.Select(z => Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(t, z.AsSpan())).ToImmutableArray())];

    private sealed record BasefoldFixture(BasefoldOpeningStatement Statement, byte[] Honest)
    {
        public static BasefoldFixture Create()
        {
            const int n = 10;
            Goldilocks[][] tables = Tables(n, 50);
            BasefoldCommittedPolynomial[] polynomials = [.. tables.Select(t => BasefoldProver.Commit(t, BasefoldParameters))];
            ImmutableArray<ImmutableArray<GoldilocksExt2>> points = Points(n, 60);
            var statement = new BasefoldOpeningStatement([.. polynomials.Select(p => p.Commitment)], points, Values(tables, points));
            return new BasefoldFixture(statement, BasefoldEncoding.Encode(BasefoldProver.Open(statement, polynomials, BasefoldParameters, new Transcript(ProtocolId))));
        }
    }

    private sealed record LigeroFixture(LigeroOpeningStatement Statement, byte[] Honest)
    {
        public static LigeroFixture Create()
        {
            const int n = 8;
            Goldilocks[][] tables = Tables(n, 70);
            LigeroCommittedPolynomial[] polynomials = [.. tables.Select(t => LigeroProver.Commit(t, LigeroParameters))];
            ImmutableArray<ImmutableArray<GoldilocksExt2>> points = Points(n, 80);
            var statement = new LigeroOpeningStatement([.. polynomials.Select(p => p.Commitment)], points, Values(tables, points));
            return new LigeroFixture(statement, LigeroEncoding.Encode(LigeroProver.Open(statement, polynomials, LigeroParameters, new Transcript(ProtocolId))));
        }
    }
}
