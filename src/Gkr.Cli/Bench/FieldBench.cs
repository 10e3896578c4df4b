using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Field.Simd;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench field</c>: packed vs scalar multiplication, inner product, NTT of 2^20; on AVX-512
/// hardware also every kernel's AVX-512 form against its AVX2 form, timed in alternation.
/// </summary>
internal sealed class FieldBench : IBenchSuite
{
    // 4096 elements: three arrays take 96 KiB, resident in L2 (and mostly L1) on current x86 cores.
    private const int Length = 4096;
    private const int Repeats = 64;
    private const int NttTierLogSize = 16;

    public string Name => "field";

    public string Description => "Goldilocks kernels: multiply (scalar vs packed), inner product, NTT 2^20; on AVX-512 hardware each kernel's AVX-512 vs AVX2 form.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        var source = new RandomSource(1);
        Goldilocks[] x = RandomVector(Length, ref source);
        Goldilocks[] y = RandomVector(Length, ref source);
        var destination = new Goldilocks[Length];
        SimdTier mulTier = SimdSupport.TierFor(SimdKernel.Multiply);
        SimdTier addTier = SimdSupport.TierFor(SimdKernel.Add);
        SimdTier ipTier = SimdSupport.TierFor(SimdKernel.InnerProduct);
        SimdTier nttTier = SimdSupport.TierFor(SimdKernel.Ntt);
        double perElement = (double)Length * Repeats;

        log.WriteLine("measuring multiply...");
        double mulScalar = Timing.MedianNanoseconds(() => Repeat(() => GoldilocksKernels.Multiply(x, y, destination, SimdTier.Scalar))) / perElement;
        double mulPacked = Timing.MedianNanoseconds(() => Repeat(() => GoldilocksKernels.Multiply(x, y, destination, mulTier))) / perElement;
        double addPacked = Timing.MedianNanoseconds(() => Repeat(() => GoldilocksKernels.Add(x, y, destination, addTier))) / perElement;

        log.WriteLine("measuring inner product...");
        Goldilocks sink = Goldilocks.Zero;
        double ipPacked = Timing.MedianNanoseconds(() => Repeat(() => sink += GoldilocksKernels.InnerProduct(x, y, ipTier))) / perElement;
        double ipScalar = Timing.MedianNanoseconds(() => Repeat(() => sink += GoldilocksKernels.InnerProduct(x, y, SimdTier.Scalar))) / perElement;

        log.WriteLine("measuring NTT 2^20...");
        Goldilocks[] coefficients = RandomVector(1 << 20, ref source);
        var work = new Goldilocks[1 << 20];
        double ntt = Timing.MedianNanoseconds(
            () =>
            {
                coefficients.CopyTo(work, 0);
                Ntt.Forward(work, nttTier);
            },
            samples: 9,
            warmup: 2) / 1e6;
        double nttSingle = Timing.MedianNanoseconds(
            () =>
            {
                coefficients.CopyTo(work, 0);
                Ntt.Forward(work, nttTier, allowParallel: false);
            },
            samples: 9,
            warmup: 2) / 1e6;
        GC.KeepAlive(sink);

        var metrics = new List<BenchMetric>
        {
            new("mul_ns_scalar", mulScalar, "ns", "multiply, scalar path, per element"),
            new("mul_ns_packed", mulPacked, "ns", $"multiply, {mulTier} path, per element"),
            new("packed_speedup", mulScalar / mulPacked, "x", "scalar time / packed time"),
            new("add_ns_packed", addPacked, "ns", $"add, {addTier} path, per element"),
            new("inner_product_ns", ipPacked, "ns", $"inner product, {ipTier} path, per element"),
            new("inner_product_ns_scalar", ipScalar, "ns", "inner product, scalar path, per element"),
            new("ntt_2_20_ms", ntt, "ms", $"forward NTT of 2^20 elements, {nttTier}, all {Environment.ProcessorCount} cores (includes an 8 MiB copy)"),
            new("ntt_2_20_ms_1thread", nttSingle, "ms", $"forward NTT of 2^20 elements, {nttTier}, one thread (includes an 8 MiB copy)"),
        };
        if (SimdSupport.IsAccelerated(SimdTier.Avx512))
        {
            log.WriteLine("measuring each kernel on AVX-512 against AVX2 (alternating)...");
            metrics.AddRange(CompareTiers(x, y, ref source));
        }

