namespace Gkr.NeuralLayers.Model;

/// <summary>Max pooling: y[c, i, j] = max over the window of x[c, i·sh + u, j·sw + v]; same type and zero point as the input.</summary>
public sealed record MaxPool2d : Pool2d
{
    /// <summary>A kh×kw max pool with strides.</summary>
    /// <exception cref="ArgumentException">An invalid window.</exception>
    public MaxPool2d(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth)
        : base(kernelHeight, kernelWidth, strideHeight, strideWidth)
    {
    }

    /// <summary>A k×k max pool with stride k (the usual non-overlapping pool).</summary>
    public MaxPool2d(int kernel)
        : this(kernel, kernel, kernel, kernel)
    {
    }

    /// <inheritdoc />
    public override ModelLayerKind Kind => ModelLayerKind.MaxPool2d;

    /// <inheritdoc />
    internal override ValueSpec InferOutput(ValueSpec input, Func<int, ValueSpec> earlier) =>
        input with { Shape = PooledShape(input) };
}
