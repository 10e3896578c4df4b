using System.Diagnostics;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.NeuralLayers.Reference;
using Gkr.NeuralLayers.Zoo;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench models</c>: whole-model proofs of the zoo's synthetic networks (batch 1, weights committed once, one
/// thread): prove time (compile and weight commitment excluded: done once per model), verify time, proof size, the
/// integer reference inference in the same run, and the process's peak working set. LeNet-5 always; VGG-16 and
/// ResNet-18 when <c>GKR_BENCH_MODELS</c> names them (e.g. <c>GKR_BENCH_MODELS=vgg16,resnet18</c>): they take minutes.
/// </summary>
internal sealed class ModelsBench : IBenchSuite
{
    public string Name => "models";

    public string Description => "Whole models from the zoo (LeNet-5; VGG-16 and ResNet-18 with GKR_BENCH_MODELS=vgg16,resnet18): prove, verify, proof size, peak memory; batch 1, weights committed, one thread.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        var metrics = new List<BenchMetric>();
        string[] extra = (Environment.GetEnvironmentVariable("GKR_BENCH_MODELS") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (string name in new[] { "lenet5" }.Concat(extra.Where(n => n != "lenet5")))
        {
            Measure(log, metrics, name, ModelZoo.Create(name), samples: name == "lenet5" ? 5 : 1);
        }

        return metrics;
    }

    private static void Measure(TextWriter log, List<BenchMetric> metrics, string name, QuantizedModel model, int samples)
    {
        var setup = Stopwatch.StartNew();
        var prover = new ModelProver(model, batch: 1, commitWeights: true);
        var verifier = new ModelVerifier(model, 1, prover.WeightCommitment);
        double setupMs = setup.Elapsed.TotalMilliseconds;
        var rng = new Random(7);
        int[][] input = [[.. Enumerable.Range(0, model.Input.Shape.ElementCount).Select(_ => rng.Next(-128, 128))]];
        ModelProof proof = null!;
        double proveNs = Timing.MedianNanoseconds(() => proof = prover.Prove(input, SumcheckOptions.SingleThreaded), samples, warmup: samples > 1 ? 1 : 0);
        double verifyNs = Timing.MedianNanoseconds(() => verifier.Verify(proof.Statement, proof.ProofBytes.AsSpan()), Math.Max(3, samples), warmup: 1);
        double referenceNs = Timing.MedianNanoseconds(() => ReferenceInference.Run(model, input[0], 1), Math.Max(3, samples), warmup: 1);
        double peakMib = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        log.WriteLine($"{name}: prove {proveNs / 1e6:F1} ms, verify {verifyNs / 1e6:F1} ms, proof {proof.ProofBytes.Length / 1024.0:F1} KiB, reference {referenceNs / 1e6:F2} ms, setup {setupMs:F0} ms, peak {peakMib:F0} MiB");
        metrics.Add(new($"{name}_prove_ms", proveNs / 1e6, "ms", "prover, batch 1, weights committed, one thread (median)"));
        metrics.Add(new($"{name}_verify_ms", verifyNs / 1e6, "ms", "verifier (median)"));
        metrics.Add(new($"{name}_proof_kb", proof.ProofBytes.Length / 1024.0, "KiB", "proof bytes"));
        metrics.Add(new($"{name}_reference_ms", referenceNs / 1e6, "ms", "integer reference inference"));
        metrics.Add(new($"{name}_ratio_prove_vs_infer", proveNs / referenceNs, "x", "prove ÷ integer reference"));
        metrics.Add(new($"{name}_setup_ms", setupMs, "ms", "compile + weight commitment (once per model)"));
        metrics.Add(new($"{name}_peak_mib", peakMib, "MiB", "process peak working set so far"));
    }
}
