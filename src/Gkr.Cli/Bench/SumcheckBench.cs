using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench sumcheck</c>: the product sumcheck Σ f·g of two Goldilocks multilinears (challenges in
/// GoldilocksExt2) at 2^16, 2^20 and 2^22 entries, against the plain Σ f(x)·g(x) over the same tables
/// computed by the packed inner-product kernel in the same run (the honest floor).
/// </summary>
internal sealed class SumcheckBench : IBenchSuite
{
    private const string ProtocolId = "gkr/bench/sumcheck";

    public string Name => "sumcheck";

    public string Description => "Product sumcheck prover vs packed inner product at 2^16/2^20/2^22; 2-thread speedup; verifier time.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        var metrics = new List<BenchMetric>();
        var times = new Dictionary<int, double>();
        Composition<GoldilocksExt2> composition = Composition<GoldilocksExt2>.Product(2);
        foreach (int n in new[] { 16, 20, 22 })
        {
            log.WriteLine($"measuring n = {n}...");
            var source = new RandomSource(n);
            Goldilocks[] f = RandomVector(1 << n, ref source), g = RandomVector(1 << n, ref source);
            Goldilocks[][] tables = [f, g];
            Goldilocks sink = Goldilocks.Zero;
            int samples = n >= 22 ? 7 : n >= 20 ? 21 : 31;
            var statement = new SumcheckStatement<GoldilocksExt2>(n, composition, GoldilocksExt2.FromBase(sink = GoldilocksKernels.InnerProduct(f, g)));

            // Plain and prover alternate, so host noise hits both sides of each pair; the plain side is
            // run once untimed before each timing to have its tables as cache-warm as back-to-back runs would.
            void Plain() => sink += GoldilocksKernels.InnerProduct(f, g);
            (double plain, double prover, double ratio) = Timing.PairedMedians(Plain, () => Prove(statement, tables, SumcheckOptions.SingleThreaded), samples, prepareFirst: Plain);
            times[n] = prover;
            string key = $"2_{n}";
            metrics.Add(new($"plain_ms_{key}", plain / 1e6, "ms", $"packed inner product Σ f·g, 2^{n} entries (median)"));
            metrics.Add(new($"prover_ms_{key}", prover / 1e6, "ms", $"product sumcheck prover, 1 thread, 2^{n} entries (median)"));
            metrics.Add(new($"ratio_prover_vs_plain_{key}", ratio, "x", "median over alternating pairs of prover time / plain Σ f·g time (goal ≤ 10 at 2^20)"));
            metrics.Add(new($"ratio_of_medians_{key}", prover / plain, "x", "median prover time / median plain time, for comparison"));
            if (n == 20)
            {
                var twoThreads = new SumcheckOptions { MaxThreads = 2 };
                (_, double parallel, double slowdown) = Timing.PairedMedians(
                    () => Prove(statement, tables, SumcheckOptions.SingleThreaded), () => Prove(statement, tables, twoThreads), samples);
                SumcheckProof<GoldilocksExt2> proof = Prove(statement, tables, SumcheckOptions.SingleThreaded);
                double verify = Timing.MedianNanoseconds(() => SumcheckVerifier.Verify(statement, proof, new Transcript(ProtocolId)), 201, warmup: 50);
                metrics.Add(new("prover_ms_2_20_two_threads", parallel / 1e6, "ms", "product sumcheck prover, 2 threads, 2^20 entries (median)"));
                metrics.Add(new("two_thread_speedup_2_20", 1 / slowdown, "x", "median over alternating pairs of 1-thread time / 2-thread time (goal ≥ 1.7)"));
                metrics.Add(new("verify_us_2_20", verify / 1e3, "us", "verifier, n = 20 rounds of degree 2 (goal < 100)"));
                metrics.Add(new("proof_bytes_2_20", ProofEncoding.Encode(proof).Length, "B", "canonical proof size"));
                metrics.Add(new("soundness_bits_2_20", SumcheckSoundness.Bits<GoldilocksExt2>(n, 2), "bits", "−log2(n·d/|F|), |F| = p² (interactive bound)"));
            }

            GC.KeepAlive(sink);
        }

        metrics.Add(new("growth_2_22_over_2_20", times[22] / times[20], "x", "prover time 2^22 / 2^20 (ideal 4; goal ≤ 4.5)"));
        return metrics;
    }

    private static SumcheckProof<GoldilocksExt2> Prove(SumcheckStatement<GoldilocksExt2> statement, Goldilocks[][] tables, SumcheckOptions options) =>
        SumcheckProver.Prove(statement, tables, new Transcript(ProtocolId), options).Proof;

    private static Goldilocks[] RandomVector(int length, ref RandomSource source)
    {
        var result = new Goldilocks[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = Goldilocks.Sample(ref source);
        }

        return result;
    }
}
