namespace Gkr.NeuralLayers.Model;

/// <summary>
/// A quantized network: the input's shape, type and zero point, the ordered layers and what the output is.
/// Layer i reads layer i − 1's output (the input for layer 0); a <see cref="ResidualAdd"/> also reads an
/// earlier value by index (<see cref="InputIndex"/> for the input). The constructor runs shape inference
/// through the whole model, so every instance is consistent: <see cref="Values"/> holds each layer's output spec.
/// </summary>
public sealed record QuantizedModel
{
    /// <summary>The index that names the model input where a layer index is expected.</summary>
    public const int InputIndex = -1;

    /// <summary>The largest number of layers.</summary>
    public const int MaxLayers = 1 << 16;

    private readonly ModelLayer[] _layers;
    private readonly ValueSpec[] _values;

    /// <summary>A model; shape inference runs now.</summary>
    /// <exception cref="ArgumentException">No layer or more than <see cref="MaxLayers"/>, a null layer, an input zero point outside its type, or an undefined output mode.</exception>
    /// <exception cref="ModelShapeException">A layer does not fit what it reads (the message names the layer).</exception>
    public QuantizedModel(TensorShape inputShape, QuantizedType inputType, int inputZeroPoint, IEnumerable<ModelLayer> layers, ModelOutput output = ModelOutput.Logits)
    {
        ArgumentNullException.ThrowIfNull(inputShape);
        ArgumentNullException.ThrowIfNull(layers);
        inputType.RequireValue(inputZeroPoint, "The input zero point", nameof(inputZeroPoint));
        if (!Enum.IsDefined(output))
        {
            throw new ArgumentException($"Unknown model output mode {(int)output}.", nameof(output));
        }

        _layers = [.. layers];
        if (_layers.Length is 0 or > MaxLayers || _layers.Any(l => l is null))
        {
            throw new ArgumentException($"A model has 1 to {MaxLayers} layers, none null; got {_layers.Length}.", nameof(layers));
        }

        Input = ValueSpec.Activation(inputShape, inputType, inputZeroPoint);
        Output = output;
        _values = new ValueSpec[_layers.Length];
        for (int i = 0; i < _layers.Length; i++)
        {
            int index = i;
            ValueSpec Earlier(int j) => j >= InputIndex && j < index
                ? ValueOf(j)
                : throw new ArgumentException($"it reads value {j}, which is not an earlier layer or the input ({InputIndex}).");
            try
            {
                _values[i] = _layers[i].InferOutput(ValueOf(i - 1), Earlier);
            }
            catch (ArgumentException ex) when (ex is not ModelShapeException)
            {
                throw new ModelShapeException(i, _layers[i].Kind, ex.Message);
            }
        }
    }

    /// <summary>The input: its shape, type and zero point.</summary>
    public ValueSpec Input { get; }

    /// <summary>The layers in order.</summary>
    public IReadOnlyList<ModelLayer> Layers => _layers;

    /// <summary>Each layer's output spec (index i: layer i).</summary>
    public IReadOnlyList<ValueSpec> Values => _values;

    /// <summary>Logits or argmax.</summary>
    public ModelOutput Output { get; }

    /// <summary>The last layer's output spec.</summary>
    public ValueSpec OutputSpec => _values[^1];

    /// <summary>The spec of value <paramref name="index"/>: a layer's output, or the input for <see cref="InputIndex"/>.</summary>
    public ValueSpec ValueOf(int index) => index == InputIndex ? Input : _values[index];
}
