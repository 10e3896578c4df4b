using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Reference;

/// <summary>Every value of a reference inference: the input, each layer's output, and the argmax when the model claims one.</summary>
public sealed class InferenceTrace
{
    internal InferenceTrace(QuantizedModel model, LayerTensor input, LayerTensor[] layers, int[]? argmax)
    {
        Model = model;
        Input = input;
        Layers = layers;
        Argmax = argmax;
    }

    /// <summary>The model run.</summary>
    public QuantizedModel Model { get; }

    /// <summary>The input batch.</summary>
    public LayerTensor Input { get; }

    /// <summary>Layer i's output for every sample.</summary>
    public IReadOnlyList<LayerTensor> Layers { get; }

    /// <summary>The last layer's output (the logits).</summary>
    public LayerTensor Output => Layers[^1];

    /// <summary>Per sample, the index of the largest output value (lowest index on ties); null unless the model's output is <see cref="ModelOutput.Argmax"/>.</summary>
    public IReadOnlyList<int>? Argmax { get; }

    /// <summary>Value <paramref name="index"/>: a layer's output, or the input for <see cref="QuantizedModel.InputIndex"/>.</summary>
    public LayerTensor ValueOf(int index) => index == QuantizedModel.InputIndex ? Input : Layers[index];
}
