using System.Buffers;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// Fast path for g = f·g over Goldilocks tables with GoldilocksExt2 challenges (the profile's hot case),
/// for n ≥ 2 variables.
/// </summary>
/// <remarks>
/// <para>Each round needs only h(0) = Σ f_lo·g_lo and the leading coefficient h(∞) = Σ (f_hi − f_lo)(g_hi − g_lo);
/// h(1) = claim − h(0) and h(t) = h(0) + (h(1) − h(0) − h(∞))·t + h(∞)·t²: two products per pair instead of
/// three. All values are still sent, so the verifier's check is not vacuous.</para>
/// <para>Round 0 makes one pass over the base tables that yields its own sums and the base-field sums
/// round 1 needs (<see cref="ProductRoundKernels.FirstTwoRounds"/>); binding r_0 costs nothing; binding
/// r_1 writes the extension tables at a quarter of the original size and round 2's sums in the same pass
/// (<see cref="ProductRoundKernels.MaterializeAndSum"/>); each later bind folds in place and computes the
/// next round's sums (<see cref="ProductRoundKernels.FoldExtensionAndSum"/>). Extension tables are planar
/// (C0 and C1 arrays) and rented from the shared array pool; <see cref="Release"/> returns them.</para>
/// </remarks>
internal sealed class GoldilocksProductState : ClaimState<GoldilocksExt2>
{
    private readonly Goldilocks[] _baseF, _baseG; // caller's tables: read, never written
    private readonly SumcheckOptions _options;
    private readonly int _totalVariables;
    private Goldilocks[]? _firstSums;
    private GoldilocksExt2 _r0;
    private PlanarTables? _tables;
    private GoldilocksExt2 _nextLow, _nextLeading;
    private int _numVariables;

    public GoldilocksProductState(Goldilocks[] f, Goldilocks[] g, int numVariables, SumcheckOptions options)
    {
        if (numVariables < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(numVariables), "The product fast path needs at least two variables.");
        }

        _baseF = f;
        _baseG = g;
        _numVariables = _totalVariables = numVariables;
        _options = options;
    }

    public override int NumVariables => _numVariables;

    private int Bound => _totalVariables - _numVariables;

    public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
    {
        GoldilocksExt2 h0 = _nextLow, hInf = _nextLeading;
        if (Bound == 0)
        {
            int quarter = 1 << (_totalVariables - 2);
            Goldilocks[] f = _baseF, g = _baseG;
            _firstSums = ParallelRanges.Sum<Goldilocks>(quarter, ProductRoundKernels.FirstRoundSumCount, _options, (from, to, s) =>
                ProductRoundKernels.FirstTwoRounds(f, g, quarter, from, to, s));
            (h0, hInf) = (GoldilocksExt2.FromBase(_firstSums[0] + _firstSums[1]), GoldilocksExt2.FromBase(_firstSums[3] + _firstSums[4]));
        }
        else if (Bound == 1)
        {
            (h0, hInf) = ProductRoundKernels.SecondRoundSums(_firstSums, _r0);
        }

        GoldilocksExt2 linear = claim - h0 - h0 - hInf;
        for (int t = 0; t < destination.Length; t++)
        {
            var x = Goldilocks.FromUInt64((ulong)t);
            destination[t] = h0 + (linear * x) + (hInf * (x * x));
        }
    }

    public override void Bind(GoldilocksExt2 r)
    {
        GoldilocksExt2[] sums;
        if (Bound == 0)
        {
            _r0 = r;
            _numVariables--;
            return;
        }

        if (_tables is not { } tables)
        {
            int quarter = 1 << (_totalVariables - 2);
            tables = new PlanarTables(Rent(quarter), Rent(quarter), Rent(quarter), Rent(quarter));
            _tables = tables;
            Goldilocks[] f = _baseF, g = _baseG;
            GoldilocksExt2 r0 = _r0;
            sums = ParallelRanges.Sum<GoldilocksExt2>(quarter / 2, 2, _options, (from, to, s) =>
                Accumulate(s, ProductRoundKernels.MaterializeAndSum(f, g, quarter, r0, r, tables, from, to)));
            if (quarter == 1)
            {
                tables.Set(0, ProductRoundKernels.FoldTwice(f, 1, 0, r0, r), ProductRoundKernels.FoldTwice(g, 1, 0, r0, r));
            }
        }
        else
        {
            int half = 1 << (_numVariables - 1);
            sums = ParallelRanges.Sum<GoldilocksExt2>(half / 2, 2, _options, (from, to, s) =>
                Accumulate(s, ProductRoundKernels.FoldExtensionAndSum(tables, half, r, from, to)));
            if (half == 1)
            {
                (GoldilocksExt2 f, GoldilocksExt2 g) = tables.FoldAt(0, 1, r);
                tables.Set(0, f, g);
            }
        }

        (_nextLow, _nextLeading) = (sums[0], sums[1]);
        _numVariables--;
    }

    public override GoldilocksExt2[] FactorEvaluations() =>
        _numVariables != 0 || _tables is not { } tables
            ? throw new InvalidOperationException("Not every variable is bound yet.")
            : [tables.F(0), tables.G(0)];

    public override void Release()
    {
        if (_tables is { } tables)
        {
            _tables = null;
            foreach (Goldilocks[] array in new[] { tables.F0, tables.F1, tables.G0, tables.G1 })
            {
                ArrayPool<Goldilocks>.Shared.Return(array);
            }
        }
    }

    private static Goldilocks[] Rent(int length) => ArrayPool<Goldilocks>.Shared.Rent(length);

    private static void Accumulate(Span<GoldilocksExt2> sums, (GoldilocksExt2 Low, GoldilocksExt2 Leading) chunk)
    {
        sums[0] += chunk.Low;
        sums[1] += chunk.Leading;
    }
}
