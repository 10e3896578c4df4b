using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.NeuralLayers.Zoo;

namespace Gkr.NeuralLayers.Tests.Proving;

/// <summary>The statement and weight-commitment files: round trips that still verify, one canonical encoding, typed errors for bad bytes.</summary>
public class ModelStatementFileTests
{
    private static readonly Lazy<(ModelProver Prover, ModelProof Committed, ModelProof Public)> Case = new(() =>
    {
        QuantizedModel model = ModelZoo.TinyCnn();
        var committed = new ModelProver(model, 2, commitWeights: true);
        var open = new ModelProver(model, 2, commitWeights: false);
        int[][] samples = ModelProofTests.Samples(model, 2, 4);
        return (committed, committed.Prove(samples), open.Prove(samples));
    });

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void AStatementRoundTripsAndTheProofStillVerifies(bool committed)
    {
        (ModelProver prover, ModelProof c, ModelProof p) = Case.Value;
        ModelProof proof = committed ? c : p;
        byte[] bytes = ModelStatementFile.Encode(proof.Statement);
        ModelStatement decoded = ModelStatementFile.Decode(bytes);
        Assert.Equal(bytes, ModelStatementFile.Encode(decoded));
        var verifier = new ModelVerifier(prover.Model, 2, committed ? prover.WeightCommitment : null);
        Assert.Equal(proof.Outputs.Values.Select(v => v.ToArray()), verifier.Verify(decoded, proof.ProofBytes.AsSpan()).Values.Select(v => v.ToArray()));
    }

    [Fact]
    public void AWeightCommitmentRoundTrips()
    {
        ModelProver prover = Case.Value.Prover;
        byte[] bytes = ModelStatementFile.EncodeCommitment(prover.ModelDigest.AsSpan(), prover.WeightCommitment!);
        (var digest, var commitment) = ModelStatementFile.DecodeCommitment(bytes);
        Assert.True(prover.ModelDigest.SequenceEqual(digest));
        Assert.Equal(prover.WeightCommitment!.Digest(), commitment.Digest());
        Assert.Equal(bytes, ModelStatementFile.EncodeCommitment(digest.AsSpan(), commitment));
    }

    [Fact]
    public void EveryTruncationAndATrailingByteAreTypedErrors()
    {
        byte[] bytes = ModelStatementFile.Encode(Case.Value.Committed.Statement);
        for (int length = 0; length < bytes.Length; length += Math.Max(1, bytes.Length / 200))
        {
            Assert.Throws<MalformedModelException>(() => ModelStatementFile.Decode(bytes.AsSpan(0, length)));
        }

        Assert.Contains("trailing", Assert.Throws<MalformedModelException>(() => ModelStatementFile.Decode([.. bytes, 0])).Message);
    }

    [Theory]
    [InlineData(0, "magic")]
    [InlineData(4, "version")]
    [InlineData(6, "kind")]
    [InlineData(40, "batch")]
    public void ABadFieldIsNamed(int offset, string named)
    {
        byte[] bytes = ModelStatementFile.Encode(Case.Value.Public.Statement);
        bytes.AsSpan(offset, named == "batch" ? 4 : 2).Fill(0xFF);
        Assert.Contains(named, Assert.Throws<MalformedModelException>(() => ModelStatementFile.Decode(bytes)).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ANonCanonicalOutputValueIsRefused()
    {
        ModelStatement s = Case.Value.Public.Statement;
        byte[] bytes = ModelStatementFile.Encode(s);
        int outputs = 8 + 32 + 8 + (4 * s.Batch * s.Inputs[0].Length) + 4;
        BitConverter.GetBytes(ulong.MaxValue).CopyTo(bytes, outputs);
        Assert.Contains("canonical", Assert.Throws<MalformedModelException>(() => ModelStatementFile.Decode(bytes)).Message);
    }

    [Fact]
    public void AHugeCountDoesNotAllocate()
    {
        byte[] bytes = ModelStatementFile.Encode(Case.Value.Public.Statement);
        BitConverter.GetBytes(1 << 16).CopyTo(bytes, 40); // batch
        BitConverter.GetBytes(1 << 28).CopyTo(bytes, 44); // values per sample
        Assert.Contains("do not fit", Assert.Throws<MalformedModelException>(() => ModelStatementFile.Decode(bytes)).Message);
    }
}
