namespace Gkr.NeuralLayers.Model;

/// <summary>
/// The shape of one sample's tensor: flat <c>[N]</c> (a feature vector) or <c>[C, H, W]</c> (channels,
/// height, width: the NCHW layout with the batch dimension N kept outside the shape), or any other rank
/// from 1 to <see cref="MaxRank"/>. Values are stored row-major: the last dimension varies fastest.
/// </summary>
/// <remarks>Two shapes are equal when their dimensions are.</remarks>
public sealed record TensorShape
{
    /// <summary>The largest rank.</summary>
    public const int MaxRank = 4;

    /// <summary>The largest element count of one sample's tensor (2^28).</summary>
    public const int MaxElements = 1 << 28;

    private readonly int[] _dims;

    /// <summary>A shape with the given dimensions.</summary>
    /// <exception cref="ArgumentException">No dimension or more than <see cref="MaxRank"/>, a dimension below 1, or more than <see cref="MaxElements"/> elements.</exception>
    public TensorShape(params ReadOnlySpan<int> dims)
    {
        if (dims.Length is < 1 or > MaxRank)
        {
            throw new ArgumentException($"A tensor shape has 1 to {MaxRank} dimensions, not {dims.Length}.", nameof(dims));
        }

        long count = 1;
        foreach (int d in dims)
        {
            if (d < 1)
            {
                throw new ArgumentException($"Every dimension must be at least 1; the shape [{string.Join(", ", dims.ToArray())}] has {d}.", nameof(dims));
            }

            count *= d;
            if (count > MaxElements)
            {
                throw new ArgumentException($"The shape [{string.Join(", ", dims.ToArray())}] has more than {MaxElements} elements.", nameof(dims));
            }
        }

        _dims = dims.ToArray();
        ElementCount = (int)count;
    }

    /// <summary>A flat vector of <paramref name="length"/> features.</summary>
    public static TensorShape Flat(int length) => new(length);

    /// <summary>A <c>[channels, height, width]</c> image (NCHW without the batch dimension).</summary>
    public static TensorShape Chw(int channels, int height, int width) => new(channels, height, width);

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dims.Length;

    /// <summary>The dimensions, outermost first.</summary>
    public IReadOnlyList<int> Dims => _dims;

    /// <summary>Dimension <paramref name="axis"/>.</summary>
    public int this[int axis] => _dims[axis];

    /// <summary>The number of elements: the product of the dimensions (at most <see cref="MaxElements"/>).</summary>
    public int ElementCount { get; }

    /// <summary>Whether this is a <c>[C, H, W]</c> image.</summary>
    public bool IsChw => Rank == 3;

    /// <summary>Whether this is a flat vector.</summary>
    public bool IsFlat => Rank == 1;

    /// <summary>The size of dimension 0: the channels of an image, the features of a vector (the axis of per-channel requantization).</summary>
    public int Channels => _dims[0];

    /// <inheritdoc />
    public bool Equals(TensorShape? other) => other is not null && _dims.AsSpan().SequenceEqual(other._dims);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int d in _dims)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }

    /// <summary>The dimensions in brackets, e.g. <c>[16, 8, 8]</c>.</summary>
    public override string ToString() => $"[{string.Join(", ", _dims)}]";
}
