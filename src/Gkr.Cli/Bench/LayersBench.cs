using Gkr.Field;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Reference;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench layers</c>: each quantized layer's prover (its own evaluation, the witness commitment and the
/// lookups included, one thread) against the integer reference of the same layer, timed in alternating pairs in
/// one run; verify time and proof size beside. Public weights (the committed-weight opening is the model's, once
/// per proof, not the layer's).
/// </summary>
internal sealed class LayersBench : IBenchSuite
{
    private const int Samples = 5;

    public string Name => "layers";

    public string Description => "Quantized layers (dense 1024→1024 batch 16, requantize+ReLU 2^20 (31-bit odd multiplier, reduced form: 3 remainder limbs), 2×2 max-pool 64×32×32, conv 3×3 64→64 32×32 pad 1): prover ÷ integer reference, one thread.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        NeuralLayerKinds.EnsureRegistered();
        var metrics = new List<BenchMetric>();
        Dense(log, metrics);
        RequantizeRelu(log, metrics);
        MaxPool(log, metrics);
        Conv(log, metrics);
        return metrics;
    }

    private static Goldilocks[] Field(IEnumerable<long> values) => [.. values.Select(Goldilocks.FromInt64)];

    private static void Measure(TextWriter log, List<BenchMetric> metrics, string key, GraphCircuit circuit, Goldilocks[] input, GraphModel model, Action reference)
    {
        GraphProverResult result = null!;
        (double referenceNs, double proveNs, double ratio) = Timing.PairedMedians(reference, () => result = GraphProver.Prove(circuit, input, model, SumcheckOptions.SingleThreaded), Samples, warmup: 1);
        byte[] proof = GraphProofEncoding.Encode(result.Proof);
        double verifyNs = Timing.MedianNanoseconds(() => GraphVerifier.Verify(result.Statement, proof), samples: 5, warmup: 1);
        log.WriteLine($"{key}: prove {proveNs / 1e6:F1} ms, reference {referenceNs / 1e6:F2} ms, ratio {ratio:F1}, verify {verifyNs / 1e6:F1} ms, proof {proof.Length / 1024.0:F1} KiB");
        metrics.Add(new($"{key}_ratio", ratio, "x", "prover ÷ integer reference (median of paired runs)"));
        metrics.Add(new($"{key}_prove_ms", proveNs / 1e6, "ms", "prover, one thread"));
        metrics.Add(new($"{key}_reference_ms", referenceNs / 1e6, "ms", "integer reference of the layer"));
        metrics.Add(new($"{key}_verify_ms", verifyNs / 1e6, "ms", "verifier"));
        metrics.Add(new($"{key}_proof_kb", proof.Length / 1024.0, "KiB", "proof bytes"));
    }

    private static void Dense(TextWriter log, List<BenchMetric> metrics)
    {
        const int batch = 16, n = 1024;
        var rng = new Random(1);
        sbyte[] w = [.. Enumerable.Range(0, n * n).Select(_ => (sbyte)rng.Next(-127, 128))];
        int[] bias = [.. Enumerable.Range(0, n).Select(_ => rng.Next(-1000, 1000))];
        int[] x = [.. Enumerable.Range(0, batch * n).Select(_ => rng.Next(-128, 128))];
        var model = new QuantizedModel(TensorShape.Flat(n), QuantizedType.Int8, 0, [new Dense(new QuantizedTensor(new TensorShape(n, n), w), bias, 0)]);

        var b = new GraphCircuitBuilder(batch * n);
        PolynomialRef wt = b.AddTable("weights", 20), bt = b.AddTable("bias", 10);
        b.AddLayer(new DenseLayer(PolynomialRef.Input, wt, bt, 4, 10, 10));
        GraphCircuit circuit = b.Build();
        GraphModel tables = GraphModel.Public(circuit, [Field(w.Select(v => (long)v)), Field(bias.Select(v => (long)v))]);
        Measure(log, metrics, "dense", circuit, Field(x.Select(v => (long)v)), tables, () => ReferenceInference.Run(model, x, batch));
    }

    private static void RequantizeRelu(TextWriter log, List<BenchMetric> metrics)
    {
        const int vars = 20;
        var rng = new Random(2);
        long[] acc = [.. Enumerable.Range(0, 1 << vars).Select(_ => (long)rng.Next(-1 << 20, 1 << 20))];
        // A full-precision odd multiplier as TFLite writes one (M ≈ 2^31/√2, ×0.707·2^−10: accumulators of ±2^20 requantize
        // into ±724), in the reduced form the model compiler emits (ReducedMultiplier, ReducedShift): an odd M has no
        // factor to cancel, so S' = 41 and the remainder takes three limbs (16 + 16 + 9 bits).
        var scale = new ChannelScale(0x5A82_7999, 10);
        var requantization = Requantization.PerTensor(scale, RoundingMode.RoundHalfUp, QuantizedType.Int8, 0);
        var b = new GraphCircuitBuilder(1 << vars);
        PolynomialRef u = RequantizeLayer.Add(b, PolynomialRef.Input, vars, scale.ReducedMultiplier, null, 0, 0, scale.ReducedShift, 0);
        b.AddClamp(u, 11, 0, 127);
        GraphCircuit circuit = b.Build();
        var output = new int[acc.Length];
        Measure(log, metrics, "requant_relu", circuit, Field(acc), GraphModel.Public(circuit, []), () =>
        {
            for (int i = 0; i < acc.Length; i++)
            {
                output[i] = Math.Max(0, requantization.Apply(acc[i], 0));
            }
        });
    }

    private static void MaxPool(TextWriter log, List<BenchMetric> metrics)
    {
        var rng = new Random(3);
        int[] x = [.. Enumerable.Range(0, 64 * 32 * 32).Select(_ => rng.Next(-128, 128))];
        var model = new QuantizedModel(TensorShape.Chw(64, 32, 32), QuantizedType.Int8, 0, [new MaxPool2d(2)]);
        var b = new GraphCircuitBuilder(x.Length);
        MaxPoolLayer.Add(b, PolynomialRef.Input, 6, 4, 4, 9);
        GraphCircuit circuit = b.Build();
        Measure(log, metrics, "maxpool", circuit, Field(x.Select(v => (long)v)), GraphModel.Public(circuit, []), () => ReferenceInference.Run(model, x, 1));
    }

    private static void Conv(TextWriter log, List<BenchMetric> metrics)
    {
        const int channels = 64, size = 32, k = 3;
        var rng = new Random(4);
        sbyte[] w = [.. Enumerable.Range(0, channels * channels * k * k).Select(_ => (sbyte)rng.Next(-127, 128))];
        int[] bias = [.. Enumerable.Range(0, channels).Select(_ => rng.Next(-1000, 1000))];
        int[] x = [.. Enumerable.Range(0, channels * size * size).Select(_ => rng.Next(-128, 128))];
        var model = new QuantizedModel(TensorShape.Chw(channels, size, size), QuantizedType.Int8, 0, [new Conv2d(new QuantizedTensor(new TensorShape(channels, channels, k, k), w), bias, 0, 1, 1)]);

        // The weights table is [o][c][u][v] with the 3×3 kernel padded to 4×4.
        var geometry = new WindowGeometry(0, channels, size, size, k, k, 1, 1, 1, 1);
        var table = new long[channels * channels * 16];
        for (int i = 0; i < w.Length; i++)
        {
            table[((i / (k * k)) * 16) + (((i % (k * k)) / k) * 4) + (i % k)] = w[i];
        }

        var b = new GraphCircuitBuilder(x.Length);
        PolynomialRef wt = b.AddTable("weights", 16), bt = b.AddTable("bias", 6);
        b.AddLayer(new Conv2dLayer(PolynomialRef.Input, wt, bt, geometry, channels));
        GraphCircuit circuit = b.Build();
        GraphModel tables = GraphModel.Public(circuit, [Field(table), Field(bias.Select(v => (long)v))]);
        Measure(log, metrics, "conv", circuit, Field(x.Select(v => (long)v)), tables, () => ReferenceInference.Run(model, x, 1));
    }
}
