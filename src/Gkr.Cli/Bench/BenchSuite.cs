using System.Diagnostics;

namespace Gkr.Cli.Bench;

/// <summary>One figure of a bench run: a stable JSON key, its value and unit.</summary>
internal sealed record BenchMetric(string Key, double Value, string Unit, string Description);

/// <summary>A quick in-process measurement behind <c>gkr bench NAME</c> (seconds, not minutes).</summary>
/// <remarks>
/// These are Stopwatch medians for a fast look on the machine at hand; BenchmarkDotNet in
/// benchmarks/Gkr.Benchmarks is the rigorous suite. Ratios are measured in the same run so that a
/// noisy, shared machine affects both sides alike.
/// </remarks>
internal interface IBenchSuite
{
    string Name { get; }

    string Description { get; }

    IReadOnlyList<BenchMetric> Run(TextWriter log);
}

/// <summary>Timing helpers shared by the bench suites.</summary>
internal static class Timing
{
    /// <summary>
    /// Median over <paramref name="samples"/> runs of the wall time of <paramref name="action"/>, in
    /// nanoseconds, after <paramref name="warmup"/> untimed runs (which also let tiered JIT settle).
    /// </summary>
    public static double MedianNanoseconds(Action action, int samples = 15, int warmup = 3)
    {
        for (int i = 0; i < warmup; i++)
        {
            action();
        }

        var times = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            times[i] = Time(action);
        }

        return Median(times);
    }

    /// <summary>
    /// Times <paramref name="first"/> and <paramref name="second"/> in alternation, <paramref name="samples"/>
    /// pairs after <paramref name="warmup"/> untimed pairs, so that a busy host slows both sides of a pair
    /// alike: returns the median time of each (ns) and the median over pairs of second ÷ first.
    /// </summary>
    /// <remarks><paramref name="prepareFirst"/>, if given, runs untimed just before each timed
    /// <paramref name="first"/> (e.g. to bring its data back into cache after <paramref name="second"/>
    /// evicted it, as back-to-back runs would).</remarks>
    public static (double First, double Second, double Ratio) PairedMedians(Action first, Action second, int samples, int warmup = 2, Action? prepareFirst = null)
    {
        for (int i = 0; i < warmup; i++)
        {
            first();
            second();
        }

        var a = new double[samples];
        var b = new double[samples];
        var ratios = new double[samples];
        for (int i = 0; i < samples; i++)
        {
            prepareFirst?.Invoke();
            a[i] = Time(first);
            b[i] = Time(second);
            ratios[i] = b[i] / a[i];
        }

        return (Median(a), Median(b), Median(ratios));
    }

    private static double Time(Action action)
    {
        long start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalNanoseconds;
    }

    private static double Median(double[] values)
    {
        Array.Sort(values);
        return values[values.Length / 2];
    }
}
