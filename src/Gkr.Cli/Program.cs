using System.Diagnostics;
using System.Globalization;
using Gkr.Cli;

int exit = CliErrors.Run(GkrCommands.CreateRoot(), args);

// Test hook (undocumented on purpose): the process's peak resident memory in bytes (VmHWM on Linux), written to
// the file GKR_REPORT_PEAK names, for the tests that bound what a huge or endless input file may cost.
if (Environment.GetEnvironmentVariable("GKR_REPORT_PEAK") is { Length: > 0 } peakFile)
{
    File.WriteAllText(peakFile, Process.GetCurrentProcess().PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));
}

return exit;
