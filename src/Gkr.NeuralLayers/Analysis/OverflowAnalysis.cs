using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Analysis;

/// <summary>
/// Bounds every value of a model over all inputs, from the actual weights, the activation ranges and the
/// shapes, and refuses a model that a Goldilocks proof could get wrong. Run it before compiling a model to a circuit.
/// </summary>
/// <remarks>
/// <para>Interval arithmetic per element, in Int128 (so the analysis cannot overflow itself): the input is its
/// type's range; Dense and Conv2d give bias + Σ w·[lo − z, hi − z] over the taps that read the input (a
/// padding tap adds exactly 0), using each weight's sign; Requantize maps ends through its monotone formula
/// (M &gt; 0); MaxPool2d takes the window's largest ends; SumPool2d and ResidualAdd add. The bounds are sound
/// (every reachable value lies inside) and tight per element up to the correlation between inputs.</para>
/// <para>Refused (<see cref="ModelOverflowException"/>, naming the first failing layer): any output, accumulator,
/// branch product, pre-clamp value or requantization product x·M' + 2^(n'−1) with |v| ≥ 2^MaxMagnitudeBits, and any
/// requantization whose remainder needs n' &gt; MaxRangeCheckBits bits (n' = 31 + s − trailing zeros of M, the
/// reduced form a circuit proves: <see cref="ChannelScale.ReducedShift"/>).</para>
/// </remarks>
public static class OverflowAnalysis
{
    /// <summary>The bounds of every layer of <paramref name="model"/> under <paramref name="limits"/> (default: 62 and 24 bits).</summary>
    /// <exception cref="ModelOverflowException">A value could leave the limits.</exception>
    public static ModelBounds Analyze(QuantizedModel model, OverflowLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        limits ??= OverflowLimits.Default;
        QuantizedType inputType = model.Input.Type!.Value;
        var input = new Interval(inputType.MinValue(), inputType.MaxValue());
        Interval[] inputElements = [.. Enumerable.Repeat(input, model.Input.Shape.ElementCount)];
        var elements = new Interval[model.Layers.Count][];
        var bounds = new LayerBound[model.Layers.Count];
        for (int i = 0; i < bounds.Length; i++)
        {
            Interval[] Value(int j) => j == QuantizedModel.InputIndex ? inputElements : elements[j];
            ModelLayer layer = model.Layers[i];
            ValueSpec from = model.ValueOf(i - 1);
            var check = new Checker(i, layer.Kind, limits);
            (elements[i], bounds[i]) = Bound(layer, model.Values[i], from, Value(i - 1), Value, model.ValueOf, check);
            check.Magnitude("the output", bounds[i].Output);
        }

        return new ModelBounds(limits, input, bounds, elements);
    }

    private static (Interval[] Elements, LayerBound Bound) Bound(
        ModelLayer layer, ValueSpec spec, ValueSpec from, Interval[] x, Func<int, Interval[]> value, Func<int, ValueSpec> specOf, Checker check)
    {
        Interval[] output;
        Interval? product = null, preClamp = null;
        int remainderBits = 0;
        switch (layer)
        {
            case Dense dense:
                output = Dense(dense, x);
                break;
            case Conv2d conv:
                output = Conv(conv, from.Shape, spec.Shape, x);
                break;
            case Requantize requantize:
                (output, product, preClamp, remainderBits) = Requantize(requantize.Parameters, from.Shape, x, check);
                break;
            case MaxPool2d pool:
                output = Pool(pool.Window, from.Shape, spec.Shape, x, 0, static (a, b) => a.MaxWith(b));
                break;
            case SumPool2d pool:
                output = Pool(pool.Window, from.Shape, spec.Shape, x, from.ZeroPoint, static (a, b) => a + b);
                break;
            case ResidualAdd residual:
                ValueSpec skipSpec = specOf(residual.SkipFrom);
                Interval[] skip = value(residual.SkipFrom);
                Interval[] main = [.. x.Select(e => (e - from.ZeroPoint) * residual.MainMultiplier)];
                Interval[] side = [.. skip.Select(e => (e - skipSpec.ZeroPoint) * residual.SkipMultiplier)];
                product = Interval.UnionOf(main).Union(Interval.UnionOf(side));
                check.Magnitude("a branch product (x − z)·M", product.Value);
                output = [.. main.Zip(side, (a, b) => a + b)];
                break;
            case Flatten or Reshape:
                output = x;
                break;
            default:
                throw new NotSupportedException($"The overflow analysis has no bound for layer kind {layer.Kind}.");
        }

        return (output, new LayerBound(check.Layer, layer.Kind, Interval.UnionOf(output), product, preClamp, remainderBits));
    }

