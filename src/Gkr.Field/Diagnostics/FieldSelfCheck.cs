using Gkr.Field.Kernels;
using Gkr.Field.Simd;

namespace Gkr.Field.Diagnostics;

/// <summary>
/// A quick run-time check of the field on this machine: known answers, every SIMD tier's kernels
/// against the scalar reference on random data, and an NTT round trip. Used by <c>gkr info</c>;
/// the test suite checks far more.
/// </summary>
public static class FieldSelfCheck
{
    /// <summary>One named check and its outcome.</summary>
    public sealed record Result(string Name, bool Passed, string Detail);

    /// <summary>Runs every check (a few milliseconds) and returns the outcomes.</summary>
    public static IReadOnlyList<Result> RunAll(int seed = 20261124)
    {
        var results = new List<Result>
        {
            Check("known answers (p, omega order, ext inverse)", KnownAnswers),
        };
        foreach (SimdTier tier in Enum.GetValues<SimdTier>())
        {
            string mode = SimdSupport.IsAccelerated(tier) ? "native" : "emulated";
            results.Add(Check($"kernels {tier} ({mode}) == scalar", () => KernelsAgree(tier, seed)));
        }

        results.Add(Check("NTT round trip 2^10", () => NttRoundTrip(seed)));
        return results;
    }

    private static Result Check(string name, Func<string?> body)
    {
        try
        {
            string? failure = body();
            return new Result(name, failure is null, failure ?? string.Empty);
        }
        catch (Exception ex)
        {
            return new Result(name, false, ex.Message);
        }
    }

    private static string? KnownAnswers()
    {
        if (Goldilocks.FromInt64(-1).Value != Goldilocks.Modulus - 1)
        {
            return "-1 != p - 1";
        }

        Goldilocks omega = Goldilocks.TwoAdicRootOfUnity;
        if (omega.Pow(1UL << 31) != Goldilocks.MinusOne || omega.Pow(1UL << 32) != Goldilocks.One)
        {
            return "omega is not a primitive 2^32-th root of unity";
        }

        var x = new GoldilocksExt2(Goldilocks.FromUInt64(3), Goldilocks.FromUInt64(5));
        return x * x.Inverse() == GoldilocksExt2.One ? null : "ext inverse wrong";
    }

    private static string? KernelsAgree(SimdTier tier, int seed)
    {
        const int n = 37;
        var source = new RandomSource(seed);
        var x = new Goldilocks[n];
        var y = new Goldilocks[n];
        for (int i = 0; i < n; i++)
        {
            x[i] = Goldilocks.Sample(ref source);
            y[i] = Goldilocks.Sample(ref source);
        }

        x[0] = Goldilocks.MinusOne;
        y[0] = Goldilocks.MinusOne;
        var expected = new Goldilocks[n];
        var actual = new Goldilocks[n];
        GoldilocksKernels.Multiply(x, y, expected, SimdTier.Scalar);
        GoldilocksKernels.Multiply(x, y, actual, tier);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            return "multiply differs";
        }

        GoldilocksKernels.Add(x, y, expected, SimdTier.Scalar);
        GoldilocksKernels.Add(x, y, actual, tier);
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            return "add differs";
        }

        return GoldilocksKernels.InnerProduct(x, y, tier) == GoldilocksKernels.InnerProduct(x, y, SimdTier.Scalar)
            ? null
            : "inner product differs";
    }

    private static string? NttRoundTrip(int seed)
    {
        var source = new RandomSource(seed);
        var values = new Goldilocks[1 << 10];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Goldilocks.Sample(ref source);
        }

        Goldilocks[] copy = (Goldilocks[])values.Clone();
        Ntt.Forward(copy);
        Ntt.Inverse(copy);
        return copy.AsSpan().SequenceEqual(values) ? null : "inverse(forward(x)) != x";
    }
}
