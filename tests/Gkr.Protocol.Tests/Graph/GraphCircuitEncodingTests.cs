using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>Binary graph circuits: round trip through the kind registries, unregistered tags, truncations and tag collisions.</summary>
public class GraphCircuitEncodingTests
{
    static GraphCircuitEncodingTests()
    {
        GraphLayerKinds.Register(RescaleLayer.Kind);
    }

    private static byte[] SampleBytes() => GraphCircuitEncoding.Encode(GraphCompletenessTests.Sample().Circuit);

    [Fact]
    public void SampleRoundTripsWithItsDigest()
    {
        GraphCircuit circuit = GraphCompletenessTests.Sample().Circuit;
        GraphCircuit decoded = GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit));
        Assert.True(decoded.Digest.SequenceEqual(circuit.Digest));
        Assert.Equal(circuit.Layers.Length, decoded.Layers.Length);
        Assert.Equal(circuit.Lookups.Select(l => l.Table.ToString()), decoded.Lookups.Select(l => l.Table.ToString()));
    }

    [Fact]
    public void RandomCircuitsRoundTrip()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            GraphCircuit circuit = RandomGraphs.Create(seed).Circuit;
            Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit)).Digest.SequenceEqual(circuit.Digest), $"seed {seed}");
        }
    }

    /// <summary>Offset of the first byte of lookup <paramref name="lookup"/>'s table tag (found by re-encoding with a changed table).</summary>
    private static int TableTagOffset(byte[] bytes, int lookup)
    {
        GraphCircuit circuit = GraphCompletenessTests.Sample().Circuit;
        int offset = bytes.Length;
        for (int l = circuit.Lookups.Length - 1; l >= lookup; l--)
        {
            var w = new CircuitDescriptionWriter();
            circuit.Lookups[l].Table.WriteDescription(w);
            offset -= 1 + 4 + w.ToArray().Length + 4 + (circuit.Lookups[l].Columns.Length * 10) + 5;
        }

        return offset;
    }

    [Fact]
    public void UnregisteredTableTagIsAClearError()
    {
        byte[] bytes = SampleBytes();
        int at = TableTagOffset(bytes, 0);
        Assert.Equal(RangeTable.Tag, bytes[at]);
        bytes[at] = 77;
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => GraphCircuitEncoding.Decode(bytes));
        Assert.Contains("Lookup table tag 77 is not registered", ex.Message);
    }

    [Fact]
    public void UnregisteredLayerTagIsAClearError()
    {
        byte[] bytes = SampleBytes();
        int at = Array.IndexOf(bytes, RescaleLayer.Kind.Tag);
        bytes[at] = 199;
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => GraphCircuitEncoding.Decode(bytes));
        Assert.Contains("Layer kind tag 199 is not registered", ex.Message);
    }

    [Fact]
    public void EveryTruncationIsMalformed()
    {
        byte[] bytes = SampleBytes();
        for (int length = 0; length < bytes.Length; length++)
        {
            Assert.Throws<MalformedCircuitException>(() => GraphCircuitEncoding.Decode(bytes.AsSpan(0, length)));
        }
    }

    [Fact]
    public void EveryByteFlipIsMalformedOrAnotherCircuit()
    {
        byte[] bytes = SampleBytes();
        byte[] digest = System.Security.Cryptography.SHA256.HashData(bytes);
        for (int i = 0; i < bytes.Length; i++)
        {
            byte[] copy = (byte[])bytes.Clone();
            copy[i] ^= 0x01;
            try
            {
                GraphCircuit decoded = GraphCircuitEncoding.Decode(copy);
                Assert.False(decoded.Digest.SequenceEqual(digest), $"byte {i}: a changed file decoded to the same digest");
            }
            catch (MalformedCircuitException)
            {
            }
        }
    }

    [Fact]
    public void ASecondKindUnderATakenTagIsRefused()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => GraphLayerKinds.Register(new GraphLayerKind(RescaleLayer.Kind.Tag, "impostor", typeof(Protocol.Graph.Layers.SumLayer), (h, d) => throw new InvalidOperationException())));
        Assert.Contains("collides", ex.Message);
        Assert.Throws<ArgumentException>(() => LookupTableKinds.Register(new LookupTableKind(RangeTable.Tag, "impostor", typeof(ClampTable), _ => throw new InvalidOperationException())));
    }

    [Fact]
    public void SoundnessBitsCountEveryPart()
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = GraphCompletenessTests.Sample();
        GraphProverResult result = GraphProver.Prove(circuit, GraphCompletenessTests.SmallInput(12, 16), GraphModel.Commit(circuit, tables));
        double interactive = GraphSoundness.InteractiveBits(circuit), total = GraphSoundness.Bits(result.Statement);
        Assert.InRange(interactive, 100, 128);
        Assert.True(total <= interactive && total >= 90, $"total {total}, interactive {interactive}");
    }

    [Fact]
    public void ClampBoundsOfLongMinValueAreMalformedNotAnOverflow()
    {
        // Found by the graph-circuit fuzz target: Math.Abs(long.MinValue) threw OverflowException in the table's bounds check.
        var description = new byte[25];
        description[0] = 4;
        System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(description.AsSpan(1), long.MinValue);
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => LookupTableKinds.Get(ClampTable.Tag).Decode(description));
        Assert.Contains("Clamp table", ex.Message);
    }
}