    private static Interval[] Dense(Dense layer, Interval[] x)
    {
        ReadOnlySpan<sbyte> w = layer.Weights.Values;
        var output = new Interval[layer.OutFeatures];
        for (int o = 0; o < output.Length; o++)
        {
            Interval sum = Interval.Point(layer.Bias[o]);
            for (int i = 0; i < layer.InFeatures; i++)
            {
                sum += (x[i] - layer.InputZeroPoint) * w[(o * layer.InFeatures) + i];
            }

            output[o] = sum;
        }

        return output;
    }

    private static Interval[] Conv(Conv2d layer, TensorShape inShape, TensorShape outShape, Interval[] x)
    {
        Window2d win = layer.Window;
        int channels = inShape[0], plane = inShape[1] * inShape[2], positions = outShape[1] * outShape[2];
        ReadOnlySpan<sbyte> w = layer.Weights.Values;
        var offsets = new int[win.Area];
        var output = new Interval[outShape.ElementCount];
        for (int p = 0; p < positions; p++)
        {
            win.Gather(inShape[1], inShape[2], p / outShape[2], p % outShape[2], offsets);
            for (int o = 0; o < layer.OutputChannels; o++)
            {
                Interval sum = Interval.Point(layer.Bias[o]);
                for (int c = 0; c < channels; c++)
                {
                    for (int k = 0; k < offsets.Length; k++)
                    {
                        if (offsets[k] >= 0)
                        {
                            sum += (x[(c * plane) + offsets[k]] - layer.InputZeroPoint) * w[(((o * channels) + c) * offsets.Length) + k];
                        }
                    }
                }

                output[(o * positions) + p] = sum;
            }
        }

        return output;
    }

    private static Interval[] Pool(Window2d win, TensorShape inShape, TensorShape outShape, Interval[] x, int zeroPoint, Func<Interval, Interval, Interval> combine)
    {
        int plane = inShape[1] * inShape[2], positions = outShape[1] * outShape[2];
        var offsets = new int[win.Area];
        var output = new Interval[outShape.ElementCount];
        for (int p = 0; p < positions; p++)
        {
            win.Gather(inShape[1], inShape[2], p / outShape[2], p % outShape[2], offsets);
            for (int c = 0; c < inShape[0]; c++)
            {
                Interval acc = x[(c * plane) + offsets[0]] - zeroPoint;
                for (int k = 1; k < offsets.Length; k++)
                {
                    acc = combine(acc, x[(c * plane) + offsets[k]] - zeroPoint);
                }

                output[(c * positions) + p] = acc;
            }
        }

        return output;
    }

    private static (Interval[] Output, Interval Product, Interval PreClamp, int RemainderBits) Requantize(Requantization q, TensorShape shape, Interval[] x, Checker check)
    {
        int perChannel = shape.ElementCount / shape.Channels;
        int remainderBits = q.Scales.Max(s => s.ReducedShift);
        check.Remainder(remainderBits);
        var output = new Interval[x.Length];
        Interval? product = null, preClamp = null;
        for (int i = 0; i < x.Length; i++)
        {
            int channel = i / perChannel;
            ChannelScale scale = q.ScaleOf(channel);
            Interval v = x[i] * scale.ReducedMultiplier;
            var withHalf = new Interval(v.Min, v.Max + (Int128.One << (scale.ReducedShift - 1)));
            product = product?.Union(withHalf) ?? withHalf;
            check.Magnitude("the product x·M before the shift", product.Value);

            // Monotone in x (M > 0, rounding and clamp nondecreasing): the ends map to the ends.
            var rounded = new Interval(
                Model.Requantization.RoundShift(v.Min, scale.ReducedShift, q.Rounding) + q.ZeroPoint,
                Model.Requantization.RoundShift(v.Max, scale.ReducedShift, q.Rounding) + q.ZeroPoint);
            preClamp = preClamp?.Union(rounded) ?? rounded;
            output[i] = new Interval(Int128.Clamp(rounded.Min, q.Min, q.Max), Int128.Clamp(rounded.Max, q.Min, q.Max));
        }

        return (output, product!.Value, preClamp!.Value, remainderBits);
    }

    /// <summary>Checks one layer's values against the limits, throwing the refusal that names it.</summary>
    private sealed class Checker(int layer, ModelLayerKind kind, OverflowLimits limits)
    {
        public int Layer => layer;

        public void Magnitude(string what, Interval bound)
        {
            if (bound.MagnitudeBits > limits.MaxMagnitudeBits)
            {
                throw new ModelOverflowException(layer, kind, what, bound, bound.MagnitudeBits, limits.MaxMagnitudeBits);
            }
        }

        public void Remainder(int bits)
        {
            if (bits > limits.MaxRangeCheckBits)
            {
                throw new ModelOverflowException(layer, kind, "the requantization remainder", new Interval(0, (Int128.One << bits) - 1), bits, limits.MaxRangeCheckBits);
            }
        }
    }
}
