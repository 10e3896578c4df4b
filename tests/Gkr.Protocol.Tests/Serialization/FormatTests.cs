using System.Security.Cryptography;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Tests.Hardening;

namespace Gkr.Protocol.Tests.Serialization;

/// <summary>
/// The one binary format: the header of every kind, golden bytes of every encoding (pinned by hash),
/// and the circuit and statement files' round trips and rejections.
/// </summary>
public class FormatTests
{
    public static TheoryData<string, EncodingKind, int, string> Golden => new()
    {
        { "sumcheck", EncodingKind.Sumcheck, 16, "1d36eeb4812f447b7aca8d5776dc96a457defa9156a10033fd38f69fe98f14a3" },
        { "batched-sumcheck", EncodingKind.BatchedSumcheck, 16, "c8f163fa9931c95c95592b7c83b3c462dadca0331af6e0767703e0bfe5a0bd0e" },
        { "gkr", EncodingKind.Gkr, 16, "2a1697e27ff44e17e9519b9106fe320e12d2b2bf4c1132ce39fb380ac70612f0" },
        { "gkr-committed", EncodingKind.GkrCommitted, 16, "39f3a4c1cf89395ebed1e738986dca0e78d71a05f0988dcac95fe9eaf9d4e742" },
        { "basefold-opening", EncodingKind.BasefoldOpening, 16, "360de6a531b9bab25b71aeefaf2c7ffc0bc650d7908357d7545b1e08309c7510" },
        { "ligero-opening", EncodingKind.LigeroOpening, 16, "ec99b326f5e1fe182f509bbdee5c3b2c6cb54a7770ebeb07e357ff89bab36bd5" },
        { "ligero-commitment", EncodingKind.LigeroCommitment, 8, "93b9ae38566f83a13e7cc3d2f15fb265b116b9e7e4bf81fd3584b9c931157f97" },
        { "basefold-commitment", EncodingKind.BasefoldCommitment, 0, "9603c9d94e73f359b95e2785edb2ac9aebd694ac98ff1a41f830a6b51239afd6" },
        { "circuit", EncodingKind.Circuit, 8, "dc9be99d371dfa1eb17a7c4a400472ce9713a7f85bcd5a41cfc442f2de118098" },
        { "statement", EncodingKind.GkrStatement, 8, "31f29acabc76a8a1fbbd2cf3db4ca116fb628ff8caa1867958945e16b9009ede" },
    };

    /// <summary>Any change to a layout, the transcript or a prover changes these: bump <see cref="GkrFormat.Version"/> when a layout change is meant,
    /// TranscriptLabels.ProtocolVersion when a transcript change is (proof kinds only).</summary>
    [Theory]
    [MemberData(nameof(Golden))]
    public void EveryKindHasTheCommonHeaderAndGoldenBytes(string name, EncodingKind kind, int elementSize, string sha256)
    {
        byte[] bytes = EncodedSamples.ByName(name).Bytes;
        Assert.Equal([.. "GKRP"u8, 1, 0, (byte)kind, (byte)elementSize], bytes[..8]);
        Assert.Equal((kind, elementSize), GkrFormat.ReadHeader(bytes));
        string hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.True(hash == sha256, $"golden hash of {name} is now {hash}");
    }

