namespace Gkr.NeuralLayers.Analysis;

/// <summary>The result of <see cref="OverflowAnalysis.Analyze"/>: a bound per layer, all within <see cref="Limits"/>.</summary>
public sealed class ModelBounds
{
    internal ModelBounds(OverflowLimits limits, Interval input, LayerBound[] layers, Interval[][] elements)
    {
        Limits = limits;
        Input = input;
        Layers = layers;
        Elements = elements;
    }

    /// <summary>The limits the model was checked against.</summary>
    public OverflowLimits Limits { get; }

    /// <summary>The input's range (its type's).</summary>
    public Interval Input { get; }

    /// <summary>One bound per layer, in order.</summary>
    public IReadOnlyList<LayerBound> Layers { get; }

    /// <summary>The largest <see cref="LayerBound.MagnitudeBits"/> of the model.</summary>
    public int MagnitudeBits => Layers.Max(l => l.MagnitudeBits);

    /// <summary>The widest requantization remainder of the model (0 without requantization).</summary>
    public int RemainderBits => Layers.Max(l => l.RemainderBits);

    /// <summary>Per layer, the interval of each element of one sample (for tests and tighter tables).</summary>
    internal Interval[][] Elements { get; }
}
