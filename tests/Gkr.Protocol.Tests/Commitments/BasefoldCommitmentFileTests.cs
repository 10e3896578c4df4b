using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>The commitment file: round trip, exact length, and every non-canonical variant rejected.</summary>
public class BasefoldCommitmentFileTests
{
    private static readonly BasefoldParameters Parameters = BasefoldParameters.Default;

    private static byte[] Sample() =>
        BasefoldCommitmentFile.Encode(BasefoldProver.Commit(SampleCircuits.RandomValues(7, 32), Parameters).Commitment, Parameters);

    [Fact]
    public void RoundTrips()
    {
        byte[] bytes = Sample();
        Assert.Equal(BasefoldCommitmentFile.Length, bytes.Length);
        (BasefoldCommitment commitment, BasefoldParameters parameters) = BasefoldCommitmentFile.Decode(bytes);
        Assert.Equal(5, commitment.NumVariables);
        Assert.Equal(Parameters, parameters);
        Assert.Equal(bytes, BasefoldCommitmentFile.Encode(commitment, parameters));
    }

    [Theory]
    [InlineData(0, (byte)'X')]  // magic
    [InlineData(4, 2)]          // version
    [InlineData(6, 0x22)]       // kind: an opening proof
    [InlineData(7, 8)]          // element size
    [InlineData(8, 2)]          // bound
    [InlineData(12, 200)]       // n beyond the encoder
    [InlineData(16, 9)]         // rate 2^-9
    [InlineData(20, 0)]         // arity 1
    [InlineData(24, 0)]         // target 0 bits
    [InlineData(31, 1)]         // proof-of-work bits out of range
    public void RejectsNonCanonicalFields(int offset, byte value)
    {
        byte[] bytes = Sample();
        bytes[offset] = value;
        Assert.Throws<MalformedEncodingException>(() => BasefoldCommitmentFile.Decode(bytes));
    }

    [Fact]
    public void GoldenBytes()
    {
        // Header "GKRP" v1 kind 0x23 size 0; bound 0, n 5, L 3, log arity, target, proof-of-work bits; root.
        byte[] bytes = Sample();
        Assert.Equal(
            Convert.FromHexString("474B525001002300" + "00000000" + "05000000" + "03000000" + "04000000" + "64000000" + "10000000"),
            bytes[..32]);
        (BasefoldCommitment commitment, _) = BasefoldCommitmentFile.Decode(bytes);
        Assert.Equal(commitment.Root.ToArray(), bytes[32..]);
    }

    [Fact]
    public void RejectsWrongLengths()
    {
        byte[] bytes = Sample();
        Assert.Throws<MalformedEncodingException>(() => BasefoldCommitmentFile.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<MalformedEncodingException>(() => BasefoldCommitmentFile.Decode([.. bytes, 0]));
    }
}
