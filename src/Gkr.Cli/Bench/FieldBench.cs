using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Field.Simd;

namespace Gkr.Cli.Bench;

/// <summary><c>gkr bench field</c>: packed vs scalar multiplication, inner product, NTT of 2^20.</summary>
internal sealed class FieldBench : IBenchSuite
{
    // 4096 elements: three arrays take 96 KiB, resident in L2 (and mostly L1) on current x86 cores.
    private const int Length = 4096;
    private const int Repeats = 64;

    public string Name => "field";

    public string Description => "Goldilocks kernels: multiply (scalar vs packed), inner product, NTT 2^20.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        var source = new RandomSource(1);
        Goldilocks[] x = RandomVector(Length, ref source);
        Goldilocks[] y = RandomVector(Length, ref source);
        var destination = new Goldilocks[Length];
        SimdTier packed = SimdSupport.Active;
        double perElement = (double)Length * Repeats;

        log.WriteLine("measuring multiply...");
        double mulScalar = Timing.MedianNanoseconds(() => Repeat(() => GoldilocksKernels.Multiply(x, y, destination, SimdTier.Scalar))) / perElement;
        double mulPacked = Timing.MedianNanoseconds(() => Repeat(() => GoldilocksKernels.Multiply(x, y, destination, packed))) / perElement;
        double addPacked = Timing.MedianNanoseconds(() => Repeat(() => GoldilocksKernels.Add(x, y, destination, packed))) / perElement;

        log.WriteLine("measuring inner product...");
        Goldilocks sink = Goldilocks.Zero;
        double ipPacked = Timing.MedianNanoseconds(() => Repeat(() => sink += GoldilocksKernels.InnerProduct(x, y, packed))) / perElement;
        double ipScalar = Timing.MedianNanoseconds(() => Repeat(() => sink += GoldilocksKernels.InnerProduct(x, y, SimdTier.Scalar))) / perElement;

        log.WriteLine("measuring NTT 2^20...");
        Goldilocks[] coefficients = RandomVector(1 << 20, ref source);
        var work = new Goldilocks[1 << 20];
        double ntt = Timing.MedianNanoseconds(
            () =>
            {
                coefficients.CopyTo(work, 0);
                Ntt.Forward(work, packed);
            },
            samples: 9,
            warmup: 2) / 1e6;
        double nttSingle = Timing.MedianNanoseconds(
            () =>
            {
                coefficients.CopyTo(work, 0);
                Ntt.Forward(work, packed, allowParallel: false);
            },
            samples: 9,
            warmup: 2) / 1e6;
        GC.KeepAlive(sink);

        return
        [
            new("mul_ns_scalar", mulScalar, "ns", "multiply, scalar path, per element"),
            new("mul_ns_packed", mulPacked, "ns", $"multiply, {packed} path, per element"),
            new("packed_speedup", mulScalar / mulPacked, "x", "scalar time / packed time"),
            new("add_ns_packed", addPacked, "ns", $"add, {packed} path, per element"),
            new("inner_product_ns", ipPacked, "ns", $"inner product, {packed} path, per element"),
            new("inner_product_ns_scalar", ipScalar, "ns", "inner product, scalar path, per element"),
            new("ntt_2_20_ms", ntt, "ms", $"forward NTT of 2^20 elements, all {Environment.ProcessorCount} cores (includes an 8 MiB copy)"),
            new("ntt_2_20_ms_1thread", nttSingle, "ms", "forward NTT of 2^20 elements, one thread (includes an 8 MiB copy)"),
        ];
    }

    private static void Repeat(Action action)
    {
        for (int i = 0; i < Repeats; i++)
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
