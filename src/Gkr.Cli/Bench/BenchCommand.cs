using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Gkr.Field.Simd;

namespace Gkr.Cli.Bench;

/// <summary><c>gkr bench SUITE [--json]</c>.</summary>
internal static class BenchCommand
{
    /// <summary>Every suite the CLI offers; later issues add theirs here.</summary>
    public static IReadOnlyList<IBenchSuite> Suites { get; } =
    [
        new FieldBench(),
        new SumcheckBench(),
        new GkrBench(),
        new PcsBench(),
        new LookupBench(),
        new LayersBench(),
        new ModelsBench(),
    ];

    public static Command Create()
    {
        var command = new Command("bench", "Quick in-process measurements (Stopwatch medians, single-threaded unless stated). BenchmarkDotNet in benchmarks/ is the rigorous suite.");
        foreach (IBenchSuite suite in Suites)
        {
            var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
            var sub = new Command(suite.Name, suite.Description) { json };
            sub.SetAction(parse => Run(suite, parse.GetValue(json), Console.Out, Console.Error));
            command.Subcommands.Add(sub);
        }

        return command;
    }

    public static int Run(IBenchSuite suite, bool json, TextWriter output, TextWriter log)
    {
        IReadOnlyList<BenchMetric> metrics = suite.Run(json ? TextWriter.Null : log);
        if (json)
        {
            var document = new Dictionary<string, object>
            {
                ["suite"] = suite.Name,
                ["simd_tier"] = SimdSupport.Active.ToString(),
                ["cores"] = Environment.ProcessorCount,
                ["runtime"] = RuntimeInformation.FrameworkDescription,
            };
            foreach (BenchMetric metric in metrics)
            {
                document[metric.Key] = Math.Round(metric.Value, 4);
            }

            output.WriteLine(JsonSerializer.Serialize(document));
        }
        else
        {
            output.WriteLine($"gkr bench {suite.Name}  (tier {SimdSupport.Active}, {Environment.ProcessorCount} cores; medians)");
            foreach (BenchMetric metric in metrics)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {metric.Key,-28} {metric.Value,14:0.####} {metric.Unit,-6} {metric.Description}"));
            }
        }

        return CliErrors.Ok;
    }
}
