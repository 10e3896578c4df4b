using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Fuzz.Tests;

/// <summary>The harness itself: which exceptions count as rejections, the mutator's determinism, the buckets.</summary>
public class HarnessTests
{
    [Fact]
    public void TypedRejectionsAreRecognised()
    {
        Assert.True(FuzzTargets.IsTypedRejection(new MalformedProofException("bad")));
        Assert.True(FuzzTargets.IsTypedRejection(new MalformedCircuitException("bad")));
        Assert.True(FuzzTargets.IsTypedRejection(new NonCanonicalEncodingException("bad")));
        Assert.True(FuzzTargets.IsTypedRejection(new Protocol.Gkr.GkrRejectedException(Protocol.Gkr.GkrRejection.MalformedProof, "bad")));
        Assert.True(FuzzTargets.IsTypedRejection(Assert.ThrowsAny<Exception>(() => BasefoldCommitmentFile.Decode([1, 2, 3]))));
        Assert.True(FuzzTargets.IsTypedRejection(Assert.ThrowsAny<Exception>(() => CircuitFile.ParseValues("{}"))));
        Assert.True(FuzzTargets.IsTypedRejection(Assert.ThrowsAny<Exception>(() =>
            ProofEncoding.DecodeSumcheck<GoldilocksExt2>([], new SumcheckStatement<GoldilocksExt2>(1, Composition<GoldilocksExt2>.Product(2), GoldilocksExt2.Zero)))));
    }

    [Fact]
    public void EverythingElseIsACrash()
    {
        Assert.False(FuzzTargets.IsTypedRejection(new IndexOutOfRangeException()));
        Assert.False(FuzzTargets.IsTypedRejection(new NullReferenceException()));
        Assert.False(FuzzTargets.IsTypedRejection(new OverflowException()));
        Assert.False(FuzzTargets.IsTypedRejection(new ArgumentException("bad")));
        Assert.False(FuzzTargets.IsTypedRejection(new InvalidOperationException()));
        Assert.False(FuzzTargets.IsTypedRejection(new OutOfMemoryException()));
        Assert.False(FuzzTargets.IsTypedRejection(new FuzzInvariantException("oracle")));
        // A plain FormatException is a rejection only when the documented decoders throw it themselves.
        Assert.False(FuzzTargets.IsTypedRejection(Assert.Throws<FormatException>(() => int.Parse("x", System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public void AnOracleFailureIsACrashNotARejection()
    {
        var target = new FuzzTarget("oracle", "always fails its oracle", () => [[0]], _ => throw new FuzzInvariantException("broken"));
        Assert.Throws<FuzzInvariantException>(() => target.Execute([0], out _));
        CampaignResult result = Campaign.Run(target, new CampaignOptions(1, 10, null, CampaignOptions.DefaultHangTimeout));
        Assert.Single(result.Crashes);
        Assert.StartsWith("Gkr.Fuzz.FuzzInvariantException", result.Crashes[0].Signature, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInputPastTheTimeLimitIsAHangAndTheCampaignGoesOn()
    {
        // Inputs containing 0xFF sleep 3 s; the limit is 200 ms. After each hang a fresh worker carries on.
        var target = new FuzzTarget("sleepy", "sleeps on 0xFF", () => [[0, 1, 2, 3]], input =>
        {
            Thread.Sleep(input.Contains((byte)0xFF) ? 3_000 : 0);
            return false;
        });
        CampaignResult result = Campaign.Run(target, new CampaignOptions(3, 5_000, 20, TimeSpan.FromMilliseconds(200)));
        Assert.NotEmpty(result.Hangs);
        Assert.All(result.Hangs, h => Assert.Contains((byte)0xFF, h.Input));
        Assert.True(result.RejectedByCaller > 0);
        Assert.Empty(result.Crashes);
    }

    [Fact]
    public void MutatorIsDeterministicInItsSeed()
    {
        byte[] input = [.. Enumerable.Range(0, 200).Select(i => (byte)i)];
        byte[][] Run(int seed)
        {
            var mutator = new Mutator(seed, [], 1 << 16);
            return [.. Enumerable.Range(0, 50).Select(_ => mutator.Mutate(input, [input]))];
        }

        byte[][] first = Run(7), again = Run(7), other = Run(8);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(first.Count(m => !m.AsSpan().SequenceEqual(input)) >= 45);
    }

    [Fact]
    public void BucketsIgnoreNumbersDigestsAndQuotedInput()
    {
        Assert.Equal(
            Campaign.Bucket("The statement implies 4 rounds, the proof declares 17."),
            Campaign.Bucket("The statement implies 3 rounds, the proof declares 4294967295."));
        Assert.Equal(
            Campaign.Bucket("layer 0: unknown member \"xyz\"."),
            Campaign.Bucket("layer 2: unknown member \"a'b\"."));
        Assert.NotEqual(Campaign.Bucket("Bad magic."), Campaign.Bucket("Proof truncated while reading header at byte 0."));
    }
}
