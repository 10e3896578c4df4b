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
/// The seeded in-process mutation fuzzer: runs the honest seeds, then mutants of the growing corpus. An input
/// whose rejection message (digits normalised) is new joins the corpus: a cheap stand-in for coverage
/// feedback that steers the mutator past the checks it has already hit.
/// </summary>
/// <remarks>
/// The inputs run back to back on a worker thread while the calling thread watches the clock of the current
/// input (no hand-off per input: on a loaded machine each thread wake-up would cost more than a verification).
/// An input past the time limit is a hang; its worker is abandoned (.NET cannot abort a thread) and a fresh
/// worker carries on with the same corpus and mutator.
/// </remarks>
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
        var session = new Session(target, options);
        Thread worker = session.StartWorker();
        while (!worker.Join(50))
        {
            if (session.AbandonIfOverdue() is { } replacement)
            {
                worker = replacement;
            }
        }

        return session.Result();
    }

    /// <summary>Everything a campaign shares between its worker and its watch; the lock guards all of it.</summary>
    private sealed class Session(FuzzTarget target, CampaignOptions options)
    {
        private readonly object _lock = new();
        private readonly IReadOnlyList<byte[]> _seeds = target.Seeds();
        private readonly List<byte[]> _corpus = [];
        private readonly Dictionary<string, long> _rejections = [];
        private readonly Dictionary<string, Finding> _crashes = [];
        private readonly List<Finding> _hangs = [];
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private Mutator? _mutator;
        private long _executions, _accepted, _rejected, _byCaller, _seedsRun;
        private TimeSpan _nextLog = TimeSpan.FromSeconds(10);
        private int _generation;
        private byte[]? _current;
        private long _currentStart;
        private TimeSpan _currentLimit;

        public Thread StartWorker()
        {
            int generation = _generation;
            var thread = new Thread(() => Work(generation)) { IsBackground = true, Name = $"fuzz {target.Name} #{generation}" };
            thread.Start();
            return thread;
        }

        /// <summary>A hang: the current input is past its limit. Records it and starts a new worker (null: nothing overdue).</summary>
        public Thread? AbandonIfOverdue()
        {
            lock (_lock)
            {
                if (_current is not { } input || Stopwatch.GetElapsedTime(_currentStart) <= _currentLimit)
                {
                    return null;
                }

                _hangs.Add(Save(options, target, "hang", $"no result after {_currentLimit.TotalSeconds:0.#} s", "input ran past the per-input time limit", input));
                options.Log?.WriteLine($"[{target.Name}] HANG ({input.Length} bytes)");
                _current = null;
                _generation++;
                return StartWorker();
            }
        }

        public CampaignResult Result()
        {
            lock (_lock)
            {
                return new CampaignResult(target.Name, _executions, _clock.Elapsed.TotalSeconds, _accepted, _rejected, _byCaller, [.. _crashes.Values], [.. _hangs], new Dictionary<string, long>(_rejections), _corpus.Count);
            }
        }

        private void Work(int generation)
        {
            while (true)
            {
                byte[] input;
                lock (_lock)
                {
                    if (generation != _generation || Next() is not { } next)
                    {
                        return;
                    }

                    input = next;
                    _current = input;
                    _currentStart = Stopwatch.GetTimestamp();
                }

                Exception? crash = null;
                FuzzVerdict verdict = default;
                string? rejection = null;
                try
                {
                    verdict = target.Execute(input, out rejection);
                }
#pragma warning disable CA1031 // Every exception that is not a typed rejection is exactly what the fuzzer is looking for.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    crash = ex;
                }

                lock (_lock)
                {
                    if (generation != _generation)
                    {
                        return; // abandoned as a hang while it ran: its result no longer counts
                    }

                    _current = null;
                    Record(input, crash, verdict, rejection);
                }
            }
        }

        /// <summary>The next input (the seeds first, with time for the JIT), or null when the campaign is over.</summary>
        private byte[]? Next()
        {
            if (_seedsRun < _seeds.Count)
            {
                _currentLimit = options.HangTimeout * 15;
                return _seeds[(int)_seedsRun++];
            }

            if ((options.Executions is { } n && _executions >= n) || (options.Seconds is { } s && _clock.Elapsed.TotalSeconds >= s) || _hangs.Count >= MaxHangs || _crashes.Count >= MaxDistinctCrashes)
            {
                return null;
            }

            if (_mutator is null)
            {
                _corpus.InsertRange(0, _seeds);
                _mutator = new Mutator(options.Seed, target.Dictionary, Math.Max(1 << 16, 2 * _seeds.Max(s => s.Length)));
            }

            if (options.Log is { } log && _clock.Elapsed >= _nextLog)
            {
                _nextLog += TimeSpan.FromSeconds(30);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{target.Name}] {_clock.Elapsed.TotalSeconds:0}s {_executions} execs ({_executions / _clock.Elapsed.TotalSeconds:0}/s) crashes {_crashes.Count} hangs {_hangs.Count} distinct rejections {_rejections.Count} corpus {_corpus.Count}"));
            }

            _currentLimit = options.HangTimeout;
            return _mutator.Mutate(_corpus[PickIndex(_executions++, _corpus.Count)], _corpus);
        }

        private void Record(byte[] input, Exception? crash, FuzzVerdict verdict, string? rejection)
        {
            if (crash is not null)
            {
                string signature = CrashSignature(crash);
                if (!_crashes.ContainsKey(signature))
                {
                    _crashes[signature] = Save(options, target, "crash", signature, crash.ToString(), input);
                    options.Log?.WriteLine($"[{target.Name}] CRASH {signature}");
                }

                return;
            }

            switch (verdict)
            {
                case FuzzVerdict.Accepted:
                    _accepted++;
                    break;
                case FuzzVerdict.RejectedByCaller:
                    _byCaller++;
                    Learn("final check: the returned claim is false", input);
                    break;
                default:
                    _rejected++;
                    Learn(rejection!, input);
                    break;
            }
        }

        private void Learn(string message, byte[] input)
        {
            string bucket = Bucket(message);
            if (_rejections.TryGetValue(bucket, out long count))
            {
                _rejections[bucket] = count + 1;
            }
            else
            {
                _rejections[bucket] = 1;
                if (_corpus.Count < MaxCorpus)
                {
                    _corpus.Add(input);
                }
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
