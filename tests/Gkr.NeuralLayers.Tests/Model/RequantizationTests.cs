using FsCheck.Xunit;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Tests.Reference;

namespace Gkr.NeuralLayers.Tests.Model;

/// <summary>Known answers for the two rounding modes, computed by hand, and the reduced form's equality with the full one.</summary>
public sealed class RequantizationTests
{
    [Theory]
    [InlineData(5, 1, 3, 2)]      // 2.5
    [InlineData(-5, 1, -2, -2)]   // −2.5: half up goes toward +∞
    [InlineData(7, 1, 4, 4)]      // 3.5
    [InlineData(-7, 1, -3, -4)]   // −3.5
    [InlineData(3, 1, 2, 2)]      // 1.5
    [InlineData(-3, 1, -1, -2)]   // −1.5
    [InlineData(1, 1, 1, 0)]      // 0.5
    [InlineData(-1, 1, 0, 0)]     // −0.5
    [InlineData(10, 2, 3, 2)]     // 2.5
    [InlineData(-10, 2, -2, -2)]  // −2.5
    [InlineData(9, 2, 2, 2)]      // 2.25
    [InlineData(11, 2, 3, 3)]     // 2.75
    [InlineData(-9, 2, -2, -2)]   // −2.25
    [InlineData(-11, 2, -3, -3)]  // −2.75
    [InlineData(-6, 2, -1, -2)]   // −1.5
    [InlineData(42, 0, 42, 42)]   // shift 0: the value
    [InlineData(-42, 0, -42, -42)]
    public void RoundsAsDefined(long value, int shift, long halfUp, long halfEven)
    {
        Assert.Equal(halfUp, (long)Requantization.RoundShift(value, shift, RoundingMode.RoundHalfUp));
        Assert.Equal(halfEven, (long)Requantization.RoundShift(value, shift, RoundingMode.RoundHalfToEven));
    }

    [Theory]
    [InlineData(3, 62, 3, 3)]     // exactly 3
    [InlineData(3, 61, 2, 2)]     // 3·2^61 / 2^62 = 1.5
    [InlineData(5, 61, 3, 2)]     // 2.5
    [InlineData(-5, 61, -2, -2)]  // −2.5
    [InlineData(7, 93, 7, 7)]     // the largest total shift, 31 + 62
    [InlineData(15, 92, 8, 8)]    // 7.5 at shift 93
    public void LargeShifts(long multiple, int power, long halfUp, long halfEven)
    {
        Int128 value = (Int128)multiple << power;
        int shift = power == 93 || power == 92 ? 93 : 62;
        Assert.Equal(halfUp, (long)Requantization.RoundShift(value, shift, RoundingMode.RoundHalfUp));
        Assert.Equal(halfEven, (long)Requantization.RoundShift(value, shift, RoundingMode.RoundHalfToEven));
    }

    [Fact]
    public void AppliesScaleZeroPointAndClamp()
    {
        // M = 2^30, s = 0: scale 1/2. M = 2^30, s = 1: scale 1/4.
        var q = new Requantization([new ChannelScale(1 << 30, 0), new ChannelScale(1 << 30, 1)], RoundingMode.RoundHalfUp, QuantizedType.Int8, 10, -128, 127);
        Assert.Equal(13, q.Apply(5, 0));      // 2.5 → 3, + 10
        Assert.Equal(8, q.Apply(-5, 0));      // −2.5 → −2, + 10
        Assert.Equal(13, q.Apply(10, 1));     // 2.5 → 3
        Assert.Equal(127, q.Apply(1000, 0));  // 500 + 10 clamped
        Assert.Equal(-128, q.Apply(-1000, 1));
        var even = new Requantization([new ChannelScale(1 << 30, 1)], RoundingMode.RoundHalfToEven, QuantizedType.UInt8, 0, 0, 255);
        Assert.Equal(2, even.Apply(10, 0));   // 2.5 → 2
        Assert.Equal(4, even.Apply(14, 0));   // 3.5 → 4
        Assert.Equal(0, even.Apply(-14, 0));  // fused ReLU (qmin = z = 0)
        var relu = new Requantization([new ChannelScale(1 << 30, 0)], RoundingMode.RoundHalfUp, QuantizedType.Int8, -5, -5, 127);
        Assert.Equal(-5, relu.Apply(-100, 0));
        Assert.Equal(-5 + 50, relu.Apply(100, 0));
    }

