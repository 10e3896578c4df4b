using System.Runtime.Intrinsics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.Field.Kernels;
using Gkr.Field.Simd;
using Xunit.Abstractions;

namespace Gkr.Field.Tests;

/// <summary>
/// Every packed kernel equals the scalar reference lane by lane, on random values, on the edge
/// values, and on every length 0..257 (so each vector body and each tail length runs). The AVX-512
/// and AVX2 code runs on the runtime's software vectors where the hardware lacks them.
/// </summary>
public sealed class KernelLaneTests(ITestOutputHelper output)
{
    public static TheoryData<SimdTier> Tiers => [SimdTier.Scalar, SimdTier.Avx2, SimdTier.Avx512];

    private static Goldilocks[] RandomVector(int length, int seed)
    {
        var source = new RandomSource(seed);
        var result = new Goldilocks[length];
        for (int i = 0; i < length; i++)
        {
            // One element in four is an edge value, so carries and p − 1 appear in every lane.
            result[i] = source.NextUInt64() % 4 == 0
                ? Goldilocks.FromCanonical(FieldArbitraries.SpecialWords[(int)(source.NextUInt64() % (ulong)FieldArbitraries.SpecialWords.Length)])
                : Goldilocks.Sample(ref source);
        }

        return result;
    }

    private static GoldilocksExt2[] RandomExtVector(int length, int seed)
    {
        Goldilocks[] c0 = RandomVector(length, seed);
        Goldilocks[] c1 = RandomVector(length, seed + 1);
        return [.. c0.Zip(c1, (a, b) => new GoldilocksExt2(a, b))];
    }

