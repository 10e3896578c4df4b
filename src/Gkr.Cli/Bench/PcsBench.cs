using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench pcs</c>: the polynomial commitments at 2^20 Goldilocks entries (seeded table, random
/// GoldilocksExt2 point), default parameters (100 bits, proven unique-decoding bound). The primary keys
/// measure Basefold (the smaller proof, chosen by this measurement); the <c>ligero_*</c> keys measure
/// the Ligero/Brakedown-style tensor commitment in the same run, and <c>ligero_proof_kb_*</c> give its
/// proof size at other rates and under the conjectured bound.
/// </summary>
internal sealed class PcsBench : IBenchSuite
{
    private const string ProtocolId = "gkr/bench/pcs";
    private const int N = 20;

    public string Name => "pcs";

    public string Description => "Polynomial commitments at 2^20 (Basefold primary, Ligero alongside): commit/open/verify medians, proof size, security bits (goals: 1 s / 0.5 s / 20 ms / 300 KB at >= 100 bits).";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
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

        GoldilocksExt2 value = Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(table, point);
        var metrics = new List<BenchMetric>();
        metrics.AddRange(Basefold(table, point, value, log));
        metrics.AddRange(Ligero(table, point, value, log));
        return metrics;
    }

    private static IEnumerable<BenchMetric> Basefold(Goldilocks[] table, GoldilocksExt2[] point, GoldilocksExt2 value, TextWriter log)
    {
        BasefoldParameters parameters = BasefoldParameters.Default;
        log.WriteLine($"measuring 2^{N}: {parameters.Describe(N)}");
        BasefoldCommittedPolynomial committed = BasefoldProver.Commit(table, parameters);
        double commit = Timing.MedianNanoseconds(() => BasefoldProver.Commit(table, parameters), samples: 5, warmup: 1);
        var statement = BasefoldOpeningStatement.Single(committed.Commitment, point, value);
        BasefoldOpeningProof proof = BasefoldProver.Open(statement, [committed], parameters, new Transcript(ProtocolId));
        double open = Timing.MedianNanoseconds(() => BasefoldProver.Open(statement, [committed], parameters, new Transcript(ProtocolId)), samples: 5, warmup: 1);
        double verify = Timing.MedianNanoseconds(() => BasefoldVerifier.Verify(statement, proof, parameters, new Transcript(ProtocolId)), samples: 21, warmup: 3);
        yield return new("commit_ms_2_20", commit / 1e6, "ms", "Basefold commit: NTT encode, Merkle over cosets of 64 (goal <= 1000)");
        yield return new("open_ms_2_20", open / 1e6, "ms", "Basefold open at one GoldilocksExt2 point: sumcheck + folded oracles + PoW + queries (goal <= 500)");
        yield return new("verify_ms_2_20", verify / 1e6, "ms", "Basefold verify (goal <= 20)");
        yield return new("proof_kb_2_20", BasefoldEncoding.Encode(proof).Length / 1024.0, "KB", "Basefold canonical opening proof (goal <= 300)");
        yield return new("security_bits", parameters.SecurityBits(N), "bits", parameters.Describe(N));
        yield return new("queries", parameters.Queries, "", $"Basefold queries at rate 1/{1 << parameters.LogInverseRate}, {parameters.ProofOfWorkBits} PoW bits");
    }

    private static IEnumerable<BenchMetric> Ligero(Goldilocks[] table, GoldilocksExt2[] point, GoldilocksExt2 value, TextWriter log)
    {
        LigeroParameters parameters = LigeroParameters.Default;
        LigeroShape shape = parameters.ShapeFor(N);
        log.WriteLine($"measuring 2^{N}: {parameters.Describe(shape)}");
        LigeroCommittedPolynomial committed = LigeroProver.Commit(table, parameters);
        double commit = Timing.MedianNanoseconds(() => LigeroProver.Commit(table, parameters), samples: 5, warmup: 1);
        var statement = LigeroOpeningStatement.Single(committed.Commitment, point, value);
        LigeroOpeningProof proof = Open(statement, committed, parameters);
        double open = Timing.MedianNanoseconds(() => Open(statement, committed, parameters), samples: 7, warmup: 1);
        double verify = Timing.MedianNanoseconds(() => LigeroVerifier.Verify(statement, proof, parameters, new Transcript(ProtocolId)), samples: 21, warmup: 3);
        yield return new("ligero_commit_ms_2_20", commit / 1e6, "ms", "Ligero commit: RS-encode 2^8 rows (NTT), Merkle over columns");
        yield return new("ligero_open_ms_2_20", open / 1e6, "ms", "Ligero open, incl. proof of work");
        yield return new("ligero_verify_ms_2_20", verify / 1e6, "ms", "Ligero verify");
        yield return new("ligero_proof_kb_2_20", LigeroEncoding.Encode(proof).Length / 1024.0, "KB", "Ligero canonical opening proof");
        yield return new("ligero_security_bits", parameters.SecurityBits(shape), "bits", parameters.Describe(shape));

        // The same code under other parameters: the choice of rate, and the conjectured alternative.
        foreach ((string key, LigeroParameters other) in new[]
        {
            ("ligero_proof_kb_2_20_rate_1_4", LigeroParameters.ForSecurity(100, 2)),
            ("ligero_proof_kb_2_20_rate_1_16", LigeroParameters.ForSecurity(100, 4)),
            ("ligero_proof_kb_2_20_conjectured", LigeroParameters.ForSecurity(100, bound: ProximityBound.JohnsonConjectured)),
        })
        {
            LigeroCommittedPolynomial c = LigeroProver.Commit(table, other);
            int size = LigeroEncoding.Encode(Open(LigeroOpeningStatement.Single(c.Commitment, point, value), c, other)).Length;
            yield return new(key, size / 1024.0, "KB", other.Describe(c.Commitment.Shape));
        }
    }

    private static LigeroOpeningProof Open(LigeroOpeningStatement statement, LigeroCommittedPolynomial committed, LigeroParameters parameters) =>
        LigeroProver.Open(statement, [committed], parameters, new Transcript(ProtocolId));
}
