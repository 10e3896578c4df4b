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

    [Fact]
    public void KnownAnswerFollowsTheDocumentedLayout()
    {
        // An independent model of the layout in Transcript's remarks, built from SHA-256 and byte strings only.
        byte[] state = Sha(Concat([0x00], Str(TranscriptLabels.Domain), new byte[32]));
        byte[] pending = Concat(
            Frame(TranscriptLabels.ProtocolId, "gkr/kat"u8.ToArray()),
            Frame(TranscriptLabels.Version, Le(TranscriptLabels.ProtocolVersion)),
            Frame("value", Le(42)));
        state = Sha(Concat([0x02], state, pending, [0x02], Str("challenge")));
        ulong first = FirstWord(state);
        state = Sha(Concat([0x02], state, Frame("value", Le(first)), [0x02], Str("challenge")));
        byte[] block = Sha(Concat([0x03], state, Le(0)));
        (ulong, ulong) second = (BitConverter.ToUInt64(block, 0), BitConverter.ToUInt64(block, 8));

        // Every word is below p here (a rejection has probability ≈ 2^-32), so the words are the values.
        Assert.Equal(KnownAnswerValue, first);
        Assert.Equal(KnownAnswerSecond, second);

        static ulong FirstWord(byte[] state) => BitConverter.ToUInt64(Sha(Concat([0x03], state, Le(0))), 0);
        static byte[] Sha(byte[] data) => System.Security.Cryptography.SHA256.HashData(data);
        static byte[] Le(ulong value) => BitConverter.GetBytes(value);
        static byte[] Str(string text) => Concat(Le((ulong)System.Text.Encoding.UTF8.GetByteCount(text)), System.Text.Encoding.UTF8.GetBytes(text));
        static byte[] Frame(string label, byte[] data) => Concat([0x01], Str(label), Le((ulong)data.Length), data);
        static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
    }

    [Fact]
    public void AChallengeLabelCannotImitateAnAbsorbFrame()
    {
        // Without the challenge frame's own tag, the 257-byte label below followed the state exactly as
        // the frame of absorbing 120 bytes under "a" and then the 119-byte label "w…w" do: both hash
        // inputs were the same bytes, so the two transcripts drew the same challenge.
        string data = new('d', 120), shortLabel = new('w', 119);
        string longLabel = "\0a" + "\u0078" + new string('\0', 7) + data + "\u0077" + new string('\0', 7) + shortLabel;
        Assert.Equal(257, System.Text.Encoding.UTF8.GetByteCount(longLabel));

        var imitation = new Transcript("p");
        GoldilocksExt2 fromLabel = imitation.ChallengeField<GoldilocksExt2>(longLabel);
        var honest = new Transcript("p");
        honest.AbsorbBytes("a", System.Text.Encoding.ASCII.GetBytes(data));
        GoldilocksExt2 fromFrame = honest.ChallengeField<GoldilocksExt2>(shortLabel);

        Assert.NotEqual(fromFrame, fromLabel);
    }

    [Fact]
    public void AbsorbsBetweenChallengesAreAllBound()
    {
        // Absorbs are buffered until the next challenge: each one, not only the last, must change it.
        static GoldilocksExt2 Run(ulong a, ulong b)
        {
            var t = new Transcript("p");
            _ = t.ChallengeField<GoldilocksExt2>("c");
            t.AbsorbUInt64("a", a);
            t.AbsorbUInt64("b", b);
            return t.ChallengeField<GoldilocksExt2>("c");
        }

        GoldilocksExt2 baseline = Run(1, 2);
        Assert.NotEqual(baseline, Run(3, 2));
        Assert.NotEqual(baseline, Run(1, 3));
        Assert.NotEqual(baseline, Run(2, 1));
    }

    internal const ulong KnownAnswerValue = 18239541526851661625UL;

    internal static readonly (ulong, ulong) KnownAnswerSecond = (666805405766962351UL, 14539597471662271922UL);
}
