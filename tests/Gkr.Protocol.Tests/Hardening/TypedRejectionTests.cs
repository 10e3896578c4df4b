using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>
/// The byte-level verifier entry points report malformed bytes as the verifier's own typed rejection
/// (reason MalformedProof, the decoder's exception inside), so one catch of <see cref="ProofRejectedException"/>
/// sees every outcome other than acceptance.
/// </summary>
public class TypedRejectionTests
{
    public static TheoryData<string> ProofKinds => ["sumcheck", "batched-sumcheck", "gkr", "gkr-committed", "basefold-opening", "ligero-opening"];

    [Theory]
    [MemberData(nameof(ProofKinds))]
    public void MalformedBytesAreTheVerifiersTypedRejection(string kind)
    {
        EncodedSample sample = EncodedSamples.ByName(kind);
        foreach (byte[] bad in (byte[][])[[], sample.Bytes[..^1], [.. sample.Bytes, 0], [.. sample.Bytes[..6], 0x7F, .. sample.Bytes[7..]]])
        {
            ProofRejectedException ex = Assert.ThrowsAny<ProofRejectedException>(() => sample.Check(bad));
            Assert.Equal("MalformedProof", ex.Check);
            Assert.IsType<MalformedProofException>(ex.InnerException);
            Assert.Equal(ex.InnerException.Message, ex.Actual ?? ex.InnerException.Message);
        }
    }
}
