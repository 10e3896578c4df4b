using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Gkr.Cli;

int exit = CliErrors.Run(GkrCommands.CreateRoot(), args);
if (Environment.GetEnvironmentVariable("GKR_REPORT_PEAK") is { Length: > 0 } peakFile)
{
    ReportPeak(peakFile);
}

return exit;

// Test hook (undocumented on purpose): the process's peak resident memory in bytes (VmHWM on Linux), written to the
// file GKR_REPORT_PEAK names, for the tests that bound what a huge or endless input file may cost. A method of its
// own so that System.Diagnostics.Process is loaded only when asked for (the JIT resolves every call in a method).
[MethodImpl(MethodImplOptions.NoInlining)]
static void ReportPeak(string path) =>
    File.WriteAllText(path, Process.GetCurrentProcess().PeakWorkingSet64.ToString(CultureInfo.InvariantCulture));
