using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// The prover's working state for one claim Σ_x g(f(x)): the factor tables with the first variables
/// already bound to challenges. Rounds bind variable 0 of the remaining tables (the high index bit).
/// </summary>
internal abstract class ClaimState<TExt> where TExt : unmanaged, IField<TExt>
{
    /// <summary>Variables not yet bound.</summary>
    public abstract int NumVariables { get; }

    /// <summary>
    /// Writes h(t) = Σ_{x'} g(f(t, x')) for t = 0..destination.Length − 1. <paramref name="claim"/> is this
    /// claim's running sum h_prev(r_prev) (the claimed sum in round 0); an implementation may use
    /// h(1) = claim − h(0) instead of computing h(1). The value is still sent, so the verifier's check
    /// h(0) + h(1) = claim stays meaningful: a false claim makes h differ from the true round polynomial
    /// and is caught at the next round.
    /// </summary>
    public abstract void RoundEvaluations(Span<TExt> destination, TExt claim);

    /// <summary>Binds the current first variable to <paramref name="r"/>.</summary>
    public abstract void Bind(TExt r);

    /// <summary>f_i(r) for every factor, once all variables are bound.</summary>
    public abstract TExt[] FactorEvaluations();

    /// <summary>Returns pooled working memory; the state must not be used afterwards. The default does nothing.</summary>
    public virtual void Release()
    {
    }
}

/// <summary>Chooses the state implementation: a Goldilocks fast path where one exists, else the generic one.</summary>
internal static class ClaimStates
{
    public static ClaimState<TExt> Create<TBase, TExt>(Composition<TExt> composition, IReadOnlyList<TBase[]> tables, int numVariables, SumcheckOptions options)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count != composition.FactorCount)
        {
            throw new ArgumentException($"The composition has {composition.FactorCount} factors, got {tables.Count} tables.", nameof(tables));
        }

        foreach (TBase[] table in tables)
        {
            if (table is null || table.Length != 1 << numVariables)
            {
                throw new ArgumentException($"Every table must have 2^{numVariables} entries.", nameof(tables));
            }
        }

        if (typeof(TBase) == typeof(Goldilocks) && typeof(TExt) == typeof(GoldilocksExt2) && composition.IsProductOfTwoDistinct && numVariables >= 2)
        {
            var f = (Goldilocks[])(object)tables[composition.Terms[0].Factors[0]];
            var g = (Goldilocks[])(object)tables[composition.Terms[0].Factors[1]];
            var fast = new GoldilocksProductState(f, g, numVariables, options);
            return (ClaimState<TExt>)(object)fast;
        }

        return new GenericClaimState<TBase, TExt>(composition, tables, numVariables, options);
    }
}

