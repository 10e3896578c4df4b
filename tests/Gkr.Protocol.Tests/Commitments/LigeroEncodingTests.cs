using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>The canonical encoding: round trip, and every malformed input rejected before use.</summary>
public class LigeroEncodingTests
{
    private const int N = 9;

    private static readonly (LigeroCommittedPolynomial Polynomial, LigeroOpeningStatement Statement, LigeroOpeningProof Proof) Case = LigeroTestData.Honest(N, seed: 11);

    private static readonly byte[] Bytes = LigeroEncoding.Encode(Case.Proof);

    private static LigeroOpeningProof Decode(byte[] bytes) => LigeroEncoding.DecodeOpening(bytes, Case.Statement, LigeroTestData.Parameters);

    [Fact]
    public void OpeningRoundTripsAndStillVerifies()
    {
        LigeroOpeningProof decoded = Decode(Bytes);
        LigeroTestData.Verify(Case.Statement, decoded);
        Assert.Equal(Bytes, LigeroEncoding.Encode(decoded));
    }

    [Fact]
    public void CommitmentRoundTrips()
    {
        byte[] bytes = LigeroEncoding.Encode(Case.Polynomial.Commitment);
        Assert.Equal(Case.Polynomial.Commitment, LigeroEncoding.DecodeCommitment(bytes));
        Assert.Equal("GKRP"u8.ToArray(), bytes[..4]);
        Assert.Equal((byte)EncodingKind.LigeroCommitment, bytes[6]);
    }

    [Fact]
    public void HeaderIsTheProjectLayout()
    {
        Assert.Equal("GKRP"u8.ToArray(), Bytes[..4]);
        Assert.Equal(GkrFormat.Version, BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan(4)));
        Assert.Equal((byte)EncodingKind.LigeroOpening, Bytes[6]);
        Assert.Equal(16, Bytes[7]);
    }

    [Fact]
    public void TruncatedProofIsMalformed() => Assert.Throws<MalformedProofException>(() => Decode(Bytes[..^1]));

    [Fact]
    public void TrailingByteIsMalformed() => Assert.Throws<MalformedProofException>(() => Decode([.. Bytes, 0]));

    [Fact]
    public void WrongPointCountIsMalformed()
    {
        byte[] bytes = [.. Bytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 2);
        Assert.Throws<MalformedProofException>(() => Decode(bytes));
    }

    [Fact]
    public void HugeDeclaredColumnCountIsMalformedBeforeAllocation()
    {
        byte[] bytes = [.. Bytes];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(ColumnCountOffset()), uint.MaxValue);
        Assert.Throws<MalformedProofException>(() => Decode(bytes));
    }

    [Theory]
    [InlineData(Goldilocks.Modulus)]
    [InlineData(Goldilocks.Modulus + 5)]
    [InlineData(ulong.MaxValue)]
    public void NonCanonicalColumnElementIsMalformed(ulong word)
    {
        byte[] bytes = [.. Bytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(ColumnCountOffset() + 4), word);
        Assert.Throws<MalformedProofException>(() => Decode(bytes));
    }

    [Theory]
    [InlineData(Goldilocks.Modulus)]
    [InlineData(ulong.MaxValue)]
    public void NonCanonicalRowElementIsMalformed(ulong word)
    {
        byte[] bytes = [.. Bytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(28), word);
        Assert.Throws<MalformedProofException>(() => Decode(bytes));
    }

    [Fact]
    public void EveryFlippedByteIsRejected()
    {
        // Sample positions across the whole proof (header, counts, nonce, rows, columns, siblings).
        for (int position = 0; position < Bytes.Length; position += Math.Max(1, Bytes.Length / 400))
        {
            byte[] bytes = [.. Bytes];
            bytes[position] ^= 0x04;
            Exception e = Assert.ThrowsAny<Exception>(() => LigeroTestData.Verify(Case.Statement, Decode(bytes)));
            Assert.True(e is MalformedProofException or CommitmentRejectedException, $"byte {position}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static int ColumnCountOffset()
    {
        LigeroShape shape = Case.Polynomial.Commitment.Shape;
        return 8 + 12 + 8 + (2 * shape.MessageLength * 16);
    }
}
