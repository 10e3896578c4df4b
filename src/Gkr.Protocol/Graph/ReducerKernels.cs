using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Graph;

/// <summary>
/// The fast paths a layer reducer written outside this assembly needs, on the same SIMD-tier dispatch as the
/// built-in layers: eq tables, base × extension folds and inner products, the weighted eq table of a
/// layer's claims, and a product sumcheck state.
/// </summary>
public static class ReducerKernels
{
    /// <summary>eq(z, x)·scale for every x (2^|z| entries; coordinate 0 is the high bit).</summary>
    public static GoldilocksExt2[] EqTable(ReadOnlySpan<GoldilocksExt2> point, GoldilocksExt2 scale) => ExtensionKernels.EqTable(point, scale);

    /// <summary>Σ_j w_j·eq(z_j, x) for every x: the table that turns weighted claims at several points into one sumcheck.</summary>
    /// <exception cref="ArgumentException">The claims' points have different lengths.</exception>
    public static GoldilocksExt2[] CombinedEq(IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        int n = claims[0].Point.Length;
        var table = new GoldilocksExt2[1 << n];
        var scratch = new GoldilocksExt2[1 << n];
        for (int j = 0; j < claims.Count; j++)
        {
            if (claims[j].Point.Length != n)
            {
                throw new ArgumentException("Every claim point has the same length.", nameof(claims));
            }

            ExtensionKernels.EqTable(claims[j].Point.AsSpan(), weights[j], scratch);
            ExtensionKernels.Add(table, scratch, table);
        }

        return table;
    }

    /// <summary>The multilinear extension of a base-field table at an extension point.</summary>
    public static GoldilocksExt2 Evaluate(ReadOnlySpan<Goldilocks> table, ReadOnlySpan<GoldilocksExt2> point) => ExtensionKernels.Evaluate(table, point);

    /// <summary>accumulator += s·x, x in the base field.</summary>
    public static void ScaleAddBase(ReadOnlySpan<Goldilocks> x, GoldilocksExt2 s, Span<GoldilocksExt2> accumulator) => ExtensionKernels.ScaleAddBase(x, s, accumulator);

    /// <summary>Σ_i a_i·v_i, v in the base field.</summary>
    public static GoldilocksExt2 InnerProduct(ReadOnlySpan<GoldilocksExt2> a, ReadOnlySpan<Goldilocks> v) => ExtensionKernels.InnerProduct(a, v);

    /// <summary>A sumcheck state for Σ_x Π_i f_i(x) over extension tables of one size (degree = the factor count); the tables are copied.</summary>
    /// <exception cref="ArgumentException">No tables, or tables of different or non-power-of-two sizes.</exception>
    public static LayerSumcheckProver Product(params GoldilocksExt2[][] tables) => Product(tables, packed: true);

