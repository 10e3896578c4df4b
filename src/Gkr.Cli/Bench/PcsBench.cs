using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench pcs</c>: the Ligero/Brakedown-style commitment at 2^20 Goldilocks entries (seeded table,
/// random GoldilocksExt2 point) with the default parameters (100 bits, proven unique-decoding bound):
/// commit, open and verify medians (all cores), the canonical proof size, and for comparison the
/// proof size the same code gives at other rates and under the conjectured Johnson bound.
/// </summary>
internal sealed class PcsBench : IBenchSuite
{
    private const string ProtocolId = "gkr/bench/pcs";
    private const int N = 20;

    public string Name => "pcs";

    public string Description => "Ligero-style polynomial commitment at 2^20: commit/open/verify medians, proof size, security bits (goals: 1 s / 0.5 s / 20 ms / 300 KB at >= 100 bits).";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        LigeroParameters parameters = LigeroParameters.Default;
        var source = new RandomSource(N);
        var table = new Goldilocks[1 << N];
        for (int i = 0; i < table.Length; i++)
        {
            table[i] = Goldilocks.Sample(ref source);
        }

        var point = new GoldilocksExt2[N];
        for (int i = 0; i < N; i++)
        {
            point[i] = GoldilocksExt2.Sample(ref source);
        }

        log.WriteLine($"measuring 2^{N}: {parameters.Describe(parameters.ShapeFor(N))}");
        LigeroCommittedPolynomial committed = LigeroProver.Commit(table, parameters);
        double commit = Timing.MedianNanoseconds(() => LigeroProver.Commit(table, parameters), samples: 5, warmup: 1);
        var statement = LigeroOpeningStatement.Single(committed.Commitment, point, Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(table, point));
        LigeroOpeningProof proof = Open(statement, committed, parameters);
        double open = Timing.MedianNanoseconds(() => Open(statement, committed, parameters), samples: 7, warmup: 1);
        double verify = Timing.MedianNanoseconds(() => LigeroVerifier.Verify(statement, proof, parameters, new Transcript(ProtocolId)), samples: 21, warmup: 3);
        int bytes = LigeroEncoding.Encode(proof).Length;
        LigeroShape shape = committed.Commitment.Shape;

        var metrics = new List<BenchMetric>
        {
            new("commit_ms_2_20", commit / 1e6, "ms", "commit: RS-encode rows (NTT), Merkle over columns (goal <= 1000)"),
            new("open_ms_2_20", open / 1e6, "ms", "open at one GoldilocksExt2 point, incl. proof of work (goal <= 500)"),
            new("verify_ms_2_20", verify / 1e6, "ms", "verify one opening (goal <= 20)"),
            new("proof_kb_2_20", bytes / 1024.0, "KB", "canonical opening proof size (goal <= 300)"),
            new("security_bits", parameters.SecurityBits(shape), "bits", "-log2 of the soundness error, proven unique-decoding bound (goal >= 100)"),
            new("queries", parameters.Queries, "", $"column queries at rate 1/{1 << parameters.LogInverseRate}, {parameters.ProofOfWorkBits} PoW bits"),
            new("row_variables_2_20", shape.RowVariables, "", $"matrix 2^{shape.RowVariables} x 2^{shape.ColumnVariables}"),
        };

        // The same code under other parameters, for the choice of rate and the conjectured alternative.
        foreach ((string key, LigeroParameters other) in new[]
        {
            ("proof_kb_2_20_rate_1_4", LigeroParameters.ForSecurity(100, 2)),
            ("proof_kb_2_20_rate_1_16", LigeroParameters.ForSecurity(100, 4)),
            ("proof_kb_2_20_conjectured", LigeroParameters.ForSecurity(100, bound: ProximityBound.JohnsonConjectured)),
        })
        {
            LigeroCommittedPolynomial c = LigeroProver.Commit(table, other);
            var s = LigeroOpeningStatement.Single(c.Commitment, point, statement.Values[0][0]);
            int size = LigeroEncoding.Encode(Open(s, c, other)).Length;
            metrics.Add(new(key, size / 1024.0, "KB", other.Describe(c.Commitment.Shape)));
        }

        return metrics;
    }

    private static LigeroOpeningProof Open(LigeroOpeningStatement statement, LigeroCommittedPolynomial committed, LigeroParameters parameters) =>
        LigeroProver.Open(statement, [committed], parameters, new Transcript(ProtocolId));
}
