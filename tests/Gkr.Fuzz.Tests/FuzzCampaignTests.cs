namespace Gkr.Fuzz.Tests;

/// <summary>
/// The short CI run: every target for a fixed number of seeded mutated executions, with the 2 s per-input
/// watchdog; no crash and no hang is allowed. The long campaign and its figures are in docs/FUZZING.md.
/// </summary>
public class FuzzCampaignTests
{
    /// <summary>Mutated executions per target (about 1–3 s each on the CI machine).</summary>
    public const int Executions = 20_000;

    /// <summary>A fixed seed: a failure here reproduces with <c>gkr-fuzz run TARGET --executions 20000 --seed 20261124</c>.</summary>
    public const int Seed = 20261124;

    public static TheoryData<string> Targets => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void SeededRunHasNoCrashAndNoHang(string name)
    {
        FuzzTarget target = FuzzTargets.Get(name);
        CampaignResult result = Campaign.Run(target, new CampaignOptions(Seed, Executions, null, CampaignOptions.DefaultHangTimeout));

        Assert.True(result.Crashes.Count == 0, string.Join("\n\n", result.Crashes.Select(c => $"{c.Signature}\ninput {Convert.ToHexString(c.Input)}\n{c.Detail}")));
        Assert.True(result.Hangs.Count == 0, string.Join("\n", result.Hangs.Select(h => $"hang: input {Convert.ToHexString(h.Input)}")));
        Assert.Equal(Executions, result.Executions);
        // The run reached past the header: several distinct rejections, and every honest seed was accepted.
        Assert.True(result.Rejections.Count >= 5, $"only {result.Rejections.Count} distinct rejections");
        Assert.True(result.Accepted >= target.Seeds().Count, $"{result.Accepted} accepted, {target.Seeds().Count} seeds");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void HonestSeedsAreAccepted(string name)
    {
        FuzzTarget target = FuzzTargets.Get(name);
        foreach (byte[] seed in target.Seeds())
        {
            Assert.Equal(FuzzVerdict.Accepted, target.Execute(seed, out string? rejection));
            Assert.Null(rejection);
        }
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void TruncatedSeedIsATypedRejection(string name)
    {
        FuzzTarget target = FuzzTargets.Get(name);
        byte[] seed = target.Seeds()[0];
        Assert.Equal(FuzzVerdict.Rejected, target.Execute(seed[..(seed.Length / 2)], out string? rejection));
        Assert.False(string.IsNullOrEmpty(rejection));
    }
}
