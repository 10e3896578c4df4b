namespace Gkr.NeuralLayers.Model;

/// <summary>The common part of <see cref="MaxPool2d"/> and <see cref="SumPool2d"/>: a kh×kw window with a stride, no padding, over each channel.</summary>
public abstract record Pool2d : ModelLayer
{
    /// <summary>A pool with a kh×kw window and strides.</summary>
    /// <exception cref="ArgumentException">An invalid window (<see cref="Window2d"/>).</exception>
    private protected Pool2d(int kernelHeight, int kernelWidth, int strideHeight, int strideWidth) =>
        Window = new Window2d(kernelHeight, kernelWidth, strideHeight, strideWidth);

    /// <summary>The window (padding 0).</summary>
    public Window2d Window { get; }

    /// <summary>The pooled shape of an activation image.</summary>
    private protected TensorShape PooledShape(ValueSpec input)
    {
        RequireImage(input, Kind.ToString());
        return Window.Output(input.Shape, input.Shape.Channels);
    }
}
