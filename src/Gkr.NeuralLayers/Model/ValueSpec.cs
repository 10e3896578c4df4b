namespace Gkr.NeuralLayers.Model;

/// <summary>What shape inference knows of a value: its shape, its kind and, for activations, type and zero point.</summary>
/// <param name="Shape">The per-sample shape.</param>
/// <param name="Kind">Activation or accumulator.</param>
/// <param name="Type">The activation type (null for accumulators).</param>
/// <param name="ZeroPoint">The activation zero point (0 for accumulators).</param>
public sealed record ValueSpec(TensorShape Shape, ValueKind Kind, QuantizedType? Type, int ZeroPoint)
{
    /// <summary>Activations of <paramref name="type"/> with <paramref name="zeroPoint"/>.</summary>
    public static ValueSpec Activation(TensorShape shape, QuantizedType type, int zeroPoint) => new(shape, ValueKind.Activation, type, zeroPoint);

    /// <summary>Accumulators.</summary>
    public static ValueSpec Accumulator(TensorShape shape) => new(shape, ValueKind.Accumulator, null, 0);

    /// <summary>Whether these are activations.</summary>
    public bool IsActivation => Kind == ValueKind.Activation;

    /// <summary>The same value kind under another shape (Flatten, Reshape).</summary>
    public ValueSpec Reshaped(TensorShape shape) => this with { Shape = shape };

    /// <summary>For messages: e.g. <c>Int8 activations [16, 8, 8] (zero point −3)</c> or <c>accumulators [10]</c>.</summary>
    public override string ToString() => IsActivation ? $"{Type} activations {Shape} (zero point {ZeroPoint})" : $"accumulators {Shape}";
}
