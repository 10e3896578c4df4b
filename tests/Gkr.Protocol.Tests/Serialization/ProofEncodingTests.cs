using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Serialization;

public class ProofEncodingTests
{
    private static (SumcheckStatement<GoldilocksExt2> Statement, SumcheckProof<GoldilocksExt2> Proof, Goldilocks[][] Tables) Small(int n = 3)
    {
        var source = new RandomSource(42);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(2, n, ref source);
        (SumcheckStatement<GoldilocksExt2> statement, SumcheckProverResult<GoldilocksExt2> result) =
            TestData.ProveHonest<Goldilocks, GoldilocksExt2>(Composition<GoldilocksExt2>.Product(2), tables, n);
        return (statement, result.Proof, tables);
    }

    [Fact]
    public void GoldenHeaderAndLength()
    {
        (_, SumcheckProof<GoldilocksExt2> proof, _) = Small();
        byte[] bytes = ProofEncoding.Encode(proof);
        Assert.Equal(
            new byte[] { (byte)'G', (byte)'K', (byte)'R', (byte)'P', 1, 0, 1, 16, 3, 0, 0, 0, 3, 0, 0, 0 },
            bytes[..16]);
        Assert.Equal(16 + (3 * 3 * 16), bytes.Length);
    }

    [Fact]
    public void GoldenBytesOfAFixedProof()
    {
        var proof = new SumcheckProof<TinyField<Mod97>>([[TinyField<Mod97>.FromUInt64(1), TinyField<Mod97>.FromUInt64(96)]]);
        Assert.Equal(
            Convert.FromHexString("474B5250010001040100000002000000" + "01000000" + "60000000"),
            ProofEncoding.Encode(proof));
    }

    [Fact]
    public void RoundTripIsExact()
    {
        (SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof, _) = Small();
        byte[] bytes = ProofEncoding.Encode(proof);
        Assert.Equal(bytes, ProofEncoding.Encode(ProofEncoding.DecodeSumcheck(bytes, statement)));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("trailing")]
    [InlineData("magic")]
    [InlineData("version")]
    [InlineData("kind")]
    [InlineData("element-size")]
    [InlineData("round-count")]
    [InlineData("huge-round-count")]
    [InlineData("values-per-round")]
    [InlineData("non-canonical-p")]
    [InlineData("non-canonical-max")]
    [InlineData("empty")]
    public void MalformedBytesThrowTheTypedException(string corruption)
    {
        (SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof, _) = Small();
        byte[] bytes = ProofEncoding.Encode(proof);
        byte[] bad = corruption switch
        {
            "truncated" => bytes[..^1],
            "trailing" => [.. bytes, 0],
            "empty" => [],
            _ => (byte[])bytes.Clone(),
        };
        switch (corruption)
        {
            case "magic": bad[0] ^= 1; break;
            case "version": bad[4] = 2; break;
            case "kind": bad[6] = (byte)EncodingKind.BatchedSumcheck; break;
            case "element-size": bad[7] = 8; break;
            case "round-count": bad[8] = 4; break;
            case "huge-round-count": bad[8] = bad[9] = bad[10] = bad[11] = 0xFF; break;
            case "values-per-round": bad[12] = 2; break;
            case "non-canonical-p": BitConverter.TryWriteBytes(bad.AsSpan(16), Goldilocks.Modulus); break;
            case "non-canonical-max": BitConverter.TryWriteBytes(bad.AsSpan(24), ulong.MaxValue); break;
        }

        Assert.Throws<MalformedProofException>(() => ProofEncoding.DecodeSumcheck(bad, statement));
    }

    [Fact]
    public void NoSingleBitFlipIsAccepted()
    {
        // Every flip must end in a typed rejection: malformed bytes, a failed round check, or a failed final check.
        (SumcheckStatement<GoldilocksExt2> statement, SumcheckProof<GoldilocksExt2> proof, Goldilocks[][] tables) = Small();
        byte[] bytes = ProofEncoding.Encode(proof);
        int malformed = 0, rejected = 0, finalCheck = 0;
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            byte[] flipped = (byte[])bytes.Clone();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                SumcheckProof<GoldilocksExt2> decoded = ProofEncoding.DecodeSumcheck(flipped, statement);
                SumcheckClaim<GoldilocksExt2> claim = SumcheckVerifier.Verify(statement, decoded, new Transcript(TestData.ProtocolId));
                Assert.False(TestData.FinalCheck(statement.Composition, tables, claim), $"bit {bit} accepted");
                finalCheck++;
            }
            catch (MalformedProofException)
            {
                malformed++;
            }
            catch (SumcheckRejectedException)
            {
                rejected++;
            }
        }

        Assert.Equal(bytes.Length * 8, malformed + rejected + finalCheck);
        Assert.True(malformed > 0 && rejected > 0 && finalCheck > 0);
    }

    [Fact]
    public void BatchedDecoderChecksTheFinalValueCount()
    {
        var source = new RandomSource(1);
        Goldilocks[][] tables = TestData.RandomTables<Goldilocks>(2, 3, ref source);
        Composition<GoldilocksExt2> composition = Composition<GoldilocksExt2>.Product(2);
        var statement = new BatchedSumcheckStatement<GoldilocksExt2>([new SumcheckStatement<GoldilocksExt2>(3, composition, SumcheckProver.ComputeSum(composition, tables))]);
        BatchedSumcheckProof<GoldilocksExt2> proof = BatchedSumcheck.Prove<Goldilocks, GoldilocksExt2>(statement, [tables], new Transcript(TestData.ProtocolId)).Proof;
        byte[] bytes = ProofEncoding.Encode(proof);
        Assert.Equal(bytes, ProofEncoding.Encode(ProofEncoding.DecodeBatched(bytes, statement)));
        byte[] bad = (byte[])bytes.Clone();
        bad[^(16 + 4)] = 2;
        Assert.Throws<MalformedProofException>(() => ProofEncoding.DecodeBatched(bad, statement));
    }
}