        return metrics;
    }

    /// <summary>
    /// For every <see cref="SimdKernel"/>: per-element time of its AVX2 and AVX-512 forms, timed in
    /// alternation (<see cref="Timing.PairedMedians"/>), and the median ratio AVX-512 ÷ AVX2 over the
    /// pairs (below 1: the AVX-512 form is faster). These figures are the evidence behind the
    /// per-kernel choice in <see cref="SimdSupport.TierFor"/>.
    /// </summary>
    private static IEnumerable<BenchMetric> CompareTiers(Goldilocks[] x, Goldilocks[] y, ref RandomSource source)
    {
        Goldilocks[] z = RandomVector(Length, ref source);
        Goldilocks s = Goldilocks.Sample(ref source);
        var r = new GoldilocksExt2(Goldilocks.Sample(ref source), Goldilocks.Sample(ref source));
        GoldilocksExt2[] lowExt = [.. x.Take(Length / 2).Zip(y, (a, b) => new GoldilocksExt2(a, b))];
        GoldilocksExt2[] highExt = [.. y.Take(Length / 2).Zip(z, (a, b) => new GoldilocksExt2(a, b))];
        var destination = new Goldilocks[Length];
        var destinationExt = new GoldilocksExt2[Length];
        Goldilocks[] nttInput = RandomVector(1 << NttTierLogSize, ref source);
        var nttWork = new Goldilocks[1 << NttTierLogSize];
        Goldilocks sink = Goldilocks.Zero;

        // (kernel, elements processed per call, one call on the given tier)
        (SimdKernel Kernel, double Elements, Action<SimdTier> Call)[] kernels =
        [
            (SimdKernel.Add, Length, t => GoldilocksKernels.Add(x, y, destination, t)),
            (SimdKernel.Subtract, Length, t => GoldilocksKernels.Subtract(x, y, destination, t)),
            (SimdKernel.Multiply, Length, t => GoldilocksKernels.Multiply(x, y, destination, t)),
            (SimdKernel.Scale, Length, t => GoldilocksKernels.Scale(x, s, destination, t)),
            (SimdKernel.MultiplyAdd, Length, t => GoldilocksKernels.MultiplyAdd(x, y, z, destination, t)),
            (SimdKernel.ScaleAdd, Length, t => GoldilocksKernels.ScaleAdd(x, s, z, destination, t)),
            (SimdKernel.Fold, Length, t => GoldilocksKernels.Fold(x, y, s, destination, t)),
            (SimdKernel.FoldToExtension, Length, t => GoldilocksKernels.Fold(x, y, r, destinationExt, t)),
            (SimdKernel.FoldExtension, Length, t => GoldilocksKernels.Fold(lowExt, highExt, r, destinationExt, t)), // Length/2 elements = Length words
            (SimdKernel.Sum, Length, t => sink += GoldilocksKernels.Sum(x, t)),
            (SimdKernel.InnerProduct, Length, t => sink += GoldilocksKernels.InnerProduct(x, y, t)),
            (SimdKernel.Ntt, 1 << NttTierLogSize, t =>
            {
                nttInput.CopyTo(nttWork, 0);
                Ntt.Forward(nttWork, t, allowParallel: false);
            }),
        ];

        var metrics = new List<BenchMetric>();
        foreach ((SimdKernel kernel, double elements, Action<SimdTier> call) in kernels)
        {
            int repeats = kernel == SimdKernel.Ntt ? 1 : Repeats;
            (double avx2, double avx512, double ratio) = Timing.PairedMedians(
                () => Repeat(() => call(SimdTier.Avx2), repeats), () => Repeat(() => call(SimdTier.Avx512), repeats), samples: 21, warmup: 3);
            string key = SimdSupport.Key(kernel);
            string unit = kernel == SimdKernel.Ntt ? $"per element of a 2^{NttTierLogSize} forward NTT, one thread" : "per element";
            metrics.Add(new($"{key}_ns_avx2", avx2 / (elements * repeats), "ns", $"{kernel}, Avx2 form, {unit}"));
            metrics.Add(new($"{key}_ns_avx512", avx512 / (elements * repeats), "ns", $"{kernel}, Avx512 form, {unit}"));
            metrics.Add(new($"{key}_avx512_over_avx2", ratio, "x", $"{kernel}: median over alternating pairs of Avx512 time / Avx2 time (now uses {SimdSupport.TierFor(kernel)})"));
        }

        GC.KeepAlive(sink);
        return metrics;
    }

    private static void Repeat(Action action, int repeats = Repeats)
    {
        for (int i = 0; i < repeats; i++)
        {
            action();
        }
    }

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
