using System.Collections.Immutable;
using System.Numerics;
using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Compiler;

/// <summary>The walk behind <see cref="ModelCircuit.Compile"/>: checks the subset, runs the overflow analysis, then emits layers and tables in model order.</summary>
internal static class ModelCircuitCompiler
{
    /// <summary>The bound RequantizeLayer enforces on acc·M + 2^(S−1).</summary>
    private const int ProductBits = 62;

    public static ModelCircuit Compile(QuantizedModel model, int batch, OverflowLimits limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        CheckSubset(model);
        ModelBounds bounds = OverflowAnalysis.Analyze(model, limits);
        NeuralLayerKinds.EnsureRegistered();

        int batchVars = Variables(batch, 0), inputVars = Variables(model.Input.Shape.ElementCount, 1);
        var builder = new GraphCircuitBuilder(1 << (batchVars + inputVars));
        var tables = new List<Goldilocks[]>();
        PolynomialRef current = PolynomialRef.Input;
        int vars = inputVars;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            switch (model.Layers[i])
            {
                case Dense dense:
                    int outVars = Variables(dense.OutFeatures, 1);
                    PolynomialRef w = builder.AddTable($"layer {i} dense weights", outVars + vars);
                    PolynomialRef bias = builder.AddTable($"layer {i} dense bias (input zero point folded in)", outVars);
                    tables.Add(Weights(dense, vars, outVars));
                    tables.Add(FoldedBias(dense, outVars));
                    current = builder.AddLayer(new DenseLayer(current, w, bias, batchVars, vars, outVars));
                    vars = outVars;
                    break;
                case Requantize requantize:
                    current = AddRequantize(builder, tables, requantize.Parameters, i, current, batchVars, vars, bounds);
                    break;
                case Flatten or Reshape:
                    break; // identity on the row-major flat index
                default:
                    throw Unsupported(i, model.Layers[i].Kind, "it is outside the MLP subset (Dense, Requantize, Flatten, Reshape)");
            }
        }

