using System.Buffers;
using Gkr.Field;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// Fast path for g = f·g over Goldilocks tables with GoldilocksExt2 challenges (the profile's hot case).
/// </summary>
/// <remarks>
/// <para>Each round needs only h(0) = Σ f_lo·g_lo and the leading coefficient h(∞) = Σ (f_hi − f_lo)(g_hi − g_lo);
/// h(1) = claim − h(0) and h(t) = h(0) + (h(1) − h(0) − h(∞))·t + h(∞)·t²: two products per pair instead of
/// three. All values are still sent, so the verifier's check is not vacuous.</para>
/// <para>Round 0 runs in the base field (<see cref="ProductRoundKernels.BaseSums"/>, delayed reduction).
/// Every later round's sums are computed inside the previous bind (<see cref="ProductRoundKernels.FoldBaseAndSum"/>,
/// <see cref="ProductRoundKernels.FoldExtensionAndSum"/>): one pass per round reads the tables, writes the
/// folded half and accumulates the products while the new values are still in registers. Extension
/// tables are planar (C0 and C1 arrays) and rented from the shared array pool; <see cref="Release"/>
/// returns them.</para>
/// </remarks>
internal sealed class GoldilocksProductState : ClaimState<GoldilocksExt2>
{
    private readonly Goldilocks[] _baseF, _baseG; // caller's tables: read, never written
    private readonly SumcheckOptions _options;
    private PlanarTables? _tables;
    private GoldilocksExt2 _nextLow, _nextLeading;
    private int _numVariables;

    public GoldilocksProductState(Goldilocks[] f, Goldilocks[] g, int numVariables, SumcheckOptions options)
    {
        _baseF = f;
        _baseG = g;
        _numVariables = numVariables;
        _options = options;
    }

    public override int NumVariables => _numVariables;

    public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
    {
        int half = 1 << (_numVariables - 1);
        GoldilocksExt2 h0 = _nextLow, hInf = _nextLeading;
        if (_tables is null)
        {
            Goldilocks[] f = _baseF, g = _baseG;
            Goldilocks[] sums = ParallelRanges.Sum<Goldilocks>(half, 2, _options, (from, to, s) =>
            {
                int length = to - from;
                (Goldilocks low, Goldilocks leading) = ProductRoundKernels.BaseSums(
                    f.AsSpan(from, length), f.AsSpan(half + from, length), g.AsSpan(from, length), g.AsSpan(half + from, length));
                s[0] += low;
                s[1] += leading;
            });
            (h0, hInf) = (GoldilocksExt2.FromBase(sums[0]), GoldilocksExt2.FromBase(sums[1]));
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
        int half = 1 << (_numVariables - 1);
        int quarter = half / 2;
        GoldilocksExt2[] sums;
        if (_tables is not { } tables)
        {
            tables = new PlanarTables(Rent(half), Rent(half), Rent(half), Rent(half));
            _tables = tables;
            Goldilocks[] f = _baseF, g = _baseG;
            sums = ParallelRanges.Sum<GoldilocksExt2>(quarter, 2, _options, (from, to, s) =>
                Accumulate(s, ProductRoundKernels.FoldBaseAndSum(f, g, half, r, tables, from, to)));
            if (half == 1)
            {
                tables.Set(0, (r * (f[1] - f[0])) + f[0], (r * (g[1] - g[0])) + g[0]);
            }
        }
        else
        {
            sums = ParallelRanges.Sum<GoldilocksExt2>(quarter, 2, _options, (from, to, s) =>
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
