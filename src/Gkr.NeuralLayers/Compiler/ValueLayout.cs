using System.Numerics;
using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Compiler;

/// <summary>
/// Where a model value's elements sit in its circuit polynomial (per sample; the batch bits are above them).
/// An image [C, H, W] has index bits [c][h][w], each dimension padded to its power of two; any other shape is a
/// flat vector of n elements padded to 2^v, v = max(1, ⌈log2 n⌉). Positions outside the real elements are padding.
/// </summary>
/// <param name="Channels">C (the element count n for a flat vector).</param>
/// <param name="Height">H (1 for a flat vector).</param>
/// <param name="Width">W (1 for a flat vector).</param>
/// <param name="ChannelVariables">log2 of the padded C.</param>
/// <param name="HeightVariables">log2 of the padded H.</param>
/// <param name="WidthVariables">log2 of the padded W.</param>
public sealed record ValueLayout(int Channels, int Height, int Width, int ChannelVariables, int HeightVariables, int WidthVariables)
{
    /// <summary>The variables per sample.</summary>
    public int Variables => ChannelVariables + HeightVariables + WidthVariables;

    /// <summary>Whether the layout is an image (three dimensions) rather than a flat vector.</summary>
    public bool IsImage => HeightVariables + WidthVariables > 0 || Height > 1 || Width > 1;

    /// <summary>The layout of a value of <paramref name="shape"/>: an image for [C, H, W], a flat vector otherwise.</summary>
    public static ValueLayout For(TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return shape.IsChw
            ? new ValueLayout(shape[0], shape[1], shape[2], Bits(shape[0], 0), Bits(shape[1], 0), Bits(shape[2], 0))
            : Flat(shape.ElementCount);
    }

    /// <summary>A flat vector of <paramref name="length"/> elements.</summary>
    public static ValueLayout Flat(int length) => new(length, 1, 1, Bits(length, 1), 0, 0);

    /// <summary>The padded index of the element at row-major model index <paramref name="index"/>.</summary>
    public int IndexOf(int index)
    {
        int w = index % Width, rest = index / Width, h = rest % Height, c = rest / Height;
        return (((c << HeightVariables) | h) << WidthVariables) | w;
    }

    /// <summary>⌈log2 n⌉, at least <paramref name="minimum"/>.</summary>
    internal static int Bits(int n, int minimum) => Math.Max(minimum, n <= 1 ? 0 : BitOperations.Log2((uint)(n - 1)) + 1);
}
