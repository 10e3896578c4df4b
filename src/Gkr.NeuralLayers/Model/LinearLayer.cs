namespace Gkr.NeuralLayers.Model;

/// <summary>
/// The common part of <see cref="Dense"/> and <see cref="Conv2d"/>: int8 weights whose dimension 0 is the
/// output channel, one int32 bias per output channel, and the input zero point z_in subtracted from every
/// input (acc = bias + Σ w·(x − z_in)).
/// </summary>
public abstract record LinearLayer
    : ModelLayer
{
    private readonly int[] _bias;

    /// <summary>Checks and stores the weights, bias and input zero point.</summary>
    /// <exception cref="ArgumentException">The weights' rank is not <paramref name="rank"/>, the bias count is not the output channel count, or the zero point is outside −128..255.</exception>
    private protected LinearLayer(QuantizedTensor weights, ReadOnlySpan<int> bias, int inputZeroPoint, int rank, string layout)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Shape.Rank != rank)
        {
            throw new ArgumentException($"{GetType().Name} weights are {layout}; got shape {weights.Shape}.", nameof(weights));
        }

        if (bias.Length != weights.Shape[0])
        {
            throw new ArgumentException($"{GetType().Name} has {weights.Shape[0]} output channels but {bias.Length} biases.", nameof(bias));
        }

        if (inputZeroPoint is < sbyte.MinValue or > byte.MaxValue)
        {
            throw new ArgumentException($"An input zero point is an int8 or uint8 value; got {inputZeroPoint}.", nameof(inputZeroPoint));
        }

        Weights = weights;
        _bias = bias.ToArray();
        InputZeroPoint = inputZeroPoint;
    }

    /// <summary>The int8 weights, output channel first.</summary>
    public QuantizedTensor Weights { get; }

    /// <summary>The int32 biases, one per output channel, added to the accumulator.</summary>
    public ReadOnlySpan<int> Bias => _bias;

    /// <summary>The input zero point z_in (it must equal the zero point of the activations the layer reads).</summary>
    public int InputZeroPoint { get; }

    /// <summary>The number of output channels (features).</summary>
    public int OutputChannels => Weights.Shape[0];

    /// <summary>Requires activations whose zero point is <see cref="InputZeroPoint"/>.</summary>
    private protected void RequireZeroPoint(ValueSpec input)
    {
        RequireActivation(input, Kind.ToString());
        if (input.ZeroPoint != InputZeroPoint)
        {
            throw new ArgumentException($"the input zero point is {input.ZeroPoint}, the layer subtracts {InputZeroPoint}.");
        }
    }
}
