using System.Globalization;

namespace Gkr.Fuzz;

/// <summary>The command line of gkr-fuzz: fuzz targets for every decoder + verifier of Gkr.Protocol (see docs/FUZZING.md).</summary>
internal static class Program
{
    private const string Usage = """
        usage:
          gkr-fuzz list                                   the targets
          gkr-fuzz seed [--out DIR]                       honest encodings to DIR/<target>/, dictionaries to DIR/<target>.dict
                                                          (default DIR: fuzz/corpus)
          gkr-fuzz run <target|all> [--seconds N] [--executions N] [--seed S] [--findings DIR] [--timeout-ms MS]
                                                          seeded in-process mutation fuzzing (per target limits)
          gkr-fuzz repro <target> <file>...               run saved inputs, print the verdict or the exception
          gkr-fuzz libfuzzer <target>                     entry point for libfuzzer-dotnet (SharpFuzz)
          gkr-fuzz afl <target>                           entry point for afl-fuzz (SharpFuzz)
        """;

    public static int Main(string[] args)
    {
        try
        {
            return args switch
            {
                ["list"] => List(),
                ["seed", .. var rest] => Seed(Option(rest, "--out") ?? Path.Combine("fuzz", "corpus")),
                ["run", var name, .. var rest] => Run(name, rest),
                ["repro", var name, .. var files] when files.Length > 0 => Repro(FuzzTargets.Get(name), files),
                ["libfuzzer", var name] => Coverage.LibFuzzer(FuzzTargets.Get(name)),
                ["afl", var name] => Coverage.Afl(FuzzTargets.Get(name)),
                _ => Fail(Usage),
            };
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i < 0 ? null : i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{name} needs a value.");
    }

    private static double? Number(string[] args, string name) =>
        Option(args, name) is { } text
            ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value >= 0 ? value : throw new ArgumentException($"{name}: not a number: {text}.")
            : null;

    private static int List()
    {
        foreach (FuzzTarget target in FuzzTargets.All)
        {
            Console.WriteLine($"{target.Name,-26} {target.Description}");
        }

        return 0;
    }

    private static int Seed(string root)
    {
        foreach (FuzzTarget target in FuzzTargets.All)
        {
            string directory = Path.Combine(root, target.Name);
            Directory.CreateDirectory(directory);
            IReadOnlyList<byte[]> seeds = target.Seeds();
            for (int i = 0; i < seeds.Count; i++)
            {
                File.WriteAllBytes(Path.Combine(directory, $"seed-{i}.bin"), seeds[i]);
            }

            if (target.Dictionary.Count > 0)
            {
                // AFL++/libFuzzer dictionary format: one "token" per line, quotes, backslashes and bytes outside ASCII escaped.
                File.WriteAllLines(Path.Combine(root, target.Name + ".dict"), target.Dictionary.Select(t => $"\"{string.Concat(t.Select(Escape))}\""));
            }

            Console.WriteLine($"{directory}: {seeds.Count} seed(s), {seeds.Sum(s => s.Length)} bytes");
        }

        return 0;
    }

    private static string Escape(byte b) => b is >= 0x20 and < 0x7F and not (byte)'"' and not (byte)'\\' ? ((char)b).ToString() : $"\\x{b:X2}";

    private static int Run(string name, string[] args)
    {
        IReadOnlyList<FuzzTarget> targets = name == "all" ? FuzzTargets.All : [FuzzTargets.Get(name)];
        double? executions = Number(args, "--executions");
        var options = new CampaignOptions(
            (int)(Number(args, "--seed") ?? 1),
            executions is { } e ? (long)e : null,
            Number(args, "--seconds") ?? (executions is null ? 60 : null),
            Number(args, "--timeout-ms") is { } ms ? TimeSpan.FromMilliseconds(ms) : CampaignOptions.DefaultHangTimeout,
            Option(args, "--findings") ?? Path.Combine("fuzz", "out", "findings"),
            Console.Out);
        int failures = 0;
        foreach (FuzzTarget target in targets)
        {
            CampaignResult result = Campaign.Run(target, options);
            Console.WriteLine($"== {target.Name}: {target.Description}");
            foreach ((string bucket, long count) in result.Rejections.OrderByDescending(r => r.Value).Take(60))
            {
                Console.WriteLine($"   {count,10}  {bucket}");
            }

            foreach (Finding finding in result.Crashes.Concat(result.Hangs))
            {
                Console.WriteLine($"   {finding.Kind.ToUpperInvariant()}: {finding.Signature} -> {finding.File ?? "(not saved)"}");
            }

            Console.WriteLine(result.Summary());
            failures += result.Crashes.Count + result.Hangs.Count;
        }

        return failures == 0 ? 0 : 1;
    }

    private static int Repro(FuzzTarget target, string[] files)
    {
        int failures = 0;
        foreach (string file in files)
        {
            byte[] input = File.ReadAllBytes(file);
            try
            {
                FuzzVerdict verdict = target.Execute(input, out string? rejection);
                Console.WriteLine($"{file}: {verdict}{(rejection is null ? string.Empty : $" ({rejection})")}");
            }
#pragma warning disable CA1031 // Reporting the crash is the point.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures++;
                Console.WriteLine($"{file}: CRASH {Convert.ToHexString(input.AsSpan(0, Math.Min(input.Length, 256)))}\n{ex}");
            }
        }

        return failures == 0 ? 0 : 1;
    }
}