    [Fact]
    public void ReportsTheActiveTier()
    {
        output.WriteLine($"SIMD: {SimdSupport.Describe()}");
        string? expected = Environment.GetEnvironmentVariable("GKR_EXPECT_TIER");
        if (expected is not null)
        {
            // scripts/test.sh sets this from the CPU's flags next to the DOTNET_Enable* switches, so a tier
            // silently not run (a switch the runtime ignores) fails here.
            // One exception: CPUs with AVX-512 where the runtime's own policy keeps 512-bit vectors off by default
            // (Vector512 not accelerated although Avx512F is supported: some Intel parts that down-clock) run AVX2
            // without any switch; that is the runtime's choice, not a switch ignored.
            bool runtimePolicyKeeps512Off = string.Equals(expected, nameof(SimdTier.Avx512), StringComparison.OrdinalIgnoreCase)
                && System.Runtime.Intrinsics.X86.Avx512F.IsSupported && !Vector512.IsHardwareAccelerated && SimdSupport.Hardware == SimdTier.Avx2;
            if (runtimePolicyKeeps512Off)
            {
                output.WriteLine("AVX-512 is supported but the runtime keeps Vector512 off on this CPU: the hardware tier is AVX2.");
            }
            else
            {
                Assert.Equal(expected, SimdSupport.Hardware.ToString(), ignoreCase: true);
            }
        }

        Assert.Equal(Vector256.IsHardwareAccelerated && System.Runtime.Intrinsics.X86.Avx2.IsSupported, SimdSupport.Hardware >= SimdTier.Avx2);
        foreach (SimdKernel kernel in Enum.GetValues<SimdKernel>())
        {
            // Each kernel's own choice stays within the active tier and drops at most to AVX2 from it.
            SimdTier chosen = SimdSupport.TierFor(kernel);
            output.WriteLine($"{SimdSupport.Key(kernel)}: {chosen} ({SimdSupport.Reason(kernel)})");
            Assert.True(chosen <= SimdSupport.Active && chosen >= (SimdTier)Math.Min((int)SimdSupport.Active, (int)SimdTier.Avx2));
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void ElementwiseKernelsMatchScalarForEveryLength(SimdTier tier)
    {
        for (int n = 0; n <= 257; n++)
        {
            Goldilocks[] x = RandomVector(n, n), y = RandomVector(n, n + 1000), z = RandomVector(n, n + 2000);
            Goldilocks s = RandomVector(1, n + 3000)[0];
            var actual = new Goldilocks[n];

            GoldilocksKernels.Add(x, y, actual, tier);
            AssertLanes(n, i => x[i] + y[i], actual, "Add", tier);
            GoldilocksKernels.Subtract(x, y, actual, tier);
            AssertLanes(n, i => x[i] - y[i], actual, "Subtract", tier);
            GoldilocksKernels.Multiply(x, y, actual, tier);
            AssertLanes(n, i => x[i] * y[i], actual, "Multiply", tier);
            GoldilocksKernels.Scale(x, s, actual, tier);
            AssertLanes(n, i => s * x[i], actual, "Scale", tier);
            GoldilocksKernels.MultiplyAdd(x, y, z, actual, tier);
            AssertLanes(n, i => (x[i] * y[i]) + z[i], actual, "MultiplyAdd", tier);
            GoldilocksKernels.ScaleAdd(x, s, z, actual, tier);
            AssertLanes(n, i => (s * x[i]) + z[i], actual, "ScaleAdd", tier);
            GoldilocksKernels.Fold(x, y, s, actual, tier);
            AssertLanes(n, i => x[i] + (s * (y[i] - x[i])), actual, "Fold", tier);

            Assert.Equal(x.Aggregate(Goldilocks.Zero, (acc, v) => acc + v), GoldilocksKernels.Sum(x, tier));
            Assert.Equal(x.Zip(y).Aggregate(Goldilocks.Zero, (acc, v) => acc + (v.First * v.Second)), GoldilocksKernels.InnerProduct(x, y, tier));
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void ExtensionFoldsMatchScalarForEveryLength(SimdTier tier)
    {
        for (int n = 0; n <= 257; n++)
        {
            Goldilocks[] low = RandomVector(n, n), high = RandomVector(n, n + 1000);
            GoldilocksExt2 r = RandomExtVector(1, n + 5000)[0];
            var actual = new GoldilocksExt2[n];
            GoldilocksKernels.Fold(low, high, r, actual, tier);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(GoldilocksExt2.FromBase(low[i]) + (r * GoldilocksExt2.FromBase(high[i] - low[i])), actual[i]);
            }

            GoldilocksExt2[] lowExt = RandomExtVector(n, n + 7000), highExt = RandomExtVector(n, n + 9000);
            GoldilocksKernels.Fold(lowExt, highExt, r, actual, tier);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal(lowExt[i] + (r * (highExt[i] - lowExt[i])), actual[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Tiers))]
    public void InPlaceOperationIsAllowed(SimdTier tier)
    {
        Goldilocks[] x = RandomVector(67, 1), y = RandomVector(67, 2);
        Goldilocks[] expected = [.. x.Zip(y, (a, b) => a * b)];
        GoldilocksKernels.Multiply(x, y, x, tier);
        Assert.Equal(expected, x);

        GoldilocksExt2[] e = RandomExtVector(33, 3), f = RandomExtVector(33, 4);
        GoldilocksExt2 r = RandomExtVector(1, 5)[0];
        GoldilocksExt2[] expectedExt = [.. e.Zip(f, (a, b) => a + (r * (b - a)))];
        GoldilocksKernels.Fold(e, f, r, e, tier);
        Assert.Equal(expectedExt, e);
    }

    [Fact]
    public void BadSpanShapesAreRejected()
    {
        var x = new Goldilocks[8];
        Assert.Throws<ArgumentException>(() => GoldilocksKernels.Add(x, new Goldilocks[7], new Goldilocks[8]));
        Assert.Throws<ArgumentException>(() => GoldilocksKernels.Add(x, x, new Goldilocks[7]));
        Assert.Throws<ArgumentException>(() => GoldilocksKernels.Add(x.AsSpan(0, 4), x.AsSpan(0, 4), x.AsSpan(1, 4)));
        Assert.Throws<ArgumentException>(() => GoldilocksKernels.InnerProduct(x, new Goldilocks[9]));
        Assert.Throws<ArgumentException>(() => GoldilocksKernels.Fold(x, x, GoldilocksExt2.One, new GoldilocksExt2[7]));
    }

    [Property(MaxTest = 500)]
    public Property PackedPrimitivesMatchScalarOnAnyWords() =>
        Prop.ForAll(
            Arb.From(Gen.ArrayOf(FieldArbitraries.Word64, 8)),
            Arb.From(Gen.ArrayOf(FieldArbitraries.CanonicalWord, 8)),
            Arb.From(Gen.ArrayOf(FieldArbitraries.CanonicalWord, 8)),
            (raw, a, b) =>
            {
                // Multiply accepts any 64-bit words (p, p + 5, 2^64 − 1 included), as do Add's and MultiplyAdd's
                // last operand; Subtract needs canonical ones. Mul(raw, 1) is raw mod p.
                Vector512<ulong> r512 = Vector512.Create(raw), a512 = Vector512.Create(a), b512 = Vector512.Create(b);
                Vector256<ulong> r256 = Vector256.Create(raw[..4]), a256 = Vector256.Create(a[..4]), b256 = Vector256.Create(b[..4]);
                for (int lane = 0; lane < 8; lane++)
                {
                    bool ok = GoldilocksPacked512.Multiply(r512, a512)[lane] == Goldilocks.Mul(raw[lane], a[lane])
                        && GoldilocksPacked512.Multiply(r512, r512)[lane] == Goldilocks.Mul(raw[lane], raw[lane])
                        && GoldilocksPacked512.Add(a512, b512)[lane] == Goldilocks.Add(a[lane], b[lane])
                        && GoldilocksPacked512.Subtract(a512, b512)[lane] == Goldilocks.Sub(a[lane], b[lane])
                        && GoldilocksPacked512.MultiplyAdd(a512, b512, r512)[lane] == Goldilocks.Add(Goldilocks.Mul(a[lane], b[lane]), Goldilocks.Mul(raw[lane], 1))
                        && GoldilocksPacked512.Add(a512, r512)[lane] == Goldilocks.Add(a[lane], Goldilocks.Mul(raw[lane], 1));
                    if (lane < 4)
                    {
                        ok &= GoldilocksPacked256.Multiply(r256, a256)[lane] == Goldilocks.Mul(raw[lane], a[lane])
                            && GoldilocksPacked256.Multiply(r256, r256)[lane] == Goldilocks.Mul(raw[lane], raw[lane])
                            && GoldilocksPacked256.Add(a256, b256)[lane] == Goldilocks.Add(a[lane], b[lane])
                            && GoldilocksPacked256.Subtract(a256, b256)[lane] == Goldilocks.Sub(a[lane], b[lane])
                            && GoldilocksPacked256.MultiplyAdd(a256, b256, r256)[lane] == Goldilocks.Add(Goldilocks.Mul(a[lane], b[lane]), Goldilocks.Mul(raw[lane], 1))
                            && GoldilocksPacked256.Add(a256, r256)[lane] == Goldilocks.Add(a[lane], Goldilocks.Mul(raw[lane], 1));
                    }

                    if (!ok)
                    {
                        return false;
                    }
                }

                return true;
            });

    [Fact]
    public void PackedMultiplyHandlesNonCanonicalEdgeWords()
    {
        ulong[] words = [0, 1, Goldilocks.Modulus - 1, Goldilocks.Modulus, Goldilocks.Modulus + 5, ulong.MaxValue, 1UL << 32, (1UL << 32) - 1];
        foreach (ulong w in words)
        {
            Vector512<ulong> a = Vector512.Create(words);
            Vector512<ulong> b = Vector512.Create(w);
            Vector256<ulong> a4 = Vector256.Create(words[..4]), a4High = Vector256.Create(words[4..]);
            Vector256<ulong> b4 = Vector256.Create(w);
            for (int lane = 0; lane < 8; lane++)
            {
                ulong expected = (ulong)((UInt128)words[lane] * w % Goldilocks.Modulus);
                Assert.Equal(expected, GoldilocksPacked512.Multiply(a, b)[lane]);
                Assert.Equal(expected, GoldilocksPacked256.Multiply(lane < 4 ? a4 : a4High, b4)[lane % 4]);
            }
        }
    }

    private static void AssertLanes(int n, Func<int, Goldilocks> expected, Goldilocks[] actual, string kernel, SimdTier tier)
    {
        for (int i = 0; i < n; i++)
        {
            if (expected(i) != actual[i])
            {
                Assert.Fail($"{kernel} on {tier}, length {n}, lane {i}: expected {expected(i)}, got {actual[i]}");
            }
        }
    }
}
