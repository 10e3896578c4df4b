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
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
        }

        Array.Sort(times);
        return times[samples / 2];
    }
}
