namespace Gkr.NeuralLayers.Model;

/// <summary>The value range of each <see cref="QuantizedType"/>.</summary>
public static class QuantizedTypeRange
{
    /// <summary>The smallest value of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined type.</exception>
    public static int MinValue(this QuantizedType type) => type switch
    {
        QuantizedType.Int8 => sbyte.MinValue,
        QuantizedType.UInt8 => byte.MinValue,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown quantized type."),
    };

    /// <summary>The largest value of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined type.</exception>
    public static int MaxValue(this QuantizedType type) => type switch
    {
        QuantizedType.Int8 => sbyte.MaxValue,
        QuantizedType.UInt8 => byte.MaxValue,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown quantized type."),
    };

    /// <summary>Throws unless <paramref name="value"/> is a value of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentException">Out of range, or the type is not defined.</exception>
    public static void RequireValue(this QuantizedType type, int value, string what, string paramName)
    {
        if (!Enum.IsDefined(type))
        {
            throw new ArgumentException($"Unknown quantized type {(int)type}.", paramName);
        }

        if (value < type.MinValue() || value > type.MaxValue())
        {
            throw new ArgumentException($"{what} {value} is outside the {type} range [{type.MinValue()}, {type.MaxValue()}].", paramName);
        }
    }
}
