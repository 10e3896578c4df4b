using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Reference;

/// <summary>
/// One value of an inference over a batch: <see cref="Batch"/> samples of <see cref="Spec"/>'s shape, sample-major
/// (sample b, element i at b·n + i with n the element count). Activations are held as int, accumulators as long.
/// </summary>
public sealed class LayerTensor
{
    private readonly int[]? _activations;
    private readonly long[]? _accumulators;

    internal LayerTensor(ValueSpec spec, int batch, int[]? activations, long[]? accumulators)
    {
        Spec = spec;
        Batch = batch;
        _activations = activations;
        _accumulators = accumulators;
    }

    /// <summary>The spec: shape, kind, type and zero point.</summary>
    public ValueSpec Spec { get; }

    /// <summary>The number of samples.</summary>
    public int Batch { get; }

    /// <summary>Elements per sample.</summary>
    public int SampleLength => Spec.Shape.ElementCount;

    /// <summary>The activations of every sample (activation values only).</summary>
    /// <exception cref="InvalidOperationException">The value is an accumulator.</exception>
    public ReadOnlySpan<int> Activations => _activations ?? throw new InvalidOperationException($"The value is {Spec}, not activations.");

    /// <summary>The accumulators of every sample (accumulator values only).</summary>
    /// <exception cref="InvalidOperationException">The value is an activation.</exception>
    public ReadOnlySpan<long> Accumulators => _accumulators ?? throw new InvalidOperationException($"The value is {Spec}, not accumulators.");

    /// <summary>Element <paramref name="index"/> of sample <paramref name="sample"/>, whatever the kind.</summary>
    public long this[int sample, int index] => _activations is not null
        ? _activations[(sample * SampleLength) + index]
        : _accumulators![(sample * SampleLength) + index];

    /// <summary>Every value widened to long, sample-major.</summary>
    public long[] ToInt64() => _activations is not null ? [.. _activations.Select(static v => (long)v)] : [.. _accumulators!];

    internal int[] RawActivations => _activations!;

    internal long[] RawAccumulators => _accumulators!;
}
