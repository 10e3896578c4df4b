using Gkr.Field;
using Gkr.Field.Kernels;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// Fast path for g = f·g over Goldilocks tables with GoldilocksExt2 challenges (the profile's hot case).
/// </summary>
/// <remarks>
/// Each round needs only h(0) = Σ f_lo·g_lo, h(1) = Σ f_hi·g_hi and the leading coefficient
/// h(∞) = Σ (f_hi − f_lo)(g_hi − g_lo); then h(t) = h(0) + (h(1) − h(0) − h(∞))·t + h(∞)·t².
/// Round 0 runs in the base field on the packed inner-product kernel (delayed reduction); its
/// challenge folds the tables into the extension with the packed base→extension fold; later rounds
/// use <see cref="ExtensionProductSums"/> and the packed extension fold.
/// </remarks>
internal sealed class GoldilocksProductState : ClaimState<GoldilocksExt2>
{
    // Base-field differences are formed in blocks this long so they stay in L1.
    private const int Block = 1024;

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

    public override void RoundEvaluations(Span<GoldilocksExt2> destination)
    {
        int half = 1 << (_numVariables - 1);
        GoldilocksExt2 h0, h1, hInf;
        if (_f is null)
        {
            Goldilocks[] sums = ParallelRanges.Sum<Goldilocks>(half, 3, _options, (from, to, s) => BaseSums(from, to, half, s));
            (h0, h1, hInf) = (GoldilocksExt2.FromBase(sums[0]), GoldilocksExt2.FromBase(sums[1]), GoldilocksExt2.FromBase(sums[2]));
        }
        else
        {
            GoldilocksExt2[] f = _f, g = _g!;
            GoldilocksExt2[] sums = ParallelRanges.Sum<GoldilocksExt2>(half, 3, _options, (from, to, s) =>
                ExtensionProductSums.Accumulate(
                    f.AsSpan(from, to - from), f.AsSpan(half + from, to - from),
                    g.AsSpan(from, to - from), g.AsSpan(half + from, to - from), s));
            (h0, h1, hInf) = (sums[0], sums[1], sums[2]);
        }

        GoldilocksExt2 linear = h1 - h0 - hInf;
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

    private void BaseSums(int from, int to, int half, Span<Goldilocks> sums)
    {
        ReadOnlySpan<Goldilocks> f = _baseF, g = _baseG;
        Span<Goldilocks> df = stackalloc Goldilocks[Block];
        Span<Goldilocks> dg = stackalloc Goldilocks[Block];
        for (int start = from; start < to; start += Block)
        {
            int length = Math.Min(Block, to - start);
            ReadOnlySpan<Goldilocks> fLow = f.Slice(start, length), fHigh = f.Slice(half + start, length);
            ReadOnlySpan<Goldilocks> gLow = g.Slice(start, length), gHigh = g.Slice(half + start, length);
            sums[0] += GoldilocksKernels.InnerProduct(fLow, gLow);
            sums[1] += GoldilocksKernels.InnerProduct(fHigh, gHigh);
            GoldilocksKernels.Subtract(fHigh, fLow, df[..length]);
            GoldilocksKernels.Subtract(gHigh, gLow, dg[..length]);
            sums[2] += GoldilocksKernels.InnerProduct(df[..length], dg[..length]);
        }
    }

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

/// <summary>The three sums of an extension-field product round.</summary>
internal static class ExtensionProductSums
{
    /// <summary>
    /// sums[0] += Σ fLow·gLow, sums[1] += Σ fHigh·gHigh, sums[2] += Σ (fHigh − fLow)(gHigh − gLow).
    /// </summary>
    public static void Accumulate(
        ReadOnlySpan<GoldilocksExt2> fLow, ReadOnlySpan<GoldilocksExt2> fHigh,
        ReadOnlySpan<GoldilocksExt2> gLow, ReadOnlySpan<GoldilocksExt2> gHigh, Span<GoldilocksExt2> sums) =>
        AccumulateScalar(fLow, fHigh, gLow, gHigh, sums);

    /// <summary>Reference implementation of <see cref="Accumulate"/>.</summary>
    public static void AccumulateScalar(
        ReadOnlySpan<GoldilocksExt2> fLow, ReadOnlySpan<GoldilocksExt2> fHigh,
        ReadOnlySpan<GoldilocksExt2> gLow, ReadOnlySpan<GoldilocksExt2> gHigh, Span<GoldilocksExt2> sums)
    {
        GoldilocksExt2 s0 = GoldilocksExt2.Zero, s1 = GoldilocksExt2.Zero, s2 = GoldilocksExt2.Zero;
        for (int i = 0; i < fLow.Length; i++)
        {
            GoldilocksExt2 fl = fLow[i], fh = fHigh[i], gl = gLow[i], gh = gHigh[i];
            s0 += fl * gl;
            s1 += fh * gh;
            s2 += (fh - fl) * (gh - gl);
        }

        sums[0] += s0;
        sums[1] += s1;
        sums[2] += s2;
    }
}
