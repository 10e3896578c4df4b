using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Tests.FiatShamir;

public class TranscriptTests
{
    [Fact]
    public void SameAbsorbsGiveSameChallenges()
    {
        static GoldilocksExt2 Run()
        {
            var t = new Transcript("test");
            t.AbsorbField("a", Goldilocks.FromUInt64(5));
            return t.ChallengeField<GoldilocksExt2>("c");
        }

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void EveryInputChangesTheChallenge()
    {
        static GoldilocksExt2 Run(string protocol, string label, ulong value, string challengeLabel)
        {
            var t = new Transcript(protocol);
            t.AbsorbField(label, Goldilocks.FromUInt64(value));
            return t.ChallengeField<GoldilocksExt2>(challengeLabel);
        }

        GoldilocksExt2 baseline = Run("p", "a", 1, "c");
        Assert.NotEqual(baseline, Run("q", "a", 1, "c"));
        Assert.NotEqual(baseline, Run("p", "b", 1, "c"));
        Assert.NotEqual(baseline, Run("p", "a", 2, "c"));
        Assert.NotEqual(baseline, Run("p", "a", 1, "d"));
    }

    [Fact]
    public void LengthPrefixesSeparateMessageBoundaries()
    {
        // "ab" + "c" must not collide with "a" + "bc" under the same label.
        var one = new Transcript("p");
        one.AbsorbBytes("m", "ab"u8);
        one.AbsorbBytes("m", "c"u8);
        var two = new Transcript("p");
        two.AbsorbBytes("m", "a"u8);
        two.AbsorbBytes("m", "bc"u8);
        Assert.NotEqual(one.ChallengeField<Goldilocks>("c"), two.ChallengeField<Goldilocks>("c"));
    }

    [Fact]
    public void ConsecutiveChallengesDiffer()
    {
        var t = new Transcript("p");
        GoldilocksExt2[] many = t.ChallengeFields<GoldilocksExt2>("c", 64);
        GoldilocksExt2 next = t.ChallengeField<GoldilocksExt2>("c");
        Assert.Equal(65, many.Append(next).Distinct().Count());
    }

    [Fact]
    public void TinyFieldChallengesAreUniform()
    {
        // 97 · 200 draws: chi-square with 96 degrees of freedom; 160 is beyond its 0.9999 quantile.
        var t = new Transcript("uniformity");
        var counts = new int[97];
        foreach (TinyField<Mod97> value in t.ChallengeFields<TinyField<Mod97>>("c", 97 * 200))
        {
            counts[value.Value]++;
        }

        double chiSquare = counts.Sum(c => (c - 200.0) * (c - 200.0) / 200.0);
        Assert.InRange(chiSquare, 40, 160);
    }

    [Fact]
    public void RecorderListsOperationsInOrder()
    {
        var recorder = new TranscriptRecorder();
        var t = new Transcript("p", recorder);
        t.AbsorbUInt64("x", 3);
        _ = t.ChallengeFields<GoldilocksExt2>("r", 2);
        Assert.Equal(
            [
                new TranscriptEvent(TranscriptOperation.Absorb, TranscriptLabels.ProtocolId, 1),
                new TranscriptEvent(TranscriptOperation.Absorb, TranscriptLabels.Version, 8),
                new TranscriptEvent(TranscriptOperation.Absorb, "x", 8),
                new TranscriptEvent(TranscriptOperation.Challenge, "r", 2),
            ],
            recorder.Events);
    }

    [Fact]
    public void KnownAnswer()
    {
        // Pins the hash-chain layout (absorb, challenge, absorb after a challenge, challenge): any change to
        // it or to a label must be deliberate and bump TranscriptLabels.ProtocolVersion.
        var t = new Transcript("gkr/kat");
        t.AbsorbField("value", Goldilocks.FromUInt64(42));
        Goldilocks first = t.ChallengeField<Goldilocks>("challenge");
        t.AbsorbField("value", first);
        GoldilocksExt2 second = t.ChallengeField<GoldilocksExt2>("challenge");
        Assert.Equal(KnownAnswerValue, first.Value);
        Assert.Equal(KnownAnswerSecond, (second.C0.Value, second.C1.Value));
    }

    internal const ulong KnownAnswerValue = 17023515769288185719UL;

    internal static readonly (ulong, ulong) KnownAnswerSecond = (2553645257196184111UL, 4434013552045695193UL);
}
