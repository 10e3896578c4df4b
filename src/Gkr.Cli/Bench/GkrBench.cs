using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench gkr</c>: the GKR prover against plain evaluation of the same circuit by the library's
/// evaluator (the honest floor), both single-threaded and measured in the same run: a data-parallel
/// circuit and a random-wiring circuit of 2^20 gates (4 layers of 2^18), the random circuit at 2^19 gates
/// for the doubling figure, and a 256×256·256×256 matrix-product layer against the packed plain product.
/// </summary>
/// <remarks>
/// The prover time includes evaluating the circuit (a prover must), so every ratio is ≥ 1. Both sides of
/// each ratio are timed alternately and their medians taken, so that load from other processes on a
/// shared machine falls on both alike.
/// </remarks>
internal sealed class GkrBench : IBenchSuite
{
    private const int Depth = 4;

    public string Name => "gkr";

    public string Description => "GKR prover vs plain evaluation (data-parallel and random wiring, 2^20 gates), doubling, 256³ matmul layer, proof size, verifier time.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        SumcheckOptions single = SumcheckOptions.SingleThreaded;
        var metrics = new List<BenchMetric>();

        log.WriteLine("data-parallel: 4 layers × 2^8 copies × 2^10-gate blocks...");
        LayeredCircuit dataParallel = SampleCircuits.DataParallel(1, Depth, 8, 10);
        (double dpEval, double dpProve) = EvaluateAndProve(dataParallel, single);
        metrics.Add(new("eval_ms_dataparallel", dpEval / 1e6, "ms", "evaluate, data-parallel circuit, 2^20 gates, 1 thread"));
        metrics.Add(new("prove_ms_dataparallel", dpProve / 1e6, "ms", "prove (incl. evaluation), data-parallel, 2^20 gates, 1 thread"));
        metrics.Add(new("ratio_prover_vs_eval_dataparallel", dpProve / dpEval, "x", "prover / evaluation, data-parallel 2^20 gates (goal ≤ 10)"));

        log.WriteLine("random wiring: 4 layers × 2^16, 2^17, 2^18 gates...");
        var random = new Dictionary<int, (double Eval, double Prove)>();
        foreach (int widthLog in new[] { 16, 17, 18 })
        {
            random[widthLog] = EvaluateAndProve(SampleCircuits.RandomWiring(widthLog, Depth, widthLog), single);
            int total = widthLog + 2;
            metrics.Add(new($"eval_ms_random_2_{total}", random[widthLog].Eval / 1e6, "ms", $"evaluate, random wiring, 2^{total} gates, 1 thread"));
            metrics.Add(new($"prove_ms_random_2_{total}", random[widthLog].Prove / 1e6, "ms", $"prove (incl. evaluation), random wiring, 2^{total} gates, 1 thread"));
            metrics.Add(new($"ratio_prover_vs_eval_random_2_{total}", random[widthLog].Prove / random[widthLog].Eval, "x", $"prover / evaluation, random wiring 2^{total} gates (goal ≤ 25)"));
        }

        metrics.Add(new("ratio_prover_vs_eval_random", random[18].Prove / random[18].Eval, "x", "prover / evaluation, random wiring 2^20 gates (goal ≤ 25)"));

        log.WriteLine("doubling: 2^19 vs 2^20 gates, interleaved...");
        LayeredCircuit half = SampleCircuits.RandomWiring(17, Depth, 17), full = SampleCircuits.RandomWiring(18, Depth, 18);
        Goldilocks[] halfInput = SampleCircuits.RandomValues(7, half.InputWidth), fullInput = SampleCircuits.RandomValues(7, full.InputWidth);
        (double halfProve, double fullProve) = Interleaved(() => GkrProver.Prove(half, halfInput, single), () => GkrProver.Prove(full, fullInput, single), samples: 7);
        (double halfEval, double fullEval) = Interleaved(() => half.Evaluate(halfInput, single), () => full.Evaluate(fullInput, single), samples: 7);
        metrics.Add(new("growth_doubling_gates", fullProve / halfProve, "x", "prove time 2^20 gates / 2^19 gates, random wiring, interleaved runs (goal ≤ 2.3)"));
        metrics.Add(new("growth_doubling_eval", fullEval / halfEval, "x", "the same for plain evaluation: the memory hierarchy's own growth (layers of 2 → 4 MiB tables)"));

