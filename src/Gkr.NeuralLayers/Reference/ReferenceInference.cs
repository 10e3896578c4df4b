using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Reference;

/// <summary>
/// Bit-exact integer inference of a <see cref="QuantizedModel"/> over a batch, keeping every layer's output:
/// the values a proof of the model must reproduce.
/// </summary>
/// <remarks>
/// <para>The arithmetic, per layer (z: zero points; all sums exact in int64, so their order does not matter):
/// Dense and Conv2d acc = bias + Σ w·(x − z_in), padding contributing 0; Requantize
/// y = clamp(round(acc·M / 2^(31+s)) + z_out, qmin, qmax) with x·M in Int128 and the exact rounding of
/// <see cref="RoundingMode"/>; MaxPool2d the window maximum; SumPool2d Σ (x − z_in) over the window;
/// ResidualAdd (a − z_a)·M_a + (b − z_b)·M_b; Flatten and Reshape copy.</para>
/// <para>Inner products use packed int32 lanes widened to int64 (<see cref="IntegerDot"/>), exact for any
/// length. Accumulators are int64: the reference is exact whenever |acc| &lt; 2^63, which
/// <see cref="Analysis.OverflowAnalysis"/> guarantees (with margin) for every model it accepts.</para>
/// </remarks>
public static class ReferenceInference
{
    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="batch"/> samples; <paramref name="input"/> holds them
    /// sample-major (sample b's element i at b·n + i), each a value of the model's input type.
    /// </summary>
    /// <exception cref="ArgumentException">Batch below 1, an input length that is not batch × the input element count, an input value outside the input type, or a batch whose values exceed 2^31 elements.</exception>
    public static InferenceTrace Run(QuantizedModel model, ReadOnlySpan<int> input, int batch = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (batch < 1)
        {
            throw new ArgumentException($"The batch must have at least one sample; got {batch}.", nameof(batch));
        }

        int largest = model.Values.Append(model.Input).Max(v => v.Shape.ElementCount);
        if ((long)batch * largest > Array.MaxLength)
        {
            throw new ArgumentException($"A batch of {batch} samples with values of {largest} elements is too large for one array.", nameof(batch));
        }

        if (input.Length != (long)batch * model.Input.Shape.ElementCount)
        {
            throw new ArgumentException($"The input holds {input.Length} values; {batch} samples of {model.Input.Shape} need {(long)batch * model.Input.Shape.ElementCount}.", nameof(input));
        }

        QuantizedType type = model.Input.Type!.Value;
        for (int i = 0; i < input.Length; i++)
        {
            if (input[i] < type.MinValue() || input[i] > type.MaxValue())
            {
                throw new ArgumentException($"Input value {i} is {input[i]}, outside the {type} range [{type.MinValue()}, {type.MaxValue()}].", nameof(input));
            }
        }

        var inputTensor = new LayerTensor(model.Input, batch, input.ToArray(), null);
        var layers = new LayerTensor[model.Layers.Count];
        for (int i = 0; i < layers.Length; i++)
        {
            LayerTensor previous = i == 0 ? inputTensor : layers[i - 1];
            layers[i] = Evaluate(model.Layers[i], model.Values[i], previous, j => j == QuantizedModel.InputIndex ? inputTensor : layers[j]);
        }

        int[]? argmax = model.Output == ModelOutput.Argmax ? ElementwiseKernels.Argmax(layers[^1]) : null;
        return new InferenceTrace(model, inputTensor, layers, argmax);
    }

    private static LayerTensor Evaluate(ModelLayer layer, ValueSpec spec, LayerTensor input, Func<int, LayerTensor> earlier)
    {
        int batch = input.Batch;
        TensorShape inShape = input.Spec.Shape;
        return layer switch
        {
            Dense dense => Accumulators(LinearKernels.Dense(dense, input.RawActivations, batch)),
            Conv2d conv => Accumulators(LinearKernels.Conv2d(conv, input.RawActivations, inShape, spec.Shape, batch)),
            Requantize requantize => Activations(ElementwiseKernels.Requantize(requantize.Parameters, input.RawAccumulators, inShape)),
            MaxPool2d pool => Activations(PoolKernels.Max(pool.Window, input.RawActivations, inShape, spec.Shape, batch)),
            SumPool2d pool => Accumulators(PoolKernels.Sum(pool.Window, input.RawActivations, input.Spec.ZeroPoint, inShape, spec.Shape, batch)),
            ResidualAdd residual => Accumulators(ElementwiseKernels.Residual(
                residual, input.RawActivations, input.Spec.ZeroPoint, earlier(residual.SkipFrom).RawActivations, earlier(residual.SkipFrom).Spec.ZeroPoint)),
            Flatten or Reshape => new LayerTensor(spec, batch, input.Spec.IsActivation ? input.RawActivations : null, input.Spec.IsActivation ? null : input.RawAccumulators),
            _ => throw new NotSupportedException($"The reference inference has no kernel for layer kind {layer.Kind}."),
        };

        LayerTensor Accumulators(long[] values) => new(spec, batch, null, values);
        LayerTensor Activations(int[] values) => new(spec, batch, values, null);
    }
}