/// <summary>
/// Generic round computation for any sum-of-products composition (Thaler 2013, eprint 2013/351,
/// §3: linear-time prover by folding the tables after each round). Per hypercube pair the factor
/// lines f_i(t) = lo + t·(hi − lo) are stepped through t = 0..D and each term's product summed.
/// </summary>
internal sealed class GenericClaimState<TBase, TExt> : ClaimState<TExt>
    where TBase : unmanaged, IField<TBase>
    where TExt : unmanaged, IExtensionField<TExt, TBase>
{
    private readonly Composition<TExt> _composition;
    private readonly int[][] _terms;
    private readonly SumcheckOptions _options;
    private readonly IReadOnlyList<TBase[]> _baseTables; // caller's tables: read, never written
    private TExt[][]? _extTables;
    private int _numVariables;

    public GenericClaimState(Composition<TExt> composition, IReadOnlyList<TBase[]> tables, int numVariables, SumcheckOptions options)
    {
        _composition = composition;
        _terms = [.. composition.Terms.Select(t => t.Factors.ToArray())];
        _baseTables = tables;
        _numVariables = numVariables;
        _options = options;
    }

    public override int NumVariables => _numVariables;

    public override void RoundEvaluations(Span<TExt> destination, TExt claim)
    {
        int points = destination.Length;
        int half = 1 << (_numVariables - 1);
        TExt[] sums = _extTables is null
            ? [.. RoundSums([.. _baseTables], half, points).Select(TExt.FromBase)]
            : RoundSums(_extTables, half, points);
        destination.Clear();
        for (int term = 0; term < _terms.Length; term++)
        {
            TExt coefficient = _composition.Terms[term].Coefficient;
            for (int t = 0; t < points; t++)
            {
                destination[t] += coefficient * sums[(term * points) + t];
            }
        }
    }

    public override void Bind(TExt r)
    {
        int half = 1 << (_numVariables - 1);
        if (_extTables is null)
        {
            var ext = new TExt[_baseTables.Count][];
            for (int j = 0; j < ext.Length; j++)
            {
                TBase[] source = _baseTables[j];
                TExt[] destination = GC.AllocateUninitializedArray<TExt>(half);
                ParallelRanges.Run(half, _options, (_, from, to) => Folds.BaseToExtension<TBase, TExt>(
                    source.AsSpan(from, to - from), source.AsSpan(half + from, to - from), r, destination.AsSpan(from, to - from)));
                ext[j] = destination;
            }

            _extTables = ext;
        }
        else
        {
            foreach (TExt[] table in _extTables)
            {
                ParallelRanges.Run(half, _options, (_, from, to) => Folds.Extension(
                    table.AsSpan(from, to - from), table.AsSpan(half + from, to - from), r, table.AsSpan(from, to - from)));
            }
        }

        _numVariables--;
    }

    public override TExt[] FactorEvaluations()
    {
        if (_numVariables != 0)
        {
            throw new InvalidOperationException("Not every variable is bound yet.");
        }

        return _extTables is null
            ? [.. _baseTables.Select(t => TExt.FromBase(t[0]))]
            : [.. _extTables.Select(t => t[0])];
    }

    /// <summary>sums[term·points + t] = Σ_{i &lt; half} Π_{f ∈ term} f_line_i(t).</summary>
    private T[] RoundSums<T>(T[][] tables, int half, int points) where T : unmanaged, IField<T>
    {
        int[][] terms = _terms;
        return ParallelRanges.Sum<T>(half, terms.Length * points, _options, (from, to, sums) =>
        {
            int k = tables.Length;
            Span<T> line = k * points <= 256 ? stackalloc T[k * points] : new T[k * points];
            for (int i = from; i < to; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    T low = tables[j][i];
                    T step = tables[j][i + half] - low;
                    int offset = j * points;
                    line[offset] = low;
                    for (int t = 1; t < points; t++)
                    {
                        low += step;
                        line[offset + t] = low;
                    }
                }

                for (int term = 0; term < terms.Length; term++)
                {
                    int[] factors = terms[term];
                    for (int t = 0; t < points; t++)
                    {
                        T product = line[(factors[0] * points) + t];
                        for (int m = 1; m < factors.Length; m++)
                        {
                            product *= line[(factors[m] * points) + t];
                        }

                        sums[(term * points) + t] += product;
                    }
                }
            }
        });
    }
}

/// <summary>Fold helpers that use the packed Goldilocks kernels when the types allow.</summary>
internal static class Folds
{
    /// <summary>destination[i] = low[i] + r·(high[i] − low[i]), base halves into the extension.</summary>
    public static void BaseToExtension<TBase, TExt>(ReadOnlySpan<TBase> low, ReadOnlySpan<TBase> high, TExt r, Span<TExt> destination)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        if (typeof(TBase) == typeof(Goldilocks) && typeof(TExt) == typeof(GoldilocksExt2))
        {
            GoldilocksKernels.Fold(
                MemoryMarshal.Cast<TBase, Goldilocks>(low),
                MemoryMarshal.Cast<TBase, Goldilocks>(high),
                (GoldilocksExt2)(object)r,
                MemoryMarshal.Cast<TExt, GoldilocksExt2>(destination));
            return;
        }

