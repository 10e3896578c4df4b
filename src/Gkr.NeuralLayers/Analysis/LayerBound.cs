using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Analysis;

/// <summary>
/// The bounds of one layer, for every input the model accepts: what a circuit compiler sizes range checks,
/// clamp tables and field-width margins by.
/// </summary>
/// <param name="Layer">The layer index.</param>
/// <param name="Kind">Its kind.</param>
/// <param name="Output">Every output value lies inside (over all elements).</param>
/// <param name="Product">Requantize: x·M' and x·M' + 2^(n'−1) before the shift (reduced form, <see cref="ChannelScale.ReducedMultiplier"/>);
/// ResidualAdd: both branch products (a − z_a)·M_a and (b − z_b)·M_b; null otherwise.</param>
/// <param name="PreClamp">Requantize: round(x·M / 2^(31+s)) + z before the clamp (the clamp table's input range); null otherwise.</param>
/// <param name="RemainderBits">Requantize: the largest n' over its channels (remainders lie in [0, 2^n')); 0 otherwise.</param>
public sealed record LayerBound(int Layer, ModelLayerKind Kind, Interval Output, Interval? Product, Interval? PreClamp, int RemainderBits)
{
    /// <summary>The bits of the largest |v| among the output, the product and the pre-clamp value.</summary>
    public int MagnitudeBits => Math.Max(Output.MagnitudeBits, Math.Max(Product?.MagnitudeBits ?? 0, PreClamp?.MagnitudeBits ?? 0));
}
