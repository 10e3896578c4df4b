using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Field.Diagnostics;
using Gkr.Field.Simd;

namespace Gkr.Cli;

/// <summary><c>gkr info</c>: version, SIMD tier (and each kernel's, with the reason), field parameters, plus a quick field self-check.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print the version, the SIMD tier in use and the field parameters, and run a field self-check.");
        command.SetAction(_ => Run(Console.Out));
        return command;
    }

    public static int Run(TextWriter output)
    {
        string version = typeof(InfoCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        output.WriteLine($"gkr {version}");
        output.WriteLine($"runtime:        {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture}), {Environment.ProcessorCount} cores");
        output.WriteLine($"cpu:            {CpuFamily.Current}");
        output.WriteLine($"simd tier:      {SimdSupport.Describe()}");
        foreach (SimdKernel kernel in Enum.GetValues<SimdKernel>())
        {
            output.WriteLine($"kernel tier:    {SimdSupport.Key(kernel),-18} {SimdSupport.TierFor(kernel),-7} ({SimdSupport.Reason(kernel)})");
        }

        output.WriteLine($"field:          Goldilocks p = 2^64 - 2^32 + 1 = {Goldilocks.Modulus}");
        output.WriteLine($"extension:      GoldilocksExt2 = F_p[x]/(x^2 - {GoldilocksExt2.NonResidue}), |F| = p^2 ~ 2^128");
        output.WriteLine($"two-adicity:    {Goldilocks.TwoAdicity}, omega = {Goldilocks.TwoAdicRootOfUnity} (primitive 2^32-th root of unity), generator = {Goldilocks.MultiplicativeGenerator}");
        output.WriteLine($"ntt sizes:      2^0 .. 2^{Ntt.MaxLogSize}");

        IReadOnlyList<FieldSelfCheck.Result> results = FieldSelfCheck.RunAll();
        foreach (FieldSelfCheck.Result result in results)
        {
            output.WriteLine($"self-check:     {(result.Passed ? "ok  " : "FAIL")} {result.Name}{(result.Passed ? string.Empty : ": " + result.Detail)}");
        }

        bool allPassed = results.All(r => r.Passed);
        output.WriteLine(allPassed ? "self-check passed" : "self-check FAILED");
        return allPassed ? CliErrors.Ok : CliErrors.Rejected;
    }
}