        Multilinear.FoldInto(low, high, r, destination);
    }

    /// <summary>destination[i] = low[i] + r·(high[i] − low[i]); destination may be low itself.</summary>
    public static void Extension<TExt>(ReadOnlySpan<TExt> low, ReadOnlySpan<TExt> high, TExt r, Span<TExt> destination)
        where TExt : unmanaged, IField<TExt>
    {
        if (typeof(TExt) == typeof(GoldilocksExt2))
        {
            GoldilocksKernels.Fold(
                MemoryMarshal.Cast<TExt, GoldilocksExt2>(low),
                MemoryMarshal.Cast<TExt, GoldilocksExt2>(high),
                (GoldilocksExt2)(object)r,
                MemoryMarshal.Cast<TExt, GoldilocksExt2>(destination));
            return;
        }

        if (typeof(TExt) == typeof(Goldilocks))
        {
            GoldilocksKernels.Fold(
                MemoryMarshal.Cast<TExt, Goldilocks>(low),
                MemoryMarshal.Cast<TExt, Goldilocks>(high),
                (Goldilocks)(object)r,
                MemoryMarshal.Cast<TExt, Goldilocks>(destination));
            return;
        }

        Multilinear.Fold(low, high, r, destination);
    }
}

/// <summary>Splits a range into contiguous chunks run on up to <see cref="SumcheckOptions.MaxThreads"/> threads above the options' threshold.</summary>
/// <remarks>
/// There are <see cref="ChunksPerThread"/> chunks per thread, taken dynamically, so that a thread slowed
/// by the host (a shared machine's other tenants) does not hold the rest back at the end of every round.
/// Chunk boundaries are multiples of <see cref="Alignment"/> entries when the range is long enough, so
/// the packed kernels' scalar tails stay at the ends of the range.
/// </remarks>
internal static class ParallelRanges
{
    /// <summary>Chunks per thread.</summary>
    public const int ChunksPerThread = 4;

    /// <summary>Boundary alignment of long ranges (the fused sumcheck kernels' block size).</summary>
    public const int Alignment = 256;

    public delegate void ChunkAction(int chunk, int from, int to);

    public delegate void RangeSum<T>(int from, int to, Span<T> sums);

    /// <summary>Number of chunks <see cref="Run"/> splits a range of <paramref name="length"/> into.</summary>
    public static int ChunkCount(int length, SumcheckOptions options) =>
        options.MaxThreads <= 1 || length < options.ParallelThreshold ? 1 : Math.Min(length, options.MaxThreads * ChunksPerThread);

    /// <summary>Start of chunk <paramref name="chunk"/> of <paramref name="chunks"/> over [0, <paramref name="length"/>); chunk <paramref name="chunks"/> starts at the end.</summary>
    public static int Boundary(int chunk, int chunks, int length)
    {
        if (chunk >= chunks)
        {
            return length;
        }

        long start = (long)chunk * length / chunks;
        return (int)(length >= Alignment * chunks ? start & ~(long)(Alignment - 1) : start);
    }

    public static void Run(int length, SumcheckOptions options, ChunkAction action)
    {
        int chunks = ChunkCount(length, options);
        if (chunks == 1)
        {
            action(0, 0, length);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = options.MaxThreads }, c =>
            action(c, Boundary(c, chunks, length), Boundary(c + 1, chunks, length)));
    }

    /// <summary>Runs <paramref name="body"/> on disjoint ranges, each into its own zeroed sums, and adds them.</summary>
    public static T[] Sum<T>(int length, int width, SumcheckOptions options, RangeSum<T> body) where T : unmanaged, IField<T>
    {
        var partial = new T[ChunkCount(length, options)][];
        for (int c = 0; c < partial.Length; c++)
        {
            partial[c] = new T[width];
        }

        Run(length, options, (chunk, from, to) => body(from, to, partial[chunk]));
        for (int c = 1; c < partial.Length; c++)
        {
            for (int w = 0; w < width; w++)
            {
                partial[0][w] += partial[c][w];
            }
        }

        return partial[0];
    }
}
