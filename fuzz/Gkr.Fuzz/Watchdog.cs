namespace Gkr.Fuzz;

/// <summary>
/// Runs one input at a time on a worker thread and waits at most a time limit. A worker that overruns is
/// abandoned (a background thread cannot be aborted in .NET) and a fresh one takes its place.
/// </summary>
public sealed class Watchdog(FuzzTarget target) : IDisposable
{
    private Worker _worker = new(target);

    /// <summary>The result of one execution: timed out, a crash (any non-rejection exception), or a verdict.</summary>
    public readonly record struct Outcome(bool TimedOut, Exception? Crash, FuzzVerdict Verdict, string? Rejection);

    /// <summary>Executes <paramref name="input"/> and waits at most <paramref name="limit"/>.</summary>
    public Outcome Execute(byte[] input, TimeSpan limit)
    {
        Worker worker = _worker;
        worker.Start(input);
        if (worker.Wait(limit))
        {
            return worker.Result;
        }

        _worker = new Worker(target);
        return new Outcome(true, null, default, null);
    }

    /// <inheritdoc />
    public void Dispose() => _worker.Stop();

    private sealed class Worker
    {
        private readonly FuzzTarget _target;
        private readonly SemaphoreSlim _go = new(0), _done = new(0);
        private byte[]? _input;
        private bool _stop;

        public Worker(FuzzTarget target)
        {
            _target = target;
            new Thread(Loop) { IsBackground = true, Name = $"fuzz {target.Name}" }.Start();
        }

        public Outcome Result { get; private set; }

        public void Start(byte[] input)
        {
            _input = input;
            _go.Release();
        }

        public bool Wait(TimeSpan limit) => _done.Wait(limit);

        public void Stop()
        {
            _stop = true;
            _go.Release();
        }

        private void Loop()
        {
            while (true)
            {
                _go.Wait();
                if (_stop)
                {
                    return;
                }

                try
                {
                    FuzzVerdict verdict = _target.Execute(_input!, out string? rejection);
                    Result = new Outcome(false, null, verdict, rejection);
                }
#pragma warning disable CA1031 // Every exception that is not a typed rejection is exactly what the fuzzer is looking for.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    Result = new Outcome(false, ex, default, null);
                }

                _done.Release();
            }
        }
    }
}
