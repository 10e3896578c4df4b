using Gkr.Field;
using Gkr.Protocol.Gkr;

namespace Gkr.NeuralLayers.Layers;

/// <summary>A polynomial g of the factor values f_1(x), …, f_m(x) at one point.</summary>
/// <param name="values">The factor values, in the order of the tables.</param>
internal delegate GoldilocksExt2 Composition(ReadOnlySpan<GoldilocksExt2> values);

/// <summary>
/// The prover state of a sumcheck of Σ_x g(f_1(x), …, f_m(x)) over multilinear tables f_i bound most significant
/// variable first (Thaler 2013, eprint 2013/351), for any g of degree at most the round degree d. The layers use it for
/// zero-checks: f_1 = eq(τ, ·) and g = f_1·Σ_k α^k C_k for local constraints C_k, whose sum is 0 for a random τ iff every
/// C_k vanishes on the hypercube (up to (n + k)/|F|), plus, for argmax, linear row relations weighted by eq on the row bits.
/// </summary>
/// <remarks>Scalar loop over the pairs (lo, hi), stepping t = 0..d: O(2^n·d·m) extension operations and 2^n·d
/// calls of g per sumcheck (h(1) = claim − h(0)). No SIMD path yet. The layers that use it have a dozen factors at most.</remarks>
internal sealed class CompositeSumcheck : LayerSumcheckProver
{
    private readonly GoldilocksExt2[][] _tables;
    private readonly Composition _g;
    private int _length;

    /// <summary>The state for <paramref name="tables"/> (one power-of-two size; copied) and <paramref name="g"/>.</summary>
    /// <exception cref="ArgumentException">No tables, or tables of different or non-power-of-two sizes.</exception>
    public CompositeSumcheck(IReadOnlyList<GoldilocksExt2[]> tables, Composition g)
    {
        if (tables.Count == 0 || tables.Any(t => t.Length != tables[0].Length) || !System.Numerics.BitOperations.IsPow2(tables[0].Length))
        {
            throw new ArgumentException("A composite sumcheck needs one or more tables of one power-of-two size.", nameof(tables));
        }

        _tables = [.. tables.Select(t => (GoldilocksExt2[])t.Clone())];
        _g = g;
        _length = tables[0].Length;
    }

    /// <summary>A base-field table lifted to the extension.</summary>
    public static GoldilocksExt2[] Lift(Goldilocks[] table) => [.. table.Select(GoldilocksExt2.FromBase)];

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
            for (int i = 0; i < m; i++)
            {
                values[i] = _tables[i][x];
                steps[i] = _tables[i][x + half] - values[i];
            }

            for (int t = 0; t < destination.Length; t++)
            {
                if (t != 1)
                {
                    destination[t] += _g(values);
                }

                for (int i = 0; i < m; i++)
                {
                    values[i] += steps[i];
                }
            }
        }

        // h(0) + h(1) is the running claim, so h(1) needs no pass of g (a quarter of the work at degree 3).
        if (destination.Length > 1)
        {
            destination[1] = claim - destination[0];
        }
    }

    /// <inheritdoc />
    public override void Bind(GoldilocksExt2 r)
    {
        int half = _length / 2;
        foreach (GoldilocksExt2[] table in _tables)
        {
            for (int x = 0; x < half; x++)
            {
                table[x] += r * (table[x + half] - table[x]);
            }
        }

        _length = half;
    }

    /// <summary>The factor values at ρ, in table order.</summary>
    public override GoldilocksExt2[] FactorEvaluations() => [.. _tables.Select(t => t[0])];
}
