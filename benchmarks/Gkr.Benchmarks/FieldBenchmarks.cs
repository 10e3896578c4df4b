using BenchmarkDotNet.Attributes;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Field.Simd;

namespace Gkr.Benchmarks;

/// <summary>
/// Goldilocks kernels on L1/L2-resident data (4096 elements per operand, 32 KiB), each tier the
/// hardware runs natively, plus an uneven length to include tail handling. Per-element cost =
/// Mean / Length (BenchmarkDotNet's OperationsPerInvoke does that division).
/// </summary>
[MemoryDiagnoser]
public class FieldBenchmarks
{
    private Goldilocks[] x = [], y = [], destination = [];
    private GoldilocksExt2[] xe = [], ye = [], destinationExt = [];

    [Params(4096, 4099)]
    public int Length { get; set; }

    [ParamsSource(nameof(NativeTiers))]
    public SimdTier Tier { get; set; }

    public static IEnumerable<SimdTier> NativeTiers() => Enum.GetValues<SimdTier>().Where(SimdSupport.IsAccelerated);

    [GlobalSetup]
    public void Setup()
    {
        var source = new RandomSource(42);
        x = new Goldilocks[Length];
        y = new Goldilocks[Length];
        destination = new Goldilocks[Length];
        xe = new GoldilocksExt2[Length];
        ye = new GoldilocksExt2[Length];
        destinationExt = new GoldilocksExt2[Length];
        for (int i = 0; i < Length; i++)
        {
            x[i] = Goldilocks.Sample(ref source);
            y[i] = Goldilocks.Sample(ref source);
            xe[i] = GoldilocksExt2.Sample(ref source);
            ye[i] = GoldilocksExt2.Sample(ref source);
        }
    }

    [Benchmark]
    public void Multiply() => GoldilocksKernels.Multiply(x, y, destination, Tier);

    [Benchmark]
    public void Add() => GoldilocksKernels.Add(x, y, destination, Tier);

    [Benchmark]
    public Goldilocks InnerProduct() => GoldilocksKernels.InnerProduct(x, y, Tier);

    [Benchmark]
    public void FoldBase() => GoldilocksKernels.Fold(x, y, x[0], destination, Tier);

    [Benchmark]
    public void FoldExtension() => GoldilocksKernels.Fold(xe, ye, xe[0], destinationExt, Tier);
}

/// <summary>Forward NTT at 2^16 and 2^20 on the active tier.</summary>
public class NttBenchmarks
{
    private Goldilocks[] data = [];
    private Goldilocks[] work = [];

    [Params(16, 20)]
    public int LogSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var source = new RandomSource(7);
        data = RandomTables.Base(1 << LogSize, ref source);
        work = new Goldilocks[1 << LogSize];
    }

    [IterationSetup]
    public void Reset() => data.CopyTo(work, 0);

    [Benchmark]
    public void Forward() => Ntt.Forward(work);
}
