using System.Diagnostics;
using System.Globalization;
using Gkr.Cli;

namespace Gkr.Cli.Tests;

/// <summary>Runs the <c>gkr</c> command tree in process, capturing stdout and stderr (tests using it share the Console
/// collection), or the built gkr as a separate process.</summary>
internal static class GkrRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        TextWriter savedOut = Console.Out, savedError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (CliErrors.Run(GkrCommands.CreateRoot(), args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }

    /// <summary>
    /// Runs the built gkr (gkr.dll beside the tests) as a separate process and returns its exit code, its stderr and
    /// its peak resident memory in bytes, which it reports itself at exit (the GKR_REPORT_PEAK hook in Program.cs).
    /// </summary>
    public static (int Exit, string Error, long PeakBytes) RunProcess(params string[] args)
    {
        string peakFile = Path.GetTempFileName();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "gkr.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GKR_REPORT_PEAK"] = peakFile;
        try
        {
            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill();
                throw new TimeoutException($"gkr {string.Join(' ', args)} did not finish in 60 s");
            }

            return (process.ExitCode, error.Result, long.Parse(File.ReadAllText(peakFile), CultureInfo.InvariantCulture));
        }
        finally
        {
            File.Delete(peakFile);
        }
    }
}
