using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Analysis;

/// <summary>A model is refused: some value of a layer could leave the limits, so a proof of it could be wrong or fail.</summary>
public sealed class ModelOverflowException : Exception
{
    /// <summary>The refusal of layer <paramref name="layer"/>: <paramref name="what"/> needs <paramref name="bits"/> bits, the limit is <paramref name="limitBits"/>.</summary>
    public ModelOverflowException(int layer, ModelLayerKind kind, string what, Interval bound, int bits, int limitBits)
        : base($"layer {layer} ({kind}): {what} can reach {bound} ({bits} bits), above the limit of {limitBits} bits.")
    {
        Layer = layer;
        Kind = kind;
        What = what;
        Bound = bound;
        Bits = bits;
        LimitBits = limitBits;
    }

    /// <summary>The refused layer's index.</summary>
    public int Layer { get; }

    /// <summary>Its kind.</summary>
    public ModelLayerKind Kind { get; }

    /// <summary>Which value: "the output", "the product x·M before the shift", "the requantization remainder".</summary>
    public string What { get; }

    /// <summary>The bound of that value (for a remainder, [0, 2^n' − 1]).</summary>
    public Interval Bound { get; }

    /// <summary>The bits it needs.</summary>
    public int Bits { get; }

    /// <summary>The limit it exceeds.</summary>
    public int LimitBits { get; }
}
