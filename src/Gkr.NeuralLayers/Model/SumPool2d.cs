namespace Gkr.NeuralLayers.Model;

/// <summary>
/// Average pooling without the division: acc[c, i, j] = Σ over the window of (x[c, i·sh + u, j·sw + v] − z_in),
/// accumulators. The divisor kh·kw is folded into the next <see cref="Requantize"/>: multiply its real scale
/// by 1 / (kh·kw) (for a power-of-two area that is exactly s += log2(kh·kw)), so the one rounding of that
/// requantization is the only rounding of the average.
/// </summary>
public sealed record SumPool2d : Pool2d
{
    /// <summary>A kh×kw sum pool with strides.</summary>
    /// <exception cref="ArgumentException">An invalid window.</exception>
    public SumPool2d(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth)
        : base(kernelHeight, kernelWidth, strideHeight, strideWidth)
    {
    }

    /// <summary>A k×k sum pool with stride k.</summary>
    public SumPool2d(int kernel)
        : this(kernel, kernel, kernel, kernel)
    {
    }

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.SumPool2d;

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier) =>
        ValueSpec.Accumulator(PooledShape(input));
}
