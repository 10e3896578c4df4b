namespace Gkr.NeuralLayers.Model;

/// <summary>What a model's inference claims as its result.</summary>
public enum ModelOutput : byte
{
    /// <summary>The last layer's values (logits), all of them.</summary>
    Logits = 1,

    /// <summary>Only the index of the largest of the last layer's values (the lowest index among equal maxima).</summary>
    Argmax = 2,
}