    [Theory]
    [InlineData("")]
    [InlineData("474B5250")]
    [InlineData("474B5251010010 10")]
    [InlineData("474B525002001010")]
    [InlineData("474B5250010099 10")]
    public void ReadHeaderRejectsWhatIsNotAGkrFile(string hex) =>
        Assert.Throws<MalformedEncodingException>(() => GkrFormat.ReadHeader(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal))));

    [Fact]
    public void CircuitFileGoldenBytes()
    {
        // Two inputs, one layer with one gate mul(0, 1) and one gate cmul(5, 1).
        LayeredCircuit circuit = new CircuitBuilder(2).AddGates([Gate.Mul(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(5), 1)]).Build();
        Assert.Equal(
            Convert.FromHexString(
                "474B525001003008" + "02000000" + "01" + "01000000"
                + "01" + "01" + "01" + "00" + "02000000"
                + "02" + "00000000" + "01000000" + "0000000000000000"
                + "03" + "01000000" + "01000000" + "0500000000000000"),
            CircuitEncoding.Encode(circuit));
        Assert.Equal(SHA256.HashData(CircuitEncoding.Encode(circuit)), circuit.Digest.ToArray());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void RandomCircuitsRoundTripExactly(int seed)
    {
        LayeredCircuit circuit = SampleCircuits.Random(seed, 1 + (seed % 6), 3 + seed);
        byte[] bytes = CircuitEncoding.Encode(circuit);
        LayeredCircuit decoded = CircuitEncoding.Decode(bytes);
        Assert.Equal(bytes, CircuitEncoding.Encode(decoded));
        Assert.Equal(CircuitFile.Write(circuit), CircuitFile.Write(decoded));
    }

    /// <summary>Offsets in <see cref="CircuitFileGoldenBytes"/>'s circuit: layer at 17, first gate at 25, second at 42.</summary>
    [Theory]
    [InlineData(12, 0x02, "input variables byte")]
    [InlineData(18, 0x02, "layer input variables")]
    [InlineData(19, 0x02, "layer output variables")]
    [InlineData(34, 0x07, "constant on a mul gate")]
    [InlineData(47, 0x00, "second wire of a unary gate differs")]
    [InlineData(25, 0x09, "unknown gate kind")]
    [InlineData(17, 0x07, "unknown layer kind")]
    [InlineData(26, 0x05, "wire out of range")]
    public void NonCanonicalOrInvalidCircuitsAreRejected(int offset, byte value, string what)
    {
        LayeredCircuit circuit = new CircuitBuilder(2).AddGates([Gate.Mul(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(5), 1)]).Build();
        byte[] bytes = CircuitEncoding.Encode(circuit);
        Assert.NotEqual(value, bytes[offset]);
        bytes[offset] = value;
        Assert.True(Assert.Throws<MalformedCircuitException>(() => CircuitEncoding.Decode(bytes)).Message.Length > 0, what);
    }

    [Fact]
    public void ConstantsMustBeCanonical()
    {
        LayeredCircuit circuit = new CircuitBuilder(2).AddGates([Gate.Mul(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(5), 1)]).Build();
        byte[] bytes = CircuitEncoding.Encode(circuit);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(51), Goldilocks.Modulus + 5);
        Assert.Contains("not below p", Assert.Throws<MalformedCircuitException>(() => CircuitEncoding.Decode(bytes)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatementsRoundTripAndNameTheirCircuit()
    {
        EncodedSample sample = EncodedSamples.StatementFile();
        LayeredCircuit circuit = EncodedSamples.SmallCircuit();
        GkrStatement statement = GkrStatementEncoding.Decode(sample.Bytes, circuit);
        Assert.Equal(sample.Bytes, GkrStatementEncoding.Encode(statement));
        Assert.NotNull(statement.Committed);

        LayeredCircuit other = SampleCircuits.Random(9, 2, 4);
        Assert.Contains("another circuit", Assert.Throws<MalformedEncodingException>(() => GkrStatementEncoding.Decode(sample.Bytes, other)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StatementsWithManySmallSegmentsRoundTrip()
    {
        // Eight one-value segments in a 16-input circuit: more segments than the input has variables.
        LayeredCircuit circuit = EncodedSamples.SmallCircuit();
        GkrInputLayout layout = GkrInputLayout.Packed(4, 0, 0, 0, 0, 0, 0, 0, 0);
        Protocol.Commitments.BasefoldParameters parameters = Protocol.Commitments.BasefoldParameters.Default;
        var commitments = layout.Segments.Select((_, j) => Protocol.Commitments.BasefoldProver.Commit(SampleCircuits.RandomValues(j, 1), parameters).Commitment);
        var statement = new GkrStatement(circuit, SampleCircuits.RandomValues(1, 4), SampleCircuits.RandomValues(2, circuit.OutputWidth), new GkrCommittedInput(layout, commitments, parameters));
        byte[] bytes = GkrStatementEncoding.Encode(statement);
        Assert.Equal(bytes, GkrStatementEncoding.Encode(GkrStatementEncoding.Decode(bytes, circuit)));
    }

    [Fact]
    public void PublicStatementsRoundTrip()
    {
        LayeredCircuit circuit = EncodedSamples.SmallCircuit();
        GkrProverResult honest = GkrProver.Prove(circuit, SampleCircuits.RandomValues(3, circuit.InputWidth));
        byte[] bytes = GkrStatementEncoding.Encode(honest.Statement);
        GkrStatement decoded = GkrStatementEncoding.Decode(bytes, circuit);
        Assert.Null(decoded.Committed);
        Assert.Equal(honest.Statement.PublicInput.ToArray(), decoded.PublicInput.ToArray());
        Assert.Equal(honest.Statement.ClaimedOutput.ToArray(), decoded.ClaimedOutput.ToArray());
        GkrVerifier.Verify(decoded, GkrProofEncoding.Encode(honest.Proof));
    }
}
