using Xunit.Abstractions;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>
/// The mutation suite over every encoding kind: 100% of mutations rejected with a typed error, none
/// accepted, no other exception. Counts are printed (and recorded in docs/SECURITY.md).
/// </summary>
public class MutationTests(ITestOutputHelper output)
{
    public static TheoryData<string> Kinds => [.. EncodedSamples.Names];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void EveryMutationIsRejectedWithATypedError(string kind)
    {
        EncodedSample sample = EncodedSamples.ByName(kind);
        MutationSuite.RequireHonestAccepted(sample);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        MutationReport report = MutationSuite.Run(sample);
        output.WriteLine($"mutation {report} ({clock.Elapsed.TotalSeconds:0.0} s)");
        Assert.True(report.Accepted.Count == 0, $"accepted: {string.Join("; ", report.Accepted.Take(10))}");
        Assert.True(report.Crashed.Count == 0, $"crashed: {string.Join("; ", report.Crashed.Take(10))}");
        Assert.Equal(report.Total, report.Rejected);
        Assert.True(report.ByteFlips >= Math.Min(sample.Bytes.Length, 10_000) && report.FieldMutations >= Math.Min(sample.Fields.Count, 10_000), "the suite ran fewer mutations than positions");
    }
}