        return new ModelCircuit(model, batch, batchVars, builder.Build(), [.. tables], inputVars, vars, bounds);
    }

    /// <summary>Refuses, before any analysis, every layer and option the compiler cannot prove.</summary>
    private static void CheckSubset(QuantizedModel model)
    {
        if (model.Output == ModelOutput.Argmax)
        {
            throw new NotSupportedException("The MLP compiler proves logits; an argmax output is not supported.");
        }

        bool anyDense = false;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            ModelLayer layer = model.Layers[i];
            switch (layer)
            {
                case Dense:
                    anyDense = true;
                    break;
                case Requantize r when r.Parameters.Rounding != RoundingMode.RoundHalfUp:
                    throw Unsupported(i, layer.Kind, $"its rounding is {r.Parameters.Rounding}; the circuit proves {RoundingMode.RoundHalfUp} only");
                case Requantize r when r.Parameters.IsPerChannel && !model.ValueOf(i - 1).Shape.IsFlat:
                    throw Unsupported(i, layer.Kind, $"it is per channel on {model.ValueOf(i - 1).Shape}; per-channel requantization is compiled on flat vectors only");
                case Requantize or Flatten or Reshape:
                    break;
                default:
                    throw Unsupported(i, layer.Kind, "it is outside the MLP subset (Dense, Requantize, Flatten, Reshape)");
            }
        }

        if (!anyDense)
        {
            throw new NotSupportedException("The model has no Dense layer: the compiled circuit would have no layer.");
        }
    }

    private static NotSupportedException Unsupported(int index, ModelLayerKind kind, string why) =>
        new($"Layer {index} ({kind}) is not supported by the MLP circuit compiler: {why}.");

    /// <summary>u = requantize(acc) (reduced form, a common shift per channel) and y = clamp(u, qmin, qmax).</summary>
    private static PolynomialRef AddRequantize(GraphCircuitBuilder builder, List<Goldilocks[]> tables, Requantization q, int index, PolynomialRef acc, int batchVars, int vars, ModelBounds bounds)
    {
        int shift = q.Scales.Max(s => s.ReducedShift);
        long[] multipliers = [.. q.Scales.Select(s => (long)s.ReducedMultiplier << (shift - s.ReducedShift))];
        CheckProducts(index, q, bounds.Elements[index - 1], multipliers, shift);

        PolynomialRef? table = null;
        if (q.IsPerChannel)
        {
            table = builder.AddTable($"layer {index} requantize multipliers", vars);
            var padded = new Goldilocks[1 << vars];
            for (int c = 0; c < multipliers.Length; c++)
            {
                padded[c] = Goldilocks.FromInt64(multipliers[c]);
            }

            tables.Add(padded);
        }

        PolynomialRef u = RequantizeLayer.Add(builder, acc, batchVars + vars, multipliers[0], table, 0, q.IsPerChannel ? vars : 0, shift, q.ZeroPoint);
        return builder.AddClamp(u, ClampBits(index, q, bounds.Layers[index]), q.Min, q.Max);
    }

    /// <summary>|acc·M_c + 2^(S−1)| &lt; 2^62 for every real accumulator and for the padding's 0 (the scaled per-channel multipliers can exceed the analysis's reduced ones).</summary>
    private static void CheckProducts(int index, Requantization q, Interval[] accumulators, long[] multipliers, int shift)
    {
        Int128 half = Int128.One << (shift - 1);
        Interval all = Interval.Point(half);
        for (int e = 0; e < accumulators.Length; e++)
        {
            Interval v = accumulators[e] * multipliers[q.IsPerChannel ? e : 0];
            all = all.Union(new Interval(v.Min + half, v.Max + half));
        }

        if (all.MagnitudeBits > ProductBits)
        {
            throw new ModelOverflowException(index, ModelLayerKind.Requantize, "the requantization product acc·M + 2^(S−1) at the common shift", all, all.MagnitudeBits, ProductBits);
        }
    }

    /// <summary>The least bits with the pre-clamp bound, the zero point (padding) and [qmin, qmax] inside [−2^(bits−1), 2^(bits−1)).</summary>
    private static int ClampBits(int index, Requantization q, LayerBound bound)
    {
        Interval range = (bound.PreClamp ?? Interval.Point(q.ZeroPoint)).Union(Interval.Point(q.ZeroPoint)).Union(new Interval(q.Min, q.Max));
        int bits = 1;
        while (bits <= 64 && (range.Min < -(Int128.One << (bits - 1)) || range.Max >= Int128.One << (bits - 1)))
        {
            bits++;
        }

        return bits <= ModelCircuit.MaxClampBits
            ? bits
            : throw new ModelOverflowException(index, ModelLayerKind.Requantize, "the pre-clamp value (the clamp table's input)", range, bits, ModelCircuit.MaxClampBits);
    }

    /// <summary>W padded to 2^out rows of 2^in columns with zeros: W[o·2^in + i].</summary>
    private static Goldilocks[] Weights(Dense dense, int inVars, int outVars)
    {
        ReadOnlySpan<sbyte> w = dense.Weights.Values;
        var table = new Goldilocks[1 << (outVars + inVars)];
        for (int o = 0; o < dense.OutFeatures; o++)
        {
            for (int i = 0; i < dense.InFeatures; i++)
            {
                table[(o << inVars) + i] = Goldilocks.FromInt64(w[(o * dense.InFeatures) + i]);
            }
        }

        return table;
    }

    /// <summary>bias'[o] = bias[o] − z_in·Σ_i W[o, i] over the real features, padded with zeros.</summary>
    private static Goldilocks[] FoldedBias(Dense dense, int outVars)
    {
        ReadOnlySpan<sbyte> w = dense.Weights.Values;
        var table = new Goldilocks[1 << outVars];
        for (int o = 0; o < dense.OutFeatures; o++)
        {
            long sum = 0;
            for (int i = 0; i < dense.InFeatures; i++)
            {
                sum += w[(o * dense.InFeatures) + i];
            }

            table[o] = Goldilocks.FromInt64(dense.Bias[o] - (dense.InputZeroPoint * sum));
        }

        return table;
    }

    /// <summary>⌈log2 n⌉, at least <paramref name="minimum"/>.</summary>
    private static int Variables(int n, int minimum) => Math.Max(minimum, n <= 1 ? 0 : BitOperations.Log2((uint)(n - 1)) + 1);
}