    [Fact]
    public void FullPrecisionMultiplierIsExact()
    {
        // M = 2^31 − 1, s = 0, x = 2^31 + 1: x·M / 2^31 = (2^62 − 1) / 2^31 = 2^31 − 2^−31 → 2^31 (not 2^31 − 1).
        var q = new ChannelScale(int.MaxValue, 0);
        Assert.Equal((Int128)1 << 31, Requantization.RoundShift(((Int128)(1L << 31) + 1) * q.Multiplier, q.TotalShift, RoundingMode.RoundHalfUp));
        Assert.Equal(31, q.ReducedShift);
        Assert.Equal(24, new ChannelScale(181 << 23, 16).ReducedShift); // 8 significant bits: n' = 8 + s
    }

    [Property(MaxTest = 500)]
    public void ReducedFormAndNaiveNearestAgree(long x, int multiplier, byte shift, bool even)
    {
        var scale = new ChannelScale(Math.Max(1 << 7, multiplier & int.MaxValue) >> (shift % 8) << (shift % 8), shift % 63);
        var q = new Requantization([scale], even ? RoundingMode.RoundHalfToEven : RoundingMode.RoundHalfUp, QuantizedType.Int8, 0, -128, 127);
        Int128 full = Requantization.RoundShift((Int128)x * scale.Multiplier, scale.TotalShift, q.Rounding);
        Assert.Equal(full, q.RoundedProduct(x, 0));
        Assert.Equal(NaiveInference.Requantize(q, x, 0), q.Apply(x, 0));
    }

    [Theory]
    [InlineData(0.5, 31, 1 << 30, 0)]
    [InlineData(0.25, 31, 1 << 30, 1)]
    [InlineData(0.75, 2, 3 << 29, 0)]
    [InlineData(0.001, 8, 131 << 23, 9)] // 0.001 = 0.512·2^−9; 0.512·2^8 = 131.07 → 131
    public void FromRealRoundsTheMantissa(double scale, int bits, int multiplier, int shift)
    {
        ChannelScale s = ChannelScale.FromReal(scale, bits);
        Assert.Equal((multiplier, shift), (s.Multiplier, s.Shift));
    }

    [Fact]
    public void InvalidParametersAreRefused()
    {
        Assert.Contains("0 < M < 2^31", Assert.Throws<ArgumentException>(() => new ChannelScale(0, 0)).Message);
        Assert.Contains("[0, 62]", Assert.Throws<ArgumentException>(() => new ChannelScale(1, 63)).Message);
        Assert.Contains("outside the Int8 range", Assert.Throws<ArgumentException>(() => Requantization.PerTensor(new ChannelScale(1, 0), RoundingMode.RoundHalfUp, QuantizedType.Int8, 200)).Message);
        Assert.Contains("is empty", Assert.Throws<ArgumentException>(() => new Requantization([new ChannelScale(1, 0)], RoundingMode.RoundHalfUp, QuantizedType.UInt8, 0, 10, 5)).Message);
        Assert.Contains("Unknown rounding", Assert.Throws<ArgumentException>(() => new Requantization([new ChannelScale(1, 0)], (RoundingMode)9, QuantizedType.UInt8, 0, 0, 5)).Message);
        Assert.Throws<ArgumentException>(() => new Requantization([], RoundingMode.RoundHalfUp, QuantizedType.UInt8, 0, 0, 5));
        Assert.Throws<ArgumentException>(() => ChannelScale.FromReal(1.0));
    }
}
