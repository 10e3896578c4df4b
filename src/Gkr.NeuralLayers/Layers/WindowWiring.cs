using Gkr.Field;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>One axis of a sliding window: output y reads input i = y·s + u − p for kernel offsets u &lt; k, when 0 ≤ i &lt; n.</summary>
/// <param name="In">n, the input extent.</param>
/// <param name="Out">The output extent.</param>
/// <param name="Kernel">k.</param>
/// <param name="Stride">s.</param>
/// <param name="Padding">p.</param>
internal readonly record struct WindowAxis(int In, int Out, int Kernel, int Stride, int Padding)
{
    /// <summary>2^⌈log2 n⌉.</summary>
    public int InPadded => 1 << WindowGeometry.Variables(In);

    /// <summary>2^⌈log2 out⌉.</summary>
    public int OutPadded => 1 << WindowGeometry.Variables(Out);

    /// <summary>2^⌈log2 k⌉.</summary>
    public int KernelPadded => 1 << WindowGeometry.Variables(Kernel);

    /// <summary>The input index output <paramref name="y"/> reads at offset <paramref name="u"/>, or −1 on padding.</summary>
    public int Source(int y, int u)
    {
        int i = (y * Stride) + u - Padding;
        return i >= 0 && i < In ? i : -1;
    }
}

/// <summary>
/// The wiring of the window layers, shared by prover and verifier. For one axis and a point z over the output
/// coordinate, A(u, i) = Σ_{y &lt; Out} eq(z, y)·[i = y·s + u − p, 0 ≤ i &lt; n] (zero for u ≥ k): the prover builds it as a
/// dense table, the verifier evaluates its multilinear extension in i at a point r in closed form,
/// Ã(u, r) = Σ_{y &lt; Out} eq(z, y)·eq(r, y·s + u − p), in O(Out·k) after the eq tables (zkCNN, eprint 2021/673,
/// §3's convolution wiring; Thaler 2013, eprint 2013/351, for evaluating structured wiring in closed form).
/// </summary>
internal static class WindowWiring
{
    /// <summary>The height axis of <paramref name="g"/>.</summary>
    public static WindowAxis Height(WindowGeometry g) => new(g.InHeight, g.OutHeight, g.KernelHeight, g.StrideHeight, g.PaddingHeight);

    /// <summary>The width axis of <paramref name="g"/>.</summary>
    public static WindowAxis Width(WindowGeometry g) => new(g.InWidth, g.OutWidth, g.KernelWidth, g.StrideWidth, g.PaddingWidth);

    /// <summary>A(u, i) as a row-major KernelPadded × InPadded table, for the eq table <paramref name="eqOut"/> of the output point (OutPadded entries).</summary>
    public static GoldilocksExt2[] Table(WindowAxis axis, ReadOnlySpan<GoldilocksExt2> eqOut)
    {
        var table = new GoldilocksExt2[axis.KernelPadded * axis.InPadded];
        for (int u = 0; u < axis.Kernel; u++)
        {
            for (int y = 0; y < axis.Out; y++)
            {
                int i = axis.Source(y, u);
                if (i >= 0)
                {
                    table[(u * axis.InPadded) + i] += eqOut[y];
                }
            }
        }

        return table;
    }

    /// <summary>Σ_u c[u]·A(u, ·): the axis table contracted with kernel weights (eq(κ_u, ·) for a convolution, ones for a sum pool).</summary>
    public static GoldilocksExt2[] Contract(WindowAxis axis, GoldilocksExt2[] table, ReadOnlySpan<GoldilocksExt2> kernelWeights)
    {
        var result = new GoldilocksExt2[axis.InPadded];
        for (int u = 0; u < axis.Kernel; u++)
        {
            ReadOnlySpan<GoldilocksExt2> row = table.AsSpan(u * axis.InPadded, axis.InPadded);
            for (int i = 0; i < axis.In; i++)
            {
                result[i] += kernelWeights[u] * row[i];
            }
        }

        return result;
    }

