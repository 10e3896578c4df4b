using Gkr.Field;
using Gkr.Field.Simd;

namespace Gkr.Field.Tests;

public sealed class NttTests
{
    public static TheoryData<SimdTier> Tiers => [SimdTier.Scalar, SimdTier.Avx2, SimdTier.Avx512];

    private static Goldilocks[] RandomVector(int length, int seed)
    {
        var source = new RandomSource(seed);
        var result = new Goldilocks[length];
        for (int i = 0; i < length; i++)
        {
            result[i] = Goldilocks.Sample(ref source);
        }

        return result;
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void ForwardEqualsNaiveDftAtSmallSizes(SimdTier tier)
    {
        for (int log = 0; log <= 7; log++)
        {
            int n = 1 << log;
            Goldilocks[] a = RandomVector(n, log);
            Goldilocks omega = Ntt.RootOfUnity(log);
            var expected = new Goldilocks[n];
            for (int k = 0; k < n; k++)
            {
                Goldilocks acc = Goldilocks.Zero;
                for (int j = 0; j < n; j++)
                {
                    acc += a[j] * omega.Pow((ulong)j * (ulong)k);
                }

                expected[k] = acc;
            }

            Ntt.Forward(a, tier);
            Assert.Equal(expected, a);

        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void InverseUndoesForward(SimdTier tier)
    {
        // Sizes below, at and above the cache block (2^11), the tiled bit reversal (≥ 2^11) and the
        // parallel threshold (2^15), so every code path runs.
        foreach (int log in new[] { 0, 1, 2, 3, 5, 10, 11, 12, 14, 15, 16 })
        {
            Goldilocks[] original = RandomVector(1 << log, 100 + log);
            Goldilocks[] work = (Goldilocks[])original.Clone();
            Ntt.Forward(work, tier);
            Ntt.Inverse(work, tier);
            Assert.Equal(original, work);
        }
    }

    [Fact]
    public void ParallelAndSequentialAgree()
    {
        Goldilocks[] parallel = RandomVector(1 << 17, 11);
        Goldilocks[] sequential = (Goldilocks[])parallel.Clone();
        Ntt.Forward(parallel);
        Ntt.Forward(sequential, allowParallel: false);
        Assert.Equal(sequential, parallel);
    }

    [Fact]
    public void TiersAgreeOnALargeTransform()
    {
        Goldilocks[] scalar = RandomVector(1 << 13, 9);
        Goldilocks[] avx2 = (Goldilocks[])scalar.Clone();
        Goldilocks[] avx512 = (Goldilocks[])scalar.Clone();
        Ntt.Forward(scalar, SimdTier.Scalar);
        Ntt.Forward(avx2, SimdTier.Avx2);
        Ntt.Forward(avx512, SimdTier.Avx512);
        Assert.Equal(scalar, avx2);
        Assert.Equal(scalar, avx512);
    }

    [Fact]
    public void ConvolutionTheoremHolds()
    {
        // Cyclic convolution via NTT equals the direct sum: a check independent of the DFT formula.
        const int n = 64;
        Goldilocks[] a = RandomVector(n, 1), b = RandomVector(n, 2);
        var direct = new Goldilocks[n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                direct[(i + j) % n] += a[i] * b[j];
            }
        }

        Ntt.Forward(a);
        Ntt.Forward(b);
        Goldilocks[] product = [.. a.Zip(b, (x, y) => x * y)];
        Ntt.Inverse(product);
        Assert.Equal(direct, product);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(12)]
    [InlineData(1 << 25)]
    public void InvalidSizesAreRejected(int length)
    {
        var ex = Assert.Throws<ArgumentException>(() => Ntt.Forward(new Goldilocks[length]));
        Assert.Contains("power of two", ex.Message);
    }

    [Fact]
    public void RootOfUnityOrders()
    {
        for (int log = 0; log <= 32; log++)
        {
            Goldilocks w = Ntt.RootOfUnity(log);
            Assert.Equal(Goldilocks.One, w.Pow(1UL << log));
            if (log > 0)
            {
                Assert.Equal(Goldilocks.MinusOne, w.Pow(1UL << (log - 1)));
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => Ntt.RootOfUnity(33));
    }
}

public sealed class BatchInversionTests
{
    [Fact]
    public void InvertsEveryElementInPlaceAndOutOfPlace()
    {
        var source = new RandomSource(3);
        var values = new GoldilocksExt2[100];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = GoldilocksExt2.Sample(ref source);
        }

        GoldilocksExt2[] inverses = BatchInversion.Invert<GoldilocksExt2>(values);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(values[i].Inverse(), inverses[i]);
        }

        BatchInversion.Invert<GoldilocksExt2>(values, values);
        Assert.Equal(inverses, values);
        Assert.Empty(BatchInversion.Invert<Goldilocks>([]));
    }

    [Fact]
    public void ZeroIsReportedWithItsIndex()
    {
        Goldilocks[] values = [Goldilocks.One, Goldilocks.FromUInt64(2), Goldilocks.Zero, Goldilocks.One];
        var ex = Assert.Throws<DivideByZeroException>(() => BatchInversion.Invert<Goldilocks>(values));
        Assert.Contains("element 2", ex.Message);
    }
}
