using SharpFuzz;

namespace Gkr.Fuzz;

/// <summary>
/// Entry points for coverage-guided fuzzers through SharpFuzz: the library assemblies are instrumented
/// with <c>sharpfuzz</c> (scripts/fuzz.sh does it on a copy of the build) and these loops report
/// the edges each input hits. A typed rejection returns normally; anything else propagates and is a crash.
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

    /// <summary>Builds the fixtures (honest proofs) before the first input so no input pays for them.</summary>
    private static void Warm(FuzzTarget target) => _ = target.Seeds();
}
