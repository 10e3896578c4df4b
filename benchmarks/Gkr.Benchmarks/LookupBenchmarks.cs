using BenchmarkDotNet.Attributes;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Lookups;

namespace Gkr.Benchmarks;

/// <summary>
/// LogUp-GKR for 2^Variables looked-up values in [0, 2^8) (one column) against the direct computation of
/// its two fraction sums with batch inversion (the baseline: the Ratio column is <c>gkr bench lookup</c>'s
/// <c>logup_ratio_2_20</c>). Both sides count the multiplicities; the prover side then builds the leaves
/// (m_t, α − t) and (1, α − a_i) and proves both fraction trees, the direct side inverts α − a_i and
/// α − t in place and adds up. Single thread; the witness commitment of m is not included.
/// </summary>
/// <remarks><c>dotnet run -c Release --project benchmarks/Gkr.Benchmarks -- --filter '*LookupBenchmarks*'</c></remarks>
[MemoryDiagnoser]
public class LookupBenchmarks
{
    private const int TableBits = 8;
    private Goldilocks[] values = [];
    private GoldilocksExt2 alpha;

    [Params(16, 20)]
    public int Variables { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Variables);
        values = new Goldilocks[1 << Variables];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Goldilocks.FromUInt64((ulong)random.Next(1 << TableBits));
        }

        alpha = new Transcript("gkr/bench/lookup").ChallengeField<GoldilocksExt2>(TranscriptLabels.LookupAlpha);
    }

    [Benchmark(Baseline = true)]
    public GoldilocksExt2 DirectSums()
    {
        ulong[] m = Count();
        GoldilocksExt2[] q = Denominators();
        BatchInversion.Invert(q, q);
        GoldilocksExt2 looked = GoldilocksExt2.Zero;
        foreach (GoldilocksExt2 inverse in q)
        {
            looked += inverse;
        }

        var rows = new GoldilocksExt2[m.Length];
        for (int t = 0; t < rows.Length; t++)
        {
            rows[t] = alpha - GoldilocksExt2.FromUInt64((ulong)t);
        }

        BatchInversion.Invert(rows, rows);
        for (int t = 0; t < rows.Length; t++)
        {
            looked -= rows[t] * Goldilocks.FromUInt64(m[t]);
        }

        return looked;
    }

    [Benchmark]
    public FractionTreeProof<GoldilocksExt2> Prove()
    {
        var transcript = new Transcript("gkr/bench/lookup");
        ulong[] m = Count();
        var numerators = new GoldilocksExt2[m.Length];
        var rows = new GoldilocksExt2[m.Length];
        for (int t = 0; t < m.Length; t++)
        {
            numerators[t] = GoldilocksExt2.FromUInt64(m[t]);
            rows[t] = alpha - GoldilocksExt2.FromUInt64((ulong)t);
        }

        FractionTree.Prove(numerators, rows, transcript);
        return FractionTree.Prove(null, Denominators(), transcript).Proof;
    }

    private ulong[] Count()
    {
        var counts = new ulong[1 << TableBits];
        foreach (Goldilocks x in values)
        {
            counts[x.Value]++;
        }

        return counts;
    }

    private GoldilocksExt2[] Denominators()
    {
        var q = new GoldilocksExt2[values.Length];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = alpha + (-values[i]);
        }

        return q;
    }
}
