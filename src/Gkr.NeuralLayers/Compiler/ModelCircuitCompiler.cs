using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Layers;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Compiler;

/// <summary>The walk behind <see cref="ModelCircuit.Compile"/>: runs the overflow analysis, then emits layers and tables in model order.</summary>
internal static class ModelCircuitCompiler
{
    /// <summary>The bound RequantizeLayer enforces on acc·M + 2^(S−1).</summary>
    private const int ProductBits = 62;

    public static ModelCircuit Compile(QuantizedModel model, int batch, OverflowLimits limits)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        CheckLayouts(model);
        ModelBounds bounds = OverflowAnalysis.Analyze(model, limits);
        NeuralLayerKinds.EnsureRegistered();
        var walk = new Walk(model, bounds, ValueLayout.Bits(batch, 0));
        for (int i = 0; i < model.Layers.Count; i++)
        {
            walk.Emit(i);
        }

        int outputVariables = walk.Values[^1].Layout.Variables;
        if (model.Output == ModelOutput.Argmax)
        {
            walk.Argmax();
            outputVariables = 0;
        }

        return new ModelCircuit(model, batch, walk.BatchVariables, walk.Builder.Build(), [.. walk.Tables], walk.InputLayout, walk.Values[^1].Layout, outputVariables, bounds);
    }

    /// <summary>Refuses, before any analysis, the layouts the circuit cannot express (named by layer).</summary>
    private static void CheckLayouts(QuantizedModel model)
    {
        for (int i = 0; i < model.Layers.Count; i++)
        {
            ModelLayer layer = model.Layers[i];
            ValueSpec from = model.ValueOf(i - 1);
            switch (layer)
            {
                case Requantize r when r.Parameters.IsPerChannel && !from.Shape.IsChw && !from.Shape.IsFlat:
                    throw Unsupported(i, layer.Kind, $"it is per channel on {from.Shape}; per-channel requantization is compiled on images and flat vectors");
                case Requantize r when r.Parameters.IsPerChannel && from.Shape.IsFlat && IsImageValue(model, i - 1):
                    throw Unsupported(i, layer.Kind, $"it is per channel on a flattened image {from.Shape}; requantize per channel before the Flatten");
                case Reshape reshape when reshape.Target.IsChw && reshape.Target != from.Shape:
                    throw Unsupported(i, layer.Kind, $"it reshapes {from.Shape} to {reshape.Target}; only reshapes that keep the value's layout (to a non-image shape, or to its own shape) are compiled");
                default:
                    break;
            }
        }
    }

    /// <summary>Whether value <paramref name="index"/> is laid out as an image (it or a value it was flattened from is [C, H, W]).</summary>
    private static bool IsImageValue(QuantizedModel model, int index)
    {
        for (int j = index; j >= QuantizedModel.InputIndex; j--)
        {
            if (model.ValueOf(j).Shape.IsChw)
            {
                return true;
            }

            if (j < 0 || model.Layers[j] is not (Flatten or Reshape or Requantize))
            {
                return false;
            }
        }

        return false;
    }

    private static NotSupportedException Unsupported(int index, ModelLayerKind kind, string why) =>
        new($"Layer {index} ({kind}) is not supported by the circuit compiler: {why}.");

    /// <summary>The compiler's state: the builder, the tables so far, and each value's polynomial and layout.</summary>
    private sealed class Walk
    {
        private readonly QuantizedModel _model;
        private readonly ModelBounds _bounds;

        public Walk(QuantizedModel model, ModelBounds bounds, int batchVariables)
        {
            _model = model;
            _bounds = bounds;
            BatchVariables = batchVariables;
            InputLayout = ValueLayout.For(model.Input.Shape);
            Builder = new GraphCircuitBuilder(1 << (batchVariables + InputLayout.Variables));
            Values = new (PolynomialRef, ValueLayout)[model.Layers.Count];
        }

        public int BatchVariables { get; }

        public ValueLayout InputLayout { get; }

        public GraphCircuitBuilder Builder { get; }

        public List<Goldilocks[]> Tables { get; } = [];

        /// <summary>Per layer: its output polynomial and layout.</summary>
        public (PolynomialRef Ref, ValueLayout Layout)[] Values { get; }

        private (PolynomialRef Ref, ValueLayout Layout) ValueAt(int index) => index == QuantizedModel.InputIndex ? (PolynomialRef.Input, InputLayout) : Values[index];

        public void Emit(int i)
        {
            (PolynomialRef current, ValueLayout layout) = ValueAt(i - 1);
            ValueSpec spec = _model.Values[i];
            Values[i] = _model.Layers[i] switch
            {
                Dense dense => AddDense(i, dense, current, layout),
                Conv2d conv => AddConv(i, conv, current, layout),
                Requantize requantize => (AddRequantize(i, requantize.Parameters, current, layout), layout),
                MaxPool2d pool => (AddMaxPool(i, pool, current, layout), ValueLayout.For(spec.Shape)),
                SumPool2d pool => (Builder.AddLayer(new SumPoolLayer(current, Geometry(layout, pool.Window))), ValueLayout.For(spec.Shape)),
                ResidualAdd residual => (AddResidual(residual, current, layout), layout),
                Flatten or Reshape => AddFlatten(current, layout, spec),
                _ => throw Unsupported(i, _model.Layers[i].Kind, "the compiler has no circuit for this layer kind"),
            };
        }

        /// <summary>
        /// Flatten or Reshape: free (the padded index of a row-major element does not change) unless the value is a padded
        /// image becoming a flat vector that needs fewer variables; then a compact flatten, so that the next Dense's weights
        /// cover the real inputs only.
        /// </summary>
        private (PolynomialRef, ValueLayout) AddFlatten(PolynomialRef current, ValueLayout layout, ValueSpec spec)
        {
            int n = spec.Shape.ElementCount;
            return !layout.IsImage || spec.Shape.IsChw || layout.Variables <= ValueLayout.Bits(n, 1)
                ? (current, layout)
                : (Builder.AddLayer(new CompactFlattenLayer(current, BatchVariables, layout.Channels, layout.Height, layout.Width)), ValueLayout.Flat(n));
        }

        /// <summary>The class per sample: an argmax layer over the last value's real features.</summary>
        public PolynomialRef Argmax()
        {
            (PolynomialRef logits, ValueLayout layout) = Values[^1];
            int last = Values.Length - 1;
            Interval all = Interval.UnionOf(_bounds.Elements[last]);
            int bits = ValueLayout.Bits((int)Math.Min(int.MaxValue, (long)(all.Max - all.Min) + 2), 1);
            if (bits > ModelCircuit.MaxClampBits)
            {
                throw new ModelOverflowException(last, _model.Layers[last].Kind, "the argmax differences (the spread of the last layer's values)", all, bits, ModelCircuit.MaxClampBits);
            }

            return ArgmaxLayer.Add(Builder, logits, BatchVariables, layout.Variables, _model.OutputSpec.Shape.ElementCount, bits);
        }

        private (PolynomialRef, ValueLayout) AddDense(int i, Dense dense, PolynomialRef input, ValueLayout layout)
        {
            int inVars = layout.Variables, outVars = ValueLayout.Bits(dense.OutFeatures, 1);
            PolynomialRef w = Builder.AddTable($"layer {i} dense weights", outVars + inVars);
            PolynomialRef bias = Builder.AddTable($"layer {i} dense bias", outVars);
            ReadOnlySpan<sbyte> weights = dense.Weights.Values;
            var table = new Goldilocks[1 << (outVars + inVars)];
            for (int o = 0; o < dense.OutFeatures; o++)
            {
                for (int f = 0; f < dense.InFeatures; f++)
                {
                    table[(o << inVars) + layout.IndexOf(f)] = Goldilocks.FromInt64(weights[(o * dense.InFeatures) + f]);
                }
            }

            Tables.Add(table);
            Tables.Add(Biases(dense.Bias, outVars));
            return (Builder.AddLayer(new DenseLayer(input, w, bias, BatchVariables, inVars, outVars)), ValueLayout.Flat(dense.OutFeatures));
        }

        private (PolynomialRef, ValueLayout) AddConv(int i, Conv2d conv, PolynomialRef input, ValueLayout layout)
        {
            WindowGeometry g = Geometry(layout, conv.Window);
            int ov = ValueLayout.Bits(conv.OutputChannels, 0), cv = layout.ChannelVariables;
            int uv = ValueLayout.Bits(g.KernelHeight, 0), vv = ValueLayout.Bits(g.KernelWidth, 0);
            PolynomialRef w = Builder.AddTable($"layer {i} conv weights", ov + cv + uv + vv);
            PolynomialRef bias = Builder.AddTable($"layer {i} conv bias", ov);
            ReadOnlySpan<sbyte> weights = conv.Weights.Values;
            var table = new Goldilocks[1 << (ov + cv + uv + vv)];
            int k = 0;
            for (int o = 0; o < conv.OutputChannels; o++)
            {
                for (int c = 0; c < conv.InputChannels; c++)
                {
                    for (int u = 0; u < g.KernelHeight; u++)
                    {
                        for (int v = 0; v < g.KernelWidth; v++)
                        {
                            table[(((((o << cv) | c) << uv) | u) << vv) | v] = Goldilocks.FromInt64(weights[k++]);
                        }
                    }
                }
            }

            Tables.Add(table);
            Tables.Add(Biases(conv.Bias, ov));
            return (Builder.AddLayer(new Conv2dLayer(input, w, bias, g, conv.OutputChannels)), ValueLayout.For(_model.Values[i].Shape));
        }

        private PolynomialRef AddMaxPool(int i, MaxPool2d pool, PolynomialRef input, ValueLayout layout)
        {
            Interval all = InputSpread(i);
            int bits = ValueLayout.Bits((int)Math.Min(int.MaxValue, (long)(all.Max - all.Min) + 1), 1);
            WindowGeometry g = Geometry(layout, pool.Window);
            bool aligned = pool.Window is { KernelHeight: 2, KernelWidth: 2, StrideHeight: 2, StrideWidth: 2 }
                && layout.Height % 2 == 0 && layout.Width % 2 == 0
                && layout.HeightVariables == g.OutHeightVariables + 1 && layout.WidthVariables == g.OutWidthVariables + 1;
            return aligned
                ? MaxPoolLayer.Add(Builder, input, BatchVariables + layout.ChannelVariables, g.OutHeightVariables, g.OutWidthVariables, bits)
                : WindowMaxPoolLayer.Add(Builder, input, g, bits);
        }

        private PolynomialRef AddResidual(ResidualAdd residual, PolynomialRef main, ValueLayout layout)
        {
            (PolynomialRef skip, ValueLayout skipLayout) = ValueAt(residual.SkipFrom);
            if (skipLayout != layout)
            {
                throw new InvalidOperationException($"A residual's branches are laid out as {layout} and {skipLayout}.");
            }

            return Builder.AddLayer(new ScaledSumLayer(main, skip, residual.MainMultiplier, residual.SkipMultiplier, BatchVariables + layout.Variables));
        }

        /// <summary>The spread of the values layer <paramref name="i"/> reads.</summary>
        private Interval InputSpread(int i) =>
            i == 0 ? _bounds.Input : Interval.UnionOf(_bounds.Elements[i - 1]);

        private WindowGeometry Geometry(ValueLayout layout, Window2d window) =>
            new(BatchVariables, layout.Channels, layout.Height, layout.Width, window.KernelHeight, window.KernelWidth, window.StrideHeight, window.StrideWidth, window.PaddingHeight, window.PaddingWidth);

        /// <summary>u = requantize(acc) (reduced form, a common shift per channel, zero point 0: activations stay centered) and y = clamp(u, qmin − z, qmax − z).</summary>
        private PolynomialRef AddRequantize(int index, Requantization q, PolynomialRef acc, ValueLayout layout)
        {
            int shift = q.Scales.Max(s => s.ReducedShift);
            long[] multipliers = [.. q.Scales.Select(s => (long)s.ReducedMultiplier << (shift - s.ReducedShift))];
            CheckProducts(index, q, _bounds.Elements[index - 1], multipliers, shift);

            PolynomialRef? table = null;
            int offset = 0, channelVars = 0;
            if (q.IsPerChannel)
            {
                channelVars = layout.ChannelVariables;
                offset = layout.HeightVariables + layout.WidthVariables;
                table = Builder.AddTable($"layer {index} requantize multipliers", channelVars);
                var padded = new Goldilocks[1 << channelVars];
                for (int c = 0; c < multipliers.Length; c++)
                {
                    padded[c] = Goldilocks.FromInt64(multipliers[c]);
                }

                Tables.Add(padded);
            }

            PolynomialRef u = RequantizeLayer.Add(Builder, acc, BatchVariables + layout.Variables, multipliers[0], table, offset, channelVars, shift, 0, q.Rounding);
            return Builder.AddClamp(u, ClampBits(index, q, _bounds.Layers[index]), q.Min - q.ZeroPoint, q.Max - q.ZeroPoint);
        }
    }

    /// <summary>The bias padded with zeros to 2^<paramref name="vars"/>.</summary>
    private static Goldilocks[] Biases(ReadOnlySpan<int> bias, int vars)
    {
        var table = new Goldilocks[1 << vars];
        for (int o = 0; o < bias.Length; o++)
        {
            table[o] = Goldilocks.FromInt64(bias[o]);
        }

        return table;
    }

    /// <summary>|acc·M_c + 2^(S−1)| &lt; 2^62 for every real accumulator and for the padding's 0 (the scaled per-channel multipliers can exceed the analysis's reduced ones).</summary>
    private static void CheckProducts(int index, Requantization q, Interval[] accumulators, long[] multipliers, int shift)
    {
        Int128 half = Int128.One << (shift - 1);
        Interval all = Interval.Point(half);
        int perChannel = q.IsPerChannel ? Math.Max(1, accumulators.Length / multipliers.Length) : accumulators.Length;
        for (int e = 0; e < accumulators.Length; e++)
        {
            Interval v = accumulators[e] * multipliers[q.IsPerChannel ? Math.Min(multipliers.Length - 1, e / perChannel) : 0];
            all = all.Union(new Interval(v.Min + half, v.Max + half));
        }

        if (all.MagnitudeBits > ProductBits)
        {
            throw new ModelOverflowException(index, ModelLayerKind.Requantize, "the requantization product acc·M + 2^(S−1) at the common shift", all, all.MagnitudeBits, ProductBits);
        }
    }

    /// <summary>The least bits with the centered pre-clamp bound, 0 (padding) and [qmin − z, qmax − z] inside [−2^(bits−1), 2^(bits−1)).</summary>
    private static int ClampBits(int index, Requantization q, LayerBound bound)
    {
        Interval z = Interval.Point(q.ZeroPoint);
        Interval range = ((bound.PreClamp ?? z) - (Int128)q.ZeroPoint).Union(Interval.Point(0)).Union(new Interval(q.Min - q.ZeroPoint, q.Max - q.ZeroPoint));
        int bits = 1;
        while (bits <= 64 && (range.Min < -(Int128.One << (bits - 1)) || range.Max >= Int128.One << (bits - 1)))
        {
            bits++;
        }

        return bits <= ModelCircuit.MaxClampBits
            ? bits
            : throw new ModelOverflowException(index, ModelLayerKind.Requantize, "the pre-clamp value (the clamp table's input)", range, bits, ModelCircuit.MaxClampBits);
    }
}
