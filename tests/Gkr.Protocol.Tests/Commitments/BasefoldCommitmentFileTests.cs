using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;

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
    [InlineData(6, 2)]          // scheme
    [InlineData(7, 2)]          // bound
    [InlineData(8, 200)]        // n beyond the encoder
    [InlineData(12, 9)]         // rate 2^-9
    [InlineData(20, 0)]         // target 0 bits
    [InlineData(27, 1)]         // proof-of-work bits out of range
    public void RejectsNonCanonicalFields(int offset, byte value)
    {
        byte[] bytes = Sample();
        bytes[offset] = value;
        Assert.Throws<FormatException>(() => BasefoldCommitmentFile.Decode(bytes));
    }

    [Fact]
    public void RejectsWrongLengths()
    {
        byte[] bytes = Sample();
        Assert.Throws<FormatException>(() => BasefoldCommitmentFile.Decode(bytes.AsSpan(0, bytes.Length - 1)));
        Assert.Throws<FormatException>(() => BasefoldCommitmentFile.Decode([.. bytes, 0]));
    }
}
