using Gkr.Field;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Layers;

/// <summary>A constraint polynomial g of the factor values f_1(x), …, f_m(x) at one point.</summary>
/// <param name="values">The factor values (the eq factor excluded).</param>
internal delegate GoldilocksExt2 ConstraintComposition(ReadOnlySpan<GoldilocksExt2> values);

/// <summary>
/// The prover state of a zero-check Σ_x eq(τ, x)·g(f_1(x), …, f_m(x)) = 0 for a constraint g of degree d − 1 in the
/// factors (so the rounds have degree d): the layer's local constraints, combined by powers of a challenge α into g,
/// hold on the whole hypercube iff this sum is zero for a random τ (up to n/|F|, the extension of g·[x] at τ; Thaler
/// 2013, eprint 2013/351, for the sumcheck). The tables are multilinear and bound most significant variable first.
/// </summary>
/// <remarks>Scalar loop over the pairs (lo, hi) stepping t = 0..d; each layer that uses it has a handful of factors,
/// so the cost is O(2^n·d·m) extension products plus d + 1 calls of g per pair.</remarks>
internal sealed class ConstraintZeroCheck : LayerSumcheckProver
{
    private readonly GoldilocksExt2[] _eq;
    private readonly GoldilocksExt2[][] _tables;
    private readonly ConstraintComposition _g;
    private int _length;

    /// <summary>The state for eq(τ, ·) and the base-field <paramref name="tables"/> (each 2^|τ| values).</summary>
    public ConstraintZeroCheck(ReadOnlySpan<GoldilocksExt2> tau, IReadOnlyList<Goldilocks[]> tables, ConstraintComposition g)
    {
        _eq = ReducerKernels.EqTable(tau, GoldilocksExt2.One);
        int size = _eq.Length;
        _tables = [.. tables.Select(t => t.Length == size ? t.Select(GoldilocksExt2.FromBase).ToArray() : throw new ArgumentException($"Every table has {size} values.", nameof(tables)))];
        _g = g;
        _length = _eq.Length;
    }

    /// <inheritdoc />
    public override int NumVariables => System.Numerics.BitOperations.Log2((uint)_length);

    /// <inheritdoc />
    public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
    {
        destination.Clear();
        int half = _length / 2, m = _tables.Length;
        Span<GoldilocksExt2> values = stackalloc GoldilocksExt2[m];
        Span<GoldilocksExt2> steps = stackalloc GoldilocksExt2[m];
        for (int x = 0; x < half; x++)
        {
            GoldilocksExt2 eq = _eq[x], eqStep = _eq[x + half] - eq;
            for (int i = 0; i < m; i++)
            {
                values[i] = _tables[i][x];
                steps[i] = _tables[i][x + half] - values[i];
            }

            for (int t = 0; t < destination.Length; t++)
            {
                destination[t] += eq * _g(values);
                eq += eqStep;
                for (int i = 0; i < m; i++)
                {
                    values[i] += steps[i];
                }
            }
        }
    }

    /// <inheritdoc />
    public override void Bind(GoldilocksExt2 r)
    {
        int half = _length / 2;
        foreach (GoldilocksExt2[] table in _tables.Prepend(_eq))
        {
            for (int x = 0; x < half; x++)
            {
                table[x] += r * (table[x + half] - table[x]);
            }
        }

        _length = half;
    }

    /// <summary>The factor values at ρ, the eq factor excluded.</summary>
    public override GoldilocksExt2[] FactorEvaluations() => [.. _tables.Select(t => t[0])];
}