    /// <summary>Ã(u, r) for every u &lt; k: Σ_{y &lt; Out} eq(z, y)·eq(r, y·s + u − p), from the eq tables of z (OutPadded) and r (InPadded).</summary>
    public static GoldilocksExt2[] AtPoint(WindowAxis axis, ReadOnlySpan<GoldilocksExt2> eqOut, ReadOnlySpan<GoldilocksExt2> eqIn)
    {
        var result = new GoldilocksExt2[axis.Kernel];
        for (int u = 0; u < axis.Kernel; u++)
        {
            GoldilocksExt2 sum = GoldilocksExt2.Zero;
            for (int y = 0; y < axis.Out; y++)
            {
                int i = axis.Source(y, u);
                if (i >= 0)
                {
                    sum += eqOut[y] * eqIn[i];
                }
            }

            result[u] = sum;
        }

        return result;
    }

    /// <summary>Σ_u c[u]·a[u].</summary>
    public static GoldilocksExt2 Dot(ReadOnlySpan<GoldilocksExt2> weights, ReadOnlySpan<GoldilocksExt2> values)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int u = 0; u < values.Length; u++)
        {
            sum += weights[u] * values[u];
        }

        return sum;
    }

    /// <summary>Σ_{y &lt; Out} eq(z, y): the mass of the real output positions (a bias is masked at the padded ones).</summary>
    public static GoldilocksExt2 OutMass(WindowAxis axis, ReadOnlySpan<GoldilocksExt2> eqOut)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int y = 0; y < axis.Out; y++)
        {
            sum += eqOut[y];
        }

        return sum;
    }

    /// <summary>eq tables of <paramref name="point"/>[offset..offset+length].</summary>
    public static GoldilocksExt2[] Eq(ReadOnlySpan<GoldilocksExt2> point, int offset, int length) => ReducerKernels.EqTable(point.Slice(offset, length), GoldilocksExt2.One);

    /// <summary>
    /// The gather table T(o, iy, ix) = Σ_j eqOuter_j(o)·Ty_j(iy)·Tx_j(ix) of the sumcheck Σ X̃(o, iy, ix)·T(o, iy, ix):
    /// o the outer (batch, and for pools channel) index, one term per claim (the claim's weight in eqOuter).
    /// </summary>
    public static GoldilocksExt2[] Gather(IReadOnlyList<(GoldilocksExt2[] EqOuter, GoldilocksExt2[] Ty, GoldilocksExt2[] Tx)> terms)
    {
        int outer = terms[0].EqOuter.Length, hp = terms[0].Ty.Length, wp = terms[0].Tx.Length;
        var result = new GoldilocksExt2[outer * hp * wp];
        var plane = new GoldilocksExt2[hp * wp];
        foreach ((GoldilocksExt2[] eqOuter, GoldilocksExt2[] ty, GoldilocksExt2[] tx) in terms)
        {
            for (int i = 0; i < hp; i++)
            {
                for (int k = 0; k < wp; k++)
                {
                    plane[(i * wp) + k] = ty[i] * tx[k];
                }
            }

            for (int o = 0; o < outer; o++)
            {
                if (!eqOuter[o].IsZero)
                {
                    Span<GoldilocksExt2> slice = result.AsSpan(o * plane.Length, plane.Length);
                    for (int r = 0; r < plane.Length; r++)
                    {
                        slice[r] += eqOuter[o] * plane[r];
                    }
                }
            }
        }

        return result;
    }

    /// <summary>A degree-<paramref name="degree"/> sumcheck state for Σ_x a(x)·b(x) (degree 2: the matrix-product kernel; higher, when the layer's proof shape asks for it: the product kernel).</summary>
    public static Gkr.Protocol.Gkr.LayerSumcheckProver PairState(GoldilocksExt2[] a, GoldilocksExt2[] b, int degree, SumcheckOptions options) =>
        degree == 2 ? ReducerKernels.WeightedPairs([a], [b], [GoldilocksExt2.One], options) : ReducerKernels.Product(a, b);

    /// <summary>Every entry of a base table lifted to the extension.</summary>
    public static GoldilocksExt2[] Lift(Goldilocks[] values) => [.. values.Select(GoldilocksExt2.FromBase)];
}