        log.WriteLine("proof size and verifier, random wiring 2^20 gates...");
        LayeredCircuit big = SampleCircuits.RandomWiring(18, Depth, 18);
        GkrProverResult result = GkrProver.Prove(big, SampleCircuits.RandomValues(1, big.InputWidth), single);
        byte[] proof = GkrProofEncoding.Encode(result.Proof);
        double verify = Timing.MedianNanoseconds(() => GkrVerifier.Verify(result.Statement, proof), samples: 5, warmup: 1);
        metrics.Add(new("proof_kb", proof.Length / 1024.0, "KiB", "proof size, random wiring 2^20 gates (4 layers of 2^18)"));
        metrics.Add(new("verify_ms", verify / 1e6, "ms", "verify (decode + all layers + input extension), random wiring 2^20 gates, 1 thread"));
        metrics.Add(new("soundness_bits", GkrSoundness.Bits(big), "bits", "−log2 of the soundness error bound, random wiring 2^20 gates"));

        log.WriteLine("matrix product 256×256·256×256...");
        LayeredCircuit product = new CircuitBuilder(2 * 256 * 256).AddMatMul(new MatrixSlice(0, 256, 256), new MatrixSlice(256 * 256, 256, 256)).Build();
        Goldilocks[] input = SampleCircuits.RandomValues(3, product.InputWidth);
        var c = new Goldilocks[256 * 256];
        (double plain, double matmulProve) = Interleaved(
            () => MatMulLayer.Multiply(input.AsSpan(0, 65536), input.AsSpan(65536), c, 256, 256, 256, single), () => GkrProver.Prove(product, input, single), samples: 7);
        GkrProverResult matmul = GkrProver.Prove(product, input, single);
        double matmulVerify = Timing.MedianNanoseconds(() => GkrVerifier.Verify(matmul.Statement, matmul.Proof), samples: 5, warmup: 1);
        metrics.Add(new("matmul_plain_ms", plain / 1e6, "ms", "plain 256×256·256×256 product, packed inner products, 1 thread"));
        metrics.Add(new("matmul_prove_ms", matmulProve / 1e6, "ms", "prove the matmul layer (incl. computing C), 1 thread"));
        metrics.Add(new("ratio_prover_vs_matmul", matmulProve / plain, "x", "matmul prover (incl. product) / plain product (goal ≤ 2)"));
        metrics.Add(new("matmul_reduction_ms", (matmulProve - plain) / 1e6, "ms", "matmul prover minus the plain product: the proof's own cost"));
        metrics.Add(new("matmul_verify_ms", matmulVerify / 1e6, "ms", "verify the matmul circuit (dominated by the 2^17-value input extension)"));
        return metrics;
    }

    private static (double Eval, double Prove) EvaluateAndProve(LayeredCircuit circuit, SumcheckOptions options)
    {
        Goldilocks[] input = SampleCircuits.RandomValues(7, circuit.InputWidth);
        return Interleaved(() => circuit.Evaluate(input, options), () => GkrProver.Prove(circuit, input, options), samples: 5);
    }

    /// <summary>
    /// Medians (ns) of <paramref name="first"/> and <paramref name="second"/> timed alternately, so that load
    /// from other processes on a shared machine falls on both sides of a ratio alike.
    /// </summary>
    private static (double First, double Second) Interleaved(Action first, Action second, int samples)
    {
        first();
        second();
        var a = new double[samples];
        var b = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            first();
            a[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds;
            start = System.Diagnostics.Stopwatch.GetTimestamp();
            second();
            b[i] = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        Array.Sort(a);
        Array.Sort(b);
        return (a[samples / 2], b[samples / 2]);
    }
}
