using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Gkr.Fuzz;

/// <summary>How long and how a seeded campaign runs.</summary>
/// <param name="Seed">Seeds the mutator: the same seed, target and execution count give the same inputs.</param>
/// <param name="Executions">Stop after this many mutated executions (null: no limit).</param>
/// <param name="Seconds">Stop after this many seconds (null: no limit).</param>
/// <param name="HangTimeout">An input running longer is a hang.</param>
/// <param name="FindingsDirectory">Where crashing and hanging inputs are written (null: not written).</param>
/// <param name="Log">Progress lines (null: quiet).</param>
public sealed record CampaignOptions(int Seed, long? Executions, double? Seconds, TimeSpan HangTimeout, string? FindingsDirectory = null, TextWriter? Log = null)
{
    /// <summary>The per-input time limit of the brief: 2 s.</summary>
    public static TimeSpan DefaultHangTimeout { get; } = TimeSpan.FromSeconds(2);
}

/// <summary>A crash or a hang: its signature, the input and where it was written.</summary>
public sealed record Finding(string Kind, string Signature, string Detail, byte[] Input, string? File);

/// <summary>The figures of a campaign.</summary>
public sealed record CampaignResult(
    string Target, long Executions, double Seconds, long Accepted, long Rejected, long RejectedByCaller,
    IReadOnlyList<Finding> Crashes, IReadOnlyList<Finding> Hangs, IReadOnlyDictionary<string, long> Rejections, int CorpusSize)
{
    /// <summary>One machine-readable line.</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"SUMMARY target={Target} executions={Executions} seconds={Seconds:0.0} execs_per_s={Executions / Math.Max(Seconds, 1e-9):0} accepted={Accepted} rejected={Rejected} rejected_by_final_check={RejectedByCaller} distinct_rejections={Rejections.Count} corpus={CorpusSize} crashes={Crashes.Count} hangs={Hangs.Count}");
}

/// <summary>
/// The seeded in-process mutation fuzzer: runs the honest seeds, then mutants of the growing corpus, each on a
/// watchdog thread. An input whose rejection message (digits normalised) is new joins the corpus: a cheap
/// stand-in for coverage feedback that steers the mutator past the checks it has already hit.
/// </summary>
public static partial class Campaign
{
    private const int MaxCorpus = 1024;
    private const int MaxDistinctCrashes = 20;
    private const int MaxHangs = 3;

    /// <summary>Runs <paramref name="target"/> under <paramref name="options"/>.</summary>
    public static CampaignResult Run(FuzzTarget target, CampaignOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        IReadOnlyList<byte[]> seeds = target.Seeds();
        var corpus = new List<byte[]>(seeds);
        var mutator = new Mutator(options.Seed, target.Dictionary, Math.Max(1 << 16, 2 * seeds.Max(s => s.Length)));
        var rejections = new Dictionary<string, long>();
        var crashes = new Dictionary<string, Finding>();
        var hangs = new List<Finding>();
        long executions = 0, accepted = 0, rejected = 0, byCaller = 0;
        var clock = Stopwatch.StartNew();
        TimeSpan nextLog = TimeSpan.FromSeconds(10);
        using var watchdog = new Watchdog(target);

        // The seeds first, with time for the JIT: every honest seed of a proof target should be accepted.
        foreach (byte[] seed in seeds)
        {
            Record(seed, watchdog.Execute(seed, options.HangTimeout * 15));
        }

        while ((options.Executions is not { } n || executions < n) && (options.Seconds is not { } s || clock.Elapsed.TotalSeconds < s) && hangs.Count < MaxHangs && crashes.Count < MaxDistinctCrashes)
        {
            byte[] input = mutator.Mutate(corpus[PickIndex(executions, corpus.Count)], corpus);
            executions++;
            Record(input, watchdog.Execute(input, options.HangTimeout));
            if (options.Log is { } log && clock.Elapsed >= nextLog)
            {
                nextLog += TimeSpan.FromSeconds(30);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{target.Name}] {clock.Elapsed.TotalSeconds:0}s {executions} execs ({executions / clock.Elapsed.TotalSeconds:0}/s) crashes {crashes.Count} hangs {hangs.Count} distinct rejections {rejections.Count} corpus {corpus.Count}"));
            }
        }

