namespace Gkr.NeuralLayers.Model;

/// <summary>What a layer outputs.</summary>
public enum ValueKind : byte
{
    /// <summary>Quantized activations of a <see cref="QuantizedType"/> with a zero point (int8 or uint8 values, held as int).</summary>
    Activation = 1,

    /// <summary>Wide integer accumulators (held as long): Dense and Conv2d sums, sum pools, residual sums, before requantization.</summary>
    Accumulator = 2,
}
