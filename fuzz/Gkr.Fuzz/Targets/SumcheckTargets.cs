using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// Sumcheck proofs: <see cref="ProofEncoding.DecodeSumcheck{T}"/> + <see cref="SumcheckVerifier"/>, and
/// <see cref="ProofEncoding.DecodeBatched{T}"/> + <c>BatchedSumcheck.Verify</c>, each followed by
/// the caller's final check g(f(r)) = value against fixed tables.
/// </summary>
public static class SumcheckTargets
{
    private const string ProtocolId = "gkr-fuzz/sumcheck";

    private static readonly Lazy<SingleFixture> SingleCase = new(SingleFixture.Create);
    private static readonly Lazy<BatchedFixture> BatchedCase = new(BatchedFixture.Create);

    /// <summary>A degree-3 sumcheck over 4 variables (composition 3·f·g + f·g·h).</summary>
    public static FuzzTarget Single { get; } = FuzzTargets.Proof(
        "sumcheck",
        "ProofEncoding.DecodeSumcheck + SumcheckVerifier.Verify + final check (n = 4, degree 3)",
        () => SingleCase.Value.Honest,
        input => ProofEncoding.DecodeSumcheck(input, SingleCase.Value.Statement),
        ProofEncoding.Encode,
        proof =>
        {
            SingleFixture f = SingleCase.Value;
            return FinalCheck(f.Statement.Composition, f.Tables, SumcheckVerifier.Verify(f.Statement, proof, new Transcript(ProtocolId)));
        });

    /// <summary>A batch of a 3-variable degree-2 claim and a 5-variable degree-3 claim.</summary>
    public static FuzzTarget Batched { get; } = FuzzTargets.Proof(
        "sumcheck-batched",
        "ProofEncoding.DecodeBatched + BatchedSumcheck.Verify + final checks (claims n = 3 and n = 5)",
        () => BatchedCase.Value.Honest,
        input => ProofEncoding.DecodeBatched(input, BatchedCase.Value.Statement),
        ProofEncoding.Encode,
        proof =>
        {
            BatchedFixture f = BatchedCase.Value;
            ImmutableArray<SumcheckClaim<GoldilocksExt2>> claims = BatchedSumcheck.Verify(f.Statement, proof, new Transcript(ProtocolId));
            FuzzTargets.Invariant(claims.Length == f.Tables.Length, $"batched sumcheck: {claims.Length} claims returned for {f.Tables.Length} statements.");
            return claims.Select((claim, i) => FinalCheck(f.Statement.Claims[i].Composition, f.Tables[i], claim)).All(ok => ok);
        });

    private static bool FinalCheck(Composition<GoldilocksExt2> composition, Goldilocks[][] tables, SumcheckClaim<GoldilocksExt2> claim)
    {
        var values = new GoldilocksExt2[tables.Length];
        for (int j = 0; j < tables.Length; j++)
        {
            values[j] = Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(tables[j], claim.Point.AsSpan());
        }

        return composition.Evaluate(values) == claim.Value;
    }

    private static Goldilocks[][] RandomTables(int count, int numVariables, int seed) =>
        [.. Enumerable.Range(0, count).Select(j => SampleCircuits.RandomValues(seed + j, 1 << numVariables))];

    private static Composition<GoldilocksExt2> Cubic() =>
        new(3, [new ProductTerm<GoldilocksExt2>(GoldilocksExt2.FromUInt64(3), 0, 1), new ProductTerm<GoldilocksExt2>(GoldilocksExt2.One, 0, 1, 2)]);

    private sealed record SingleFixture(SumcheckStatement<GoldilocksExt2> Statement, Goldilocks[][] Tables, byte[] Honest)
    {
        public static SingleFixture Create()
        {
            const int n = 4;
            Goldilocks[][] tables = RandomTables(3, n, 1);
            Composition<GoldilocksExt2> composition = Cubic();
            var statement = new SumcheckStatement<GoldilocksExt2>(n, composition, SumcheckProver.ComputeSum(composition, tables));
            SumcheckProverResult<GoldilocksExt2> result = SumcheckProver.Prove(statement, tables, new Transcript(ProtocolId), SumcheckOptions.SingleThreaded);
            return new SingleFixture(statement, tables, ProofEncoding.Encode(result.Proof));
        }
    }

    private sealed record BatchedFixture(BatchedSumcheckStatement<GoldilocksExt2> Statement, Goldilocks[][][] Tables, byte[] Honest)
    {
        public static BatchedFixture Create()
        {
            Goldilocks[][][] tables = [RandomTables(2, 3, 10), RandomTables(3, 5, 20)];
            Composition<GoldilocksExt2>[] compositions = [Composition<GoldilocksExt2>.Product(2), Cubic()];
            var statement = new BatchedSumcheckStatement<GoldilocksExt2>(
                [new SumcheckStatement<GoldilocksExt2>(3, compositions[0], SumcheckProver.ComputeSum(compositions[0], tables[0])),
                 new SumcheckStatement<GoldilocksExt2>(5, compositions[1], SumcheckProver.ComputeSum(compositions[1], tables[1]))]);
            BatchedSumcheckProof<GoldilocksExt2> proof = BatchedSumcheck.Prove<Goldilocks, GoldilocksExt2>(statement, tables, new Transcript(ProtocolId), SumcheckOptions.SingleThreaded).Proof;
            return new BatchedFixture(statement, tables, ProofEncoding.Encode(proof));
        }
    }
}
