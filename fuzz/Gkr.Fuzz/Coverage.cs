using System.Runtime.InteropServices;
using SharpFuzz;
using SharpFuzz.Common;

namespace Gkr.Fuzz;

/// <summary>
/// Entry points for coverage-guided fuzzers through SharpFuzz: the library assemblies are instrumented
/// with <c>sharpfuzz</c> (scripts/fuzz.sh does it on a copy of the build) and these loops report
/// the edges each input hits. A typed rejection returns normally; anything else propagates and is a crash.
/// The instrumented assemblies write every edge to <see cref="Trace.SharedMem"/>, which the loop points at
/// the fuzzer's map: the fixtures (honest proofs, built once) are built before that against a scratch map,
/// so the first input does not pay for them (and the fuzzer's calibration and 2 s time limit see only the verifier).
/// </summary>
internal static class Coverage
{
    /// <summary>libFuzzer, through the libfuzzer-dotnet driver (reads inputs over its pipe).</summary>
    public static int LibFuzzer(FuzzTarget target)
    {
        Warm(target);
        Fuzzer.LibFuzzer.Run(span => target.Execute(span.ToArray(), out _));
        return 0;
    }

    /// <summary>afl-fuzz (AFL++): SharpFuzz's fork-server loop; outside afl-fuzz it runs stdin once.</summary>
    public static int Afl(FuzzTarget target)
    {
        Warm(target);
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            target.Execute(buffer.ToArray(), out _);
        });
        return 0;
    }

    /// <summary>Builds the fixtures with the instrumentation writing to a scratch map.</summary>
    private static unsafe void Warm(FuzzTarget target)
    {
        // Safety: the trace map is indexed by 16-bit edge ids (SharpFuzz's map is 64 KiB); the scratch map is
        // never freed because instrumented code keeps a pointer to whichever map is current until the loop swaps it.
        Trace.SharedMem = (byte*)NativeMemory.AllocZeroed(1 << 16);
        foreach (byte[] seed in target.Seeds())
        {
            target.Execute(seed, out _);
        }
    }
}
