using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Lookups;

namespace Gkr.Cli.Bench;

/// <summary>
/// <c>gkr bench lookup</c>: the LogUp-GKR prover for 2^20 looked-up values (one column) in a range table of
/// 2^8 and of 2^16 rows, against the direct computation of the same two fraction sums with batch inversion,
/// in the same run. Single thread (the fraction trees have no parallel path).
/// </summary>
/// <remarks>
/// <para>Prover side, the work of <c>LookupProver</c> without a graph circuit: α from a transcript, the
/// multiplicities m_t (counted with <see cref="LookupTable.TryIndexOf"/>, as the prover does), the leaves
/// (m_t, α − T_t) and (1, α − a_i) built as <c>LookupProver.Prove</c> builds them, and the two
/// <see cref="FractionTree.Prove{T}"/> calls. The witness commitment of m is excluded.</para>
/// <para>Direct side: the same multiplicity count, the denominators α − a_i and α − t, one
/// <see cref="BatchInversion"/> each, Σ_i 1/(α − a_i) and Σ_t m_t/(α − t). The count is included on both
/// sides, so the ratio is (count + trees) ÷ (count + inversions).</para>
/// <para>Verifier side: what <c>LookupVerifier.Verify</c> does for one column (both tree verifications,
/// the table leaf check q̃(z) = α − T̃(z), the column leaf numerator 1, and the root sum check).</para>
/// </remarks>
internal sealed class LookupBench : IBenchSuite
{
    private const int LookupVariables = 20;

    public string Name => "lookup";

    public string Description => "LogUp-GKR prover (multiplicities + table and column fraction trees, no commitment) vs direct batch-inversion sums, 2^20 lookups into 2^8 and 2^16 ranges; verifier time; proof size.";

    public IReadOnlyList<BenchMetric> Run(TextWriter log)
    {
        var metrics = new List<BenchMetric>();
        foreach ((int bits, string key) in new[] { (8, "2_20"), (16, "2_20_t16") })
        {
            log.WriteLine($"measuring 2^{LookupVariables} lookups into [0, 2^{bits})...");
            var workload = new LookupWorkload(new RangeTable(bits), LookupVariables, seed: bits);
            GoldilocksExt2 sink = GoldilocksExt2.Zero;
            void Direct() => sink += workload.DirectSums();

            // 20 warm-up pairs: in its first calls of a process, BatchInversion's fresh 16 MiB scratch array lands on
            // newly committed pages (a 2× slower direct side; with 8 pairs whole runs were bimodal).
            (double direct, double prove, double ratio) = Timing.PairedMedians(Direct, () => workload.Prove(), samples: 15, warmup: 20, prepareFirst: Direct);
            metrics.Add(new($"direct_ms_{key}", direct / 1e6, "ms", $"count + Σ 1/(α − a) + Σ m/(α − T) by batch inversion, 2^{LookupVariables} lookups, 2^{bits} rows (median)"));
            metrics.Add(new($"logup_prove_ms_{key}", prove / 1e6, "ms", "LogUp-GKR prover: count + table tree + column tree, 1 thread (median)"));
            metrics.Add(new($"logup_ratio_{key}", ratio, "x", "median over alternating pairs of prover / direct (goal ≤ 8)"));
            if (bits == 8)
            {
                LookupWorkload.Proofs proofs = workload.Prove();
                double verify = Timing.MedianNanoseconds(() => workload.Verify(proofs), 101, warmup: 20);
                metrics.Add(new($"logup_verify_ms_{key}", verify / 1e6, "ms", "LogUp-GKR verifier: both trees, leaf checks, root sum (median)"));
                metrics.Add(new($"logup_proof_kb_{key}", LookupWorkload.EncodedBytes(proofs) / 1024.0, "KiB", "lookup proof part in the graph proof's tree layout (16 B elements, 4 B counts)"));
            }

            GC.KeepAlive(sink);
        }

        return metrics;
    }
}

/// <summary>One column of seeded lookups into a table, and both ways of computing its LogUp sums.</summary>
internal sealed class LookupWorkload
{
    private const string ProtocolId = "gkr/bench/lookup";
    private readonly LookupTable _table;
    private readonly Goldilocks[] _values;

    // The leaf tables, refilled by every call on either side (the trees fold theirs in place): fresh
    // 16 MiB arrays per call cost page faults and zeroing that varied by 2× on the shared machine.
    private readonly GoldilocksExt2[] _leaves, _rows, _numerators;

    /// <summary>2^<paramref name="variables"/> values drawn uniformly from the table's rows.</summary>
    public LookupWorkload(LookupTable table, int variables, int seed)
    {
        _table = table;
        var random = new Random(seed);
        _values = new Goldilocks[1 << variables];
        for (int i = 0; i < _values.Length; i++)
        {
            _values[i] = table.Row(0, random.Next(1 << table.NumVariables));
        }

        _leaves = new GoldilocksExt2[_values.Length];
        _rows = new GoldilocksExt2[1 << table.NumVariables];
        _numerators = new GoldilocksExt2[_rows.Length];
    }