    /// <summary><see cref="Product(GoldilocksExt2[][])"/>; <paramref name="packed"/> false forces the scalar reference loop (tests compare the two).</summary>
    internal static LayerSumcheckProver Product(GoldilocksExt2[][] tables, bool packed)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Length == 0 || tables.Any(t => t is null || t.Length != tables[0].Length) || !System.Numerics.BitOperations.IsPow2(tables[0].Length))
        {
            throw new ArgumentException("A product sumcheck needs one or more tables of one power-of-two size.", nameof(tables));
        }

        return new ProductProver([.. tables.Select(t => (GoldilocksExt2[])t.Clone())], packed && ExtensionKernels.Accelerated);
    }

    /// <summary>
    /// The SIMD-kernel state for Σ_x Σ_j w_j·A_j(x)·B_j(x) (degree 2; the matrix-product layer's): one (A_j, B_j)
    /// pair per claim, folded in place. For a single product f·g of equal-size tables pass one pair and weight one.
    /// </summary>
    /// <exception cref="ArgumentException">Mismatched counts or sizes.</exception>
    public static LayerSumcheckProver WeightedPairs(GoldilocksExt2[][] a, GoldilocksExt2[][] b, GoldilocksExt2[] weights, SumcheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(options);
        if (a.Length == 0 || a.Length != b.Length || a.Length != weights.Length || a.Concat(b).Any(t => t is null || t.Length != a[0].Length) || !System.Numerics.BitOperations.IsPow2(a[0].Length))
        {
            throw new ArgumentException("One (A, B) pair of one power-of-two size per weight.", nameof(a));
        }

        return new StateProver(new WeightedPairsState(a, b, weights, System.Numerics.BitOperations.Log2((uint)a[0].Length), options));
    }

    private sealed class StateProver(ClaimState<GoldilocksExt2> state) : LayerSumcheckProver
    {
        public override int NumVariables => state.NumVariables;

        public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim) => state.RoundEvaluations(destination, claim);

        public override void Bind(GoldilocksExt2 r) => state.Bind(r);

        public override GoldilocksExt2[] FactorEvaluations() => state.FactorEvaluations();
    }

    /// <summary>
    /// Σ_x Π_i f_i(x), the lines f_i(t) = lo + t·(hi − lo) stepped through t = 0..d per pair (Thaler 2013, §3). The
    /// packed path runs <see cref="Chunk"/> pairs at a time through the extension kernels (component-wise adds and
    /// subtracts on the limbs, packed products, a packed inner product for the last factor) and folds with the
    /// packed fold; the scalar loop is the reference. Both are exact, so they give the same values.
    /// </summary>
    private sealed class ProductProver(GoldilocksExt2[][] tables, bool packed) : LayerSumcheckProver
    {
        private const int Chunk = 256;

        private readonly GoldilocksExt2[][] _values = packed ? [.. tables.Select(_ => new GoldilocksExt2[Chunk])] : [];
        private readonly GoldilocksExt2[][] _steps = packed ? [.. tables.Select(_ => new GoldilocksExt2[Chunk])] : [];
        private readonly GoldilocksExt2[] _product = packed ? new GoldilocksExt2[Chunk] : [];
        private int _length = tables[0].Length;

        public override int NumVariables => System.Numerics.BitOperations.Log2((uint)_length);

        public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
        {
            destination.Clear();
            if (packed)
            {
                PackedRound(destination);
                return;
            }

            int half = _length / 2, d = destination.Length;
            Span<GoldilocksExt2> values = stackalloc GoldilocksExt2[tables.Length];
            Span<GoldilocksExt2> steps = stackalloc GoldilocksExt2[tables.Length];
            for (int x = 0; x < half; x++)
            {
                for (int i = 0; i < tables.Length; i++)
                {
                    values[i] = tables[i][x];
                    steps[i] = tables[i][x + half] - values[i];
                }

                for (int t = 0; t < d; t++)
                {
                    GoldilocksExt2 product = values[0];
                    for (int i = 1; i < tables.Length; i++)
                    {
                        product *= values[i];
                    }

                    destination[t] += product;
                    for (int i = 0; i < tables.Length; i++)
                    {
                        values[i] += steps[i];
                    }
                }
            }
        }

        public override void Bind(GoldilocksExt2 r)
        {
            int half = _length / 2;
            foreach (GoldilocksExt2[] table in tables)
            {
                if (packed)
                {
                    Field.Kernels.GoldilocksKernels.Fold(table.AsSpan(0, half), table.AsSpan(half, half), r, table.AsSpan(0, half));
                    continue;
                }

                for (int x = 0; x < half; x++)
                {
                    table[x] += r * (table[x + half] - table[x]);
                }
            }

            _length = half;
        }

        public override GoldilocksExt2[] FactorEvaluations() => [.. tables.Select(t => t[0])];

        private void PackedRound(Span<GoldilocksExt2> destination)
        {
            int half = _length / 2, k = tables.Length;
            for (int x0 = 0; x0 < half; x0 += Chunk)
            {
                int length = Math.Min(Chunk, half - x0);
                for (int i = 0; i < k; i++)
                {
                    Span<GoldilocksExt2> low = tables[i].AsSpan(x0, length);
                    low.CopyTo(_values[i]);
                    Field.Kernels.GoldilocksKernels.Subtract(Limbs(tables[i].AsSpan(half + x0, length)), Limbs(low), Limbs(_steps[i].AsSpan(0, length)));
                }

                for (int t = 0; t < destination.Length; t++)
                {
                    if (t > 0)
                    {
                        for (int i = 0; i < k; i++)
                        {
                            Span<GoldilocksExt2> v = _values[i].AsSpan(0, length);
                            Field.Kernels.GoldilocksKernels.Add(Limbs(v), Limbs(_steps[i].AsSpan(0, length)), Limbs(v));
                        }
                    }

                    destination[t] += ChunkProductSum(length);
                }
            }
        }

        /// <summary>Σ_x Π_i v_i[x] over the chunk.</summary>
        private GoldilocksExt2 ChunkProductSum(int length)
        {
            int k = tables.Length;
            if (k == 1)
            {
                GoldilocksExt2 sum = GoldilocksExt2.Zero;
                foreach (GoldilocksExt2 v in _values[0].AsSpan(0, length))
                {
                    sum += v;
                }

                return sum;
            }

            ReadOnlySpan<GoldilocksExt2> left = _values[0].AsSpan(0, length);
            for (int i = 1; i < k - 1; i++)
            {
                ExtensionKernels.Multiply(left, _values[i].AsSpan(0, length), _product.AsSpan(0, length));
                left = _product.AsSpan(0, length);
            }

            return ExtensionKernels.InnerProduct(left, _values[k - 1].AsSpan(0, length));
        }

        private static Span<Goldilocks> Limbs(Span<GoldilocksExt2> values) => System.Runtime.InteropServices.MemoryMarshal.Cast<GoldilocksExt2, Goldilocks>(values);
    }
}
