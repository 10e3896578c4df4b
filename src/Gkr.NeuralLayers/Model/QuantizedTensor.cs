namespace Gkr.NeuralLayers.Model;

/// <summary>An int8 weight tensor: its <see cref="Shape"/> and its values, row-major.</summary>
/// <remarks>Immutable: the constructor copies the values. Equality is by reference (compare models by digest).</remarks>
public sealed record QuantizedTensor
{
    private readonly sbyte[] _values;

    /// <summary>A tensor of <paramref name="shape"/> holding a copy of <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException">The value count is not the shape's element count.</exception>
    public QuantizedTensor(TensorShape shape, ReadOnlySpan<sbyte> values)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (values.Length != shape.ElementCount)
        {
            throw new ArgumentException($"A weight tensor of shape {shape} holds {shape.ElementCount} values, not {values.Length}.", nameof(values));
        }

        Shape = shape;
        _values = values.ToArray();
    }

    /// <summary>The shape.</summary>
    public TensorShape Shape { get; }

    /// <summary>The values, row-major.</summary>
    public ReadOnlySpan<sbyte> Values => _values;

    /// <summary>The values widened to int32 (what the integer kernels multiply).</summary>
    public int[] ToInt32() => [.. _values.Select(static v => (int)v)];

    /// <inheritdoc />
    public bool Equals(QuantizedTensor? other) => ReferenceEquals(this, other);

    /// <inheritdoc />
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
