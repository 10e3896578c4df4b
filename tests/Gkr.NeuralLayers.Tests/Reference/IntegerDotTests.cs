using Gkr.NeuralLayers.Reference;

namespace Gkr.NeuralLayers.Tests.Reference;

/// <summary>The packed dot product against the scalar one on every length 0..257, random and extreme values.</summary>
public sealed class IntegerDotTests
{
    [Fact]
    public void PackedEqualsScalarOnEveryLength()
    {
        var random = new Random(13);
        for (int length = 0; length <= 257; length++)
        {
            int[] a = [.. Enumerable.Range(0, length).Select(_ => random.Next(-128, 128))];
            int[] b = [.. Enumerable.Range(0, length).Select(_ => random.Next(-255, 256))];
            Assert.Equal(IntegerDot.DotScalar(a, b), IntegerDot.Dot(a, b));
            int[] min = [.. Enumerable.Repeat(-128, length)], max = [.. Enumerable.Repeat(-255, length)];
            Assert.Equal(32640L * length, IntegerDot.Dot(min, max));
        }
    }

    [Fact]
    public void LanesAreWidenedBeforeTheyOverflow()
    {
        // 2^22 products of 32640 sum to about 2^37: the int32 lanes must be flushed to int64.
        int length = 1 << 22;
        int[] a = [.. Enumerable.Repeat(-128, length)], b = [.. Enumerable.Repeat(-255, length)];
        Assert.Equal(32640L * length, IntegerDot.Dot(a, b));
    }
}