    /// <summary>The table and column tree proofs.</summary>
    public sealed record Proofs(FractionTreeProof<GoldilocksExt2> Table, FractionTreeProof<GoldilocksExt2> Column);

    /// <summary>The prover's work: α, m, both trees' leaves, both tree proofs.</summary>
    public Proofs Prove()
    {
        var transcript = new Transcript(ProtocolId);
        GoldilocksExt2 alpha = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.LookupAlpha);
        Goldilocks[] m = Multiplicities();
        for (int t = 0; t < m.Length; t++)
        {
            _numerators[t] = GoldilocksExt2.FromBase(m[t]);
        }

        FractionTreeProof<GoldilocksExt2> table = FractionTree.Prove(_numerators, Rows(alpha), transcript).Proof;
        return new Proofs(table, FractionTree.Prove(null, Leaves(alpha), transcript).Proof);
    }

    /// <summary>The verifier's work for one column (throws on rejection).</summary>
    public void Verify(Proofs proofs)
    {
        var transcript = new Transcript(ProtocolId);
        GoldilocksExt2 alpha = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.LookupAlpha);
        FractionLeafClaim<GoldilocksExt2> tableLeaf = FractionTree.Verify(_table.NumVariables, proofs.Table, transcript);
        FractionLeafClaim<GoldilocksExt2> columnLeaf = FractionTree.Verify(System.Numerics.BitOperations.Log2((uint)_values.Length), proofs.Column, transcript, tree: 1);
        if (tableLeaf.Denominator != alpha - _table.Evaluate(0, tableLeaf.Point.AsSpan()) || columnLeaf.Numerator != GoldilocksExt2.One)
        {
            throw new InvalidOperationException("The bench's lookup proof does not verify.");
        }

        LogUpSum.Check(proofs.Table, [proofs.Column]);
    }

    /// <summary>Σ_i 1/(α − a_i) − Σ_t m_t/(α − T_t) computed directly (zero for an honest column).</summary>
    public GoldilocksExt2 DirectSums()
    {
        GoldilocksExt2 alpha = new Transcript(ProtocolId).ChallengeField<GoldilocksExt2>(TranscriptLabels.LookupAlpha);
        Goldilocks[] m = Multiplicities();
        GoldilocksExt2[] q = Leaves(alpha);
        BatchInversion.Invert(q, q);
        GoldilocksExt2 looked = GoldilocksExt2.Zero;
        foreach (GoldilocksExt2 inverse in q)
        {
            looked += inverse;
        }

        GoldilocksExt2[] rows = Rows(alpha);
        BatchInversion.Invert(rows, rows);
        GoldilocksExt2 table = GoldilocksExt2.Zero;
        for (int t = 0; t < rows.Length; t++)
        {
            table += rows[t] * m[t];
        }

        return looked - table;
    }

    /// <summary>Bytes of the lookup proof part in <c>GraphProofEncoding</c>'s layout: table tree, column count, column tree, evaluation count.</summary>
    public static int EncodedBytes(Proofs proofs) => TreeBytes(proofs.Table) + 4 + TreeBytes(proofs.Column) + 4;

    // P, Q; per layer: round count and width (u32 each), the round values, p₀ p₁ q₀ q₁.
    private static int TreeBytes(FractionTreeProof<GoldilocksExt2> tree) =>
        (2 * 16) + tree.Layers.Sum(l => 8 + (16 * l.Sumcheck.RoundPolynomials.Sum(r => r.Length)) + (4 * 16));

    /// <summary>α − a_i, as <c>LookupProver</c> builds the column leaves.</summary>
    private GoldilocksExt2[] Leaves(GoldilocksExt2 alpha)
    {
        for (int i = 0; i < _leaves.Length; i++)
        {
            _leaves[i] = alpha + (-_values[i]);
        }

        return _leaves;
    }

    /// <summary>α − T_t.</summary>
    private GoldilocksExt2[] Rows(GoldilocksExt2 alpha)
    {
        for (int t = 0; t < _rows.Length; t++)
        {
            _rows[t] = alpha - GoldilocksExt2.FromBase(_table.Row(0, t));
        }

        return _rows;
    }

    private Goldilocks[] Multiplicities()
    {
        var counts = new ulong[1 << _table.NumVariables];
        foreach (Goldilocks x in _values)
        {
            if (!_table.TryIndexOf(x, Goldilocks.Zero, out int row))
            {
                throw new InvalidOperationException($"{x} is not a row of {_table}.");
            }

            counts[row]++;
        }

        return [.. counts.Select(Goldilocks.FromUInt64)];
    }
}
