using BenchmarkDotNet.Attributes;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Benchmarks;

/// <summary>
/// The product sumcheck Σ f·g (Goldilocks tables, GoldilocksExt2 challenges) against its honest floor,
/// the packed inner product of the same tables (the baseline: BenchmarkDotNet's Ratio column is the
/// prover ÷ plain ratio of <c>gkr bench sumcheck</c>). Single-threaded; 2^16 keeps both tables in L2,
/// so that row is the compute-bound ratio, while at 2^20 the plain side streams 16 MiB from the L3.
/// </summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/Gkr.Benchmarks -- --filter '*SumcheckBenchmarks*'</c></remarks>
[MemoryDiagnoser]
public class SumcheckBenchmarks
{
    private Goldilocks[] f = [], g = [];
    private SumcheckStatement<GoldilocksExt2>? statement;

    [Params(16, 20)]
    public int Variables { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var source = new RandomSource(20);
        f = RandomTables.Base(1 << Variables, ref source);
        g = RandomTables.Base(1 << Variables, ref source);

        statement = new SumcheckStatement<GoldilocksExt2>(
            Variables, Composition<GoldilocksExt2>.Product(2), GoldilocksExt2.FromBase(GoldilocksKernels.InnerProduct(f, g)));
    }

    [Benchmark(Baseline = true)]
    public Goldilocks PlainInnerProduct() => GoldilocksKernels.InnerProduct(f, g);

    [Benchmark]
    public SumcheckProof<GoldilocksExt2> Prove() =>
        SumcheckProver.Prove(statement!, [f, g], new Transcript("gkr/bench/sumcheck"), SumcheckOptions.SingleThreaded).Proof;
}

/// <summary>Random benchmark inputs.</summary>
internal static class RandomTables
{
    /// <summary>A table of <paramref name="length"/> uniform Goldilocks elements drawn from <paramref name="source"/>.</summary>
    public static Goldilocks[] Base(int length, ref RandomSource source)
    {
        var table = new Goldilocks[length];
        for (int i = 0; i < length; i++)
        {
            table[i] = Goldilocks.Sample(ref source);
        }

        return table;
    }
}
