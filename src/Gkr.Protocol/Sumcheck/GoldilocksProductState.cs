using Gkr.Field;
using Gkr.Field.Kernels;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// Fast path for g = f·g over Goldilocks tables with GoldilocksExt2 challenges (the profile's hot case).
/// </summary>
/// <remarks>
/// Each round needs only h(0) = Σ f_lo·g_lo and the leading coefficient h(∞) = Σ (f_hi − f_lo)(g_hi − g_lo);
/// h(1) = claim − h(0) and h(t) = h(0) + (h(1) − h(0) − h(∞))·t + h(∞)·t². That is two products per
/// pair instead of three. Round 0 runs in the base field (<see cref="ProductRoundKernels.BaseSums"/>,
/// delayed reduction); its challenge folds the tables into the extension with the packed
/// base→extension fold; later rounds use <see cref="ProductRoundKernels.ExtensionSums"/> and the
/// packed extension fold.
/// </remarks>
internal sealed class GoldilocksProductState : ClaimState<GoldilocksExt2>
{
    private readonly Goldilocks[] _baseF, _baseG; // caller's tables: read, never written
    private readonly SumcheckOptions _options;
    private GoldilocksExt2[]? _f, _g;
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
        GoldilocksExt2 h0, hInf;
        if (_f is null)
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
        else
        {
            GoldilocksExt2[] f = _f, g = _g!;
            GoldilocksExt2[] sums = ParallelRanges.Sum<GoldilocksExt2>(half, 2, _options, (from, to, s) =>
            {
                int length = to - from;
                (GoldilocksExt2 low, GoldilocksExt2 leading) = ProductRoundKernels.ExtensionSums(
                    f.AsSpan(from, length), f.AsSpan(half + from, length), g.AsSpan(from, length), g.AsSpan(half + from, length));
                s[0] += low;
                s[1] += leading;
            });
            (h0, hInf) = (sums[0], sums[1]);
        }

        // h(t) = h0 + (h1 − h0 − h∞)·t + h∞·t² with h1 = claim − h0.
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
        if (_f is null)
        {
            _f = FoldBase(_baseF, half, r);
            _g = FoldBase(_baseG, half, r);
        }
        else
        {
            FoldInPlace(_f, half, r);
            FoldInPlace(_g!, half, r);
        }

        _numVariables--;
    }

    public override GoldilocksExt2[] FactorEvaluations() =>
        _numVariables != 0 ? throw new InvalidOperationException("Not every variable is bound yet.") : [_f![0], _g![0]];

    private GoldilocksExt2[] FoldBase(Goldilocks[] table, int half, GoldilocksExt2 r)
    {
        GoldilocksExt2[] destination = GC.AllocateUninitializedArray<GoldilocksExt2>(half);
        ParallelRanges.Run(half, _options, (_, from, to) => GoldilocksKernels.Fold(
            table.AsSpan(from, to - from), table.AsSpan(half + from, to - from), r, destination.AsSpan(from, to - from)));
        return destination;
    }

    private void FoldInPlace(GoldilocksExt2[] table, int half, GoldilocksExt2 r) =>
        ParallelRanges.Run(half, _options, (_, from, to) => GoldilocksKernels.Fold(
            table.AsSpan(from, to - from), table.AsSpan(half + from, to - from), r, table.AsSpan(from, to - from)));
}