        return new CampaignResult(target.Name, executions, clock.Elapsed.TotalSeconds, accepted, rejected, byCaller, [.. crashes.Values], hangs, rejections, corpus.Count);

        void Record(byte[] input, Watchdog.Outcome outcome)
        {
            switch (outcome)
            {
                case { TimedOut: true }:
                    hangs.Add(Save(options, target, "hang", $"no result after {options.HangTimeout.TotalSeconds:0.#} s", "input ran past the per-input time limit", input));
                    options.Log?.WriteLine($"[{target.Name}] HANG ({input.Length} bytes)");
                    break;
                case { Crash: { } ex }:
                    string signature = CrashSignature(ex);
                    if (!crashes.ContainsKey(signature))
                    {
                        crashes[signature] = Save(options, target, "crash", signature, ex.ToString(), input);
                        options.Log?.WriteLine($"[{target.Name}] CRASH {signature}");
                    }

                    break;
                case { Verdict: FuzzVerdict.Accepted }:
                    accepted++;
                    break;
                case { Verdict: FuzzVerdict.RejectedByCaller }:
                    byCaller++;
                    Learn("final check: the returned claim is false", input);
                    break;
                default:
                    rejected++;
                    Learn(outcome.Rejection!, input);
                    break;
            }
        }

        void Learn(string message, byte[] input)
        {
            string bucket = Bucket(message);
            if (rejections.TryGetValue(bucket, out long count))
            {
                rejections[bucket] = count + 1;
                return;
            }

            rejections[bucket] = 1;
            if (corpus.Count < MaxCorpus)
            {
                corpus.Add(input);
            }
        }
    }

    /// <summary>Half the picks favour the seeds and early entries (the inputs closest to honest), half are uniform.</summary>
    private static int PickIndex(long execution, int count) =>
        (int)(execution % 2 == 0 ? (execution / 2) % Math.Min(count, 8) : (execution * 2654435761L & int.MaxValue) % count);

    /// <summary>A rejection message with numbers and hex digests replaced, so "round 3" and "round 4" share a bucket.</summary>
    public static string Bucket(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Quoted input text (JSON members, raw values after "got", the JSON reader's excerpt) would make every
        // mutant its own bucket: keep what precedes the first quote and follows the last one.
        string text = Got().Replace(message, "got …");
        int first = text.IndexOfAny(['\'', '"']), last = text.LastIndexOfAny(['\'', '"']);
        string unquoted = first < 0 ? text : $"{text[..first]}‹…›{text[(last + 1)..]}";
        string normalised = Numbers().Replace(HexRuns().Replace(unquoted, "<hex>"), "#");
        return normalised.Length <= 160 ? normalised : normalised[..160];
    }

    /// <summary>Exception type and the first frame: one crash per distinct place and kind.</summary>
    public static string CrashSignature(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        string? frame = exception.StackTrace?.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        string inner = exception.InnerException is { } i ? $" <- {i.GetType().Name}" : string.Empty;
        return $"{exception.GetType().FullName}{inner} {Bucket(frame ?? "(no stack)")}";
    }

    private static Finding Save(CampaignOptions options, FuzzTarget target, string kind, string signature, string detail, byte[] input)
    {
        string? file = null;
        if (options.FindingsDirectory is { } root)
        {
            string directory = Path.Combine(root, target.Name);
            Directory.CreateDirectory(directory);
            string name = $"{kind}-{Convert.ToHexStringLower(SHA256.HashData(input))[..16]}";
            file = Path.Combine(directory, name + ".bin");
            File.WriteAllBytes(file, input);
            File.WriteAllText(Path.Combine(directory, name + ".txt"), $"target: {target.Name}\nsignature: {signature}\nlength: {input.Length}\n\n{detail}\n", Encoding.UTF8);
        }

        return new Finding(kind, signature, detail, input, file);
    }

    [GeneratedRegex("[0-9a-fA-F]{16,}")]
    private static partial Regex HexRuns();

    [GeneratedRegex("got .*$", RegexOptions.Singleline)]
    private static partial Regex Got();

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Numbers();
}
