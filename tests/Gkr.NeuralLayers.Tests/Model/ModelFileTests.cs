using System.Security.Cryptography;
using FsCheck.Xunit;
using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Tests.Model;

/// <summary>The GKRM model file: round trip, a golden digest, and every truncation and byte flip rejected or re-encoded canonically.</summary>
public sealed class ModelFileTests
{
    /// <summary>SHA-256 of the fixed model's bytes: changes only with the format version.</summary>
    private const string GoldenDigest = "f19c8c769ef4db79f92909b7ef001082f97d0f773a068118efc568554509f566";

    [Property(MaxTest = 60)]
    public void RoundTripIsCanonical(int seed)
    {
        QuantizedModel model = TestModels.Random(seed);
        byte[] bytes = ModelFile.Encode(model);
        QuantizedModel decoded = ModelFile.Decode(bytes);
        Assert.Equal(bytes, ModelFile.Encode(decoded));
        Assert.Equal(model.Values, decoded.Values);
        Assert.Equal(SHA256.HashData(bytes), ModelFile.Digest(decoded));
    }

    [Fact]
    public void GoldenDigestOfTheFixedModel()
    {
        byte[] bytes = ModelFile.Encode(TestModels.Fixed());
        Assert.Equal("GKRM"u8.ToArray(), bytes[..4]);
        Assert.Equal([1, 0, ModelFile.ContentKind, ModelFile.WeightElementSize], bytes[4..8]);
        string digest = Convert.ToHexStringLower(ModelFile.Digest(TestModels.Fixed()));
        Assert.True(digest == GoldenDigest, $"The fixed model's digest is {digest}, the golden one {GoldenDigest}.");
    }

    [Fact]
    public void EveryTruncationIsRejected()
    {
        byte[] bytes = ModelFile.Encode(TestModels.Fixed());
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<MalformedModelException>(() => ModelFile.Decode(bytes.AsSpan(0, length)));
        }

        Assert.Contains("1 trailing bytes", Assert.Throws<MalformedModelException>(() => ModelFile.Decode([.. bytes, 0])).Message);
    }

    [Fact]
    public void EveryByteFlipIsRejectedOrIsAnotherCanonicalModel()
    {
        byte[] bytes = ModelFile.Encode(TestModels.Fixed());
        byte[] digest = SHA256.HashData(bytes);
        int decodedCount = 0;
        for (int at = 0; at < bytes.Length; at++)
        {
            foreach (byte mask in (byte[])[0x01, 0x80, 0xFF])
            {
                byte[] mutated = [.. bytes];
                mutated[at] ^= mask;
                QuantizedModel decoded;
                try
                {
                    decoded = ModelFile.Decode(mutated);
                }
                catch (MalformedModelException)
                {
                    continue;
                }

                // Accepted: then it is another model whose canonical bytes are exactly the mutated ones.
                decodedCount++;
                Assert.Equal(mutated, ModelFile.Encode(decoded));
                Assert.NotEqual(digest, ModelFile.Digest(decoded));
            }
        }

        Assert.True(decodedCount > 0, "weights and biases are free values: some flips must decode");
    }

    [Fact]
    public void ErrorsNameTheFieldAndOffset()
    {
        byte[] bytes = ModelFile.Encode(TestModels.Fixed());
        Assert.Contains("Bad magic", Reject(bytes, 0, 0x00));
        Assert.Contains("version 2", Reject(bytes, 4, 2));
        Assert.Contains("content kind at byte 6", Reject(bytes, 6, 9));
        Assert.Contains("input shape rank at byte 8 is 0", Reject(bytes, 8, 0));
        Assert.Contains("input type at byte 21 is 7", Reject(bytes, 21, 7));
        Assert.Contains("layer count at byte 27", Reject(bytes, 27, 0xFF));
        Assert.Contains("layer 0 kind at byte 31 is 99", Reject(bytes, 31, 99));

        // A layer that does not fit: the conv's zero point no longer matches the input's.
        int zeroPointAt = 32 + 1 + 16 + 18 + 8;
        Assert.Contains("layer 0 (Conv2d): the input zero point is 3, the layer subtracts 4", Reject(bytes, zeroPointAt, 4));
    }

    [Fact]
    public void CountsAreBoundedByTheRemainingBytes()
    {
        // A Dense layer declaring 2^14 × 2^14 weights in a few bytes: refused before allocating.
        var w = new List<byte>();
        w.AddRange("GKRM"u8.ToArray());
        w.AddRange([1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, (byte)ModelLayerKind.Dense, 2, 0, 0x40, 0, 0, 0, 0x40, 0, 0]);
        string message = Assert.Throws<MalformedModelException>(() => ModelFile.Decode(w.ToArray())).Message;
        Assert.Contains("weights: 268435456 items of 1 bytes do not fit", message);
    }

    private static string Reject(byte[] bytes, int at, byte value)
    {
        byte[] mutated = [.. bytes];
        mutated[at] = value;
        return Assert.Throws<MalformedModelException>(() => ModelFile.Decode(mutated)).Message;
    }
}
