namespace Gkr.NeuralLayers.Model;

/// <summary>The integer type of quantized activations.</summary>
public enum QuantizedType : byte
{
    /// <summary>Signed 8-bit, −128..127.</summary>
    Int8 = 1,

    /// <summary>Unsigned 8-bit, 0..255.</summary>
    UInt8 = 2,
}
