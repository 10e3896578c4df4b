namespace Gkr.NeuralLayers.Model;

/// <summary>
/// Fully connected: acc[o] = bias[o] + Σ_i W[o, i]·(x[i] − z_in), from a flat vector of
/// <see cref="InFeatures"/> activations to <see cref="OutFeatures"/> accumulators (weights [out, in]).
/// </summary>
public sealed record Dense : LinearLayer
{
    /// <summary>A dense layer with weights of shape [out, in] and <c>out</c> biases.</summary>
    /// <exception cref="ArgumentException">The weights are not rank 2, the bias count is not <c>out</c>, or the zero point is outside −128..255.</exception>
    public Dense(QuantizedTensor weights, ReadOnlySpan<int> bias, int inputZeroPoint)
        : base(weights, bias, inputZeroPoint, 2, "[out, in]")
    {
    }

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.Dense;

    /// <summary>The input features.</summary>
    public int InFeatures => Weights.Shape[1];

    /// <summary>The output features.</summary>
    public int OutFeatures => Weights.Shape[0];

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier)
    {
        RequireZeroPoint(input);
        if (!input.Shape.IsFlat)
        {
            throw new ArgumentException($"input has shape {input.Shape}; Dense needs a flat vector (insert a Flatten).");
        }

        if (input.Shape[0] != InFeatures)
        {
            throw new ArgumentException($"input has {input.Shape[0]} features, weights expect {InFeatures}.");
        }

        return ValueSpec.Accumulator(TensorShape.Flat(OutFeatures));
    }
}
