using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// Prover state for Σ_x V(x)·A(x) with V a base-field table (the previous layer's values) and A an
/// extension table: both phases of the gate-layer sumcheck (Libra, eprint 2019/317, §3.1, in the
/// product-only form described on <see cref="GateLayerReducer"/>).
/// </summary>
/// <remarks>
/// Per round only h(0) = Σ V_lo·A_lo and the leading coefficient c = Σ (V_hi − V_lo)(A_hi − A_lo) are
/// computed; h(1) = claim − h(0) and h(2) = 2h(1) − h(0) + 2c. Round 0 multiplies base by extension; its
/// challenge folds V into a pooled extension copy with the packed base→extension fold. A is owned by
/// the state and folded in place.
/// </remarks>
internal sealed class BaseProductState : ClaimState<GoldilocksExt2>
{
    private readonly Goldilocks[] _baseV; // caller's table: read, never written
    private readonly GoldilocksExt2[] _a;
    private readonly SumcheckOptions _options;
    private GoldilocksExt2[]? _v;
    private int _numVariables;

    public BaseProductState(Goldilocks[] v, GoldilocksExt2[] a, int numVariables, SumcheckOptions options)
    {
        _baseV = v;
        _a = a;
        _numVariables = numVariables;
        _options = options;
    }

    public override int NumVariables => _numVariables;

    public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
    {
        int half = 1 << (_numVariables - 1);
        GoldilocksExt2[] a = _a;
        GoldilocksExt2[] sums;
        if (_v is null)
        {
            Goldilocks[] v = _baseV;
            sums = ParallelRanges.Sum<GoldilocksExt2>(half, 2, _options, (from, to, s) =>
            {
                int length = to - from;
                (GoldilocksExt2 low, GoldilocksExt2 leading) = ExtensionKernels.BaseRoundSums(
                    a.AsSpan(from, length), a.AsSpan(half + from, length), v.AsSpan(from, length), v.AsSpan(half + from, length));
                s[0] += low;
                s[1] += leading;
            });
        }
        else
        {
            GoldilocksExt2[] v = _v;
            sums = ParallelRanges.Sum<GoldilocksExt2>(half, 2, _options, (from, to, s) =>
            {
                int length = to - from;
                (GoldilocksExt2 low, GoldilocksExt2 leading) = ExtensionKernels.ProductRoundSums(
                    v.AsSpan(from, length), v.AsSpan(half + from, length), a.AsSpan(from, length), a.AsSpan(half + from, length));
                s[0] += low;
                s[1] += leading;
            });
        }

        QuadraticRound.Write(destination, sums[0], sums[1], claim);
    }

    public override void Bind(GoldilocksExt2 r)
    {
        int half = 1 << (_numVariables - 1);
        if (_v is null)
        {
            Goldilocks[] v = _baseV;
            GoldilocksExt2[] folded = Scratch.Rent(half, clear: false);
            ParallelRanges.Run(half, _options, (_, from, to) => GoldilocksKernels.Fold(
                v.AsSpan(from, to - from), v.AsSpan(half + from, to - from), r, folded.AsSpan(from, to - from)));
            _v = folded;
        }
        else
        {
            QuadraticRound.FoldInPlace(_v, half, r, _options);
        }

        QuadraticRound.FoldInPlace(_a, half, r, _options);
        _numVariables--;
    }

    /// <summary>[V(r), A(r)].</summary>
    public override GoldilocksExt2[] FactorEvaluations() =>
        _numVariables != 0
            ? throw new InvalidOperationException("Not every variable is bound yet.")
            : [_v is null ? GoldilocksExt2.FromBase(_baseV[0]) : _v[0], _a[0]];

    /// <summary>Returns the folded copy of V to the <see cref="Scratch"/> pool; the state is unusable afterwards.</summary>
    public void ReturnScratch()
    {
        Scratch.Return(_v);
        _v = null;
    }
}

/// <summary>
/// Prover state for Σ_x Σ_j w_j·A_j(x)·B_j(x) over extension tables: the inner-dimension sumcheck of a
/// matrix product with one (A_j, B_j) pair per incoming claim (Thaler 2013, eprint 2013/351, §4).
/// </summary>
internal sealed class WeightedPairsState : ClaimState<GoldilocksExt2>
{
    private readonly GoldilocksExt2[][] _a, _b;
    private readonly GoldilocksExt2[] _weights;
    private readonly SumcheckOptions _options;
    private int _numVariables;

    public WeightedPairsState(GoldilocksExt2[][] a, GoldilocksExt2[][] b, GoldilocksExt2[] weights, int numVariables, SumcheckOptions options)
    {
        _a = a;
        _b = b;
        _weights = weights;
        _numVariables = numVariables;
        _options = options;
    }

    public override int NumVariables => _numVariables;

    public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
    {
        int half = 1 << (_numVariables - 1);
        GoldilocksExt2 low = GoldilocksExt2.Zero, leading = GoldilocksExt2.Zero;
        for (int j = 0; j < _a.Length; j++)
        {
            (GoldilocksExt2 l, GoldilocksExt2 c) = ExtensionKernels.ProductRoundSums(
                _a[j].AsSpan(0, half), _a[j].AsSpan(half, half), _b[j].AsSpan(0, half), _b[j].AsSpan(half, half));
            low += _weights[j] * l;
            leading += _weights[j] * c;
        }

        QuadraticRound.Write(destination, low, leading, claim);
    }

    public override void Bind(GoldilocksExt2 r)
    {
        int half = 1 << (_numVariables - 1);
        for (int j = 0; j < _a.Length; j++)
        {
            QuadraticRound.FoldInPlace(_a[j], half, r, _options);
            QuadraticRound.FoldInPlace(_b[j], half, r, _options);
        }

        _numVariables--;
    }

    /// <summary>[A_0(r), B_0(r), A_1(r), B_1(r), …].</summary>
    public override GoldilocksExt2[] FactorEvaluations()
    {
        if (_numVariables != 0)
        {
            throw new InvalidOperationException("Not every variable is bound yet.");
        }

        var values = new GoldilocksExt2[2 * _a.Length];
        for (int j = 0; j < _a.Length; j++)
        {
            values[2 * j] = _a[j][0];
            values[(2 * j) + 1] = _b[j][0];
        }

        return values;
    }
}

/// <summary>Round-polynomial and fold helpers of the degree-2 layer sumchecks.</summary>
internal static class QuadraticRound
{
    /// <summary>h(0) = <paramref name="h0"/>, h(1) = claim − h(0), h(2) = 2h(1) − h(0) + 2·<paramref name="leading"/>.</summary>
    public static void Write(Span<GoldilocksExt2> destination, GoldilocksExt2 h0, GoldilocksExt2 leading, GoldilocksExt2 claim)
    {
        GoldilocksExt2 h1 = claim - h0;
        destination[0] = h0;
        destination[1] = h1;
        destination[2] = h1 + h1 - h0 + leading + leading;
    }

    /// <summary>table[i] = table[i] + r·(table[half + i] − table[i]) for i &lt; half (packed extension fold).</summary>
    public static void FoldInPlace(GoldilocksExt2[] table, int half, GoldilocksExt2 r, SumcheckOptions options) =>
        ParallelRanges.Run(half, options, (_, from, to) => GoldilocksKernels.Fold(
            table.AsSpan(from, to - from), table.AsSpan(half + from, to - from), r, table.AsSpan(from, to - from)));
}
