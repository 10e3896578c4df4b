using System.Text;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Graph;

/// <summary>
/// The binary graph-circuit file: exactly <see cref="GraphCircuit.CanonicalBytes"/> (layout there), whose
/// SHA-256 is the digest statements bind. Layer and table kinds are looked up in their registries
/// (<see cref="GraphLayerKinds"/>, <see cref="LookupTableKinds"/>): an unregistered tag is a clear error.
/// </summary>
/// <remarks>
/// Decoding bounds every count by the remaining bytes before allocating, rebuilds the circuit through
/// <see cref="GraphCircuitBuilder"/> (so every structural rule is checked again), and requires that the
/// circuit re-encodes to exactly the given bytes. Every failure is a <see cref="MalformedCircuitException"/>.
/// </remarks>
public static class GraphCircuitEncoding
{
    /// <summary>The binary file of <paramref name="circuit"/>.</summary>
    public static byte[] Encode(GraphCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return circuit.CanonicalBytes();
    }

    /// <summary>Decodes a binary graph-circuit file.</summary>
    /// <exception cref="MalformedCircuitException">Not the canonical encoding of a valid circuit of registered kinds.</exception>
    public static GraphCircuit Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, static message => new MalformedCircuitException($"Graph circuit file: {message}"));
        reader.Header(EncodingKind.GraphCircuit, 0);
        var builder = new GraphCircuitBuilder(reader.Bounded("input width", 1 << CircuitLayer.MaxVariables) is var width and > 0 ? width : throw reader.Error("the input width is zero."));
        foreach ((string name, int vars) in ReadPolynomials(ref reader, "tables"))
        {
            builder.AddTable(name, vars);
        }

        foreach ((string name, int vars) in ReadPolynomials(ref reader, "witness columns"))
        {
            builder.AddWitness(name, vars);
        }

        int layers = reader.Bounded("layers", Math.Min(GraphCircuitBuilder.MaxLayers, reader.Remaining / 14));
        for (int i = 0; i < layers; i++)
        {
            byte tag = reader.UInt8($"layer {i} kind");
            int vars = reader.UInt8($"layer {i} variables");
            PolynomialRef[] reads = ReadRefs(ref reader, $"layer {i} reads");
            PolynomialRef[] writes = ReadRefs(ref reader, $"layer {i} writes");
            byte[] description = reader.Take(reader.Bounded($"layer {i} description length", reader.Remaining), $"layer {i} description").ToArray();
            GraphLayerKind kind = GraphLayerKinds.Get(tag);
            builder.AddLayer(Guard(i, () => kind.Decode(new GraphLayerHeader(vars, reads, writes), description)));
        }

        int lookups = reader.Bounded("lookups", reader.Remaining / 19);
        for (int l = 0; l < lookups; l++)
        {
            LookupTableKind kind = LookupTableKinds.Get(reader.UInt8($"lookup {l} table kind"));
            byte[] description = reader.Take(reader.Bounded($"lookup {l} table description length", reader.Remaining), $"lookup {l} table description").ToArray();
            LookupTable table = kind.Decode(description);
            int columns = reader.Bounded($"lookup {l} columns", reader.Remaining / 10);
            var list = new List<LookupColumn>(columns);
            for (int c = 0; c < columns; c++)
            {
                PolynomialRef x = ReadRef(ref reader, $"lookup {l} column {c}");
                PolynomialRef? y = reader.UInt8($"lookup {l} column {c} second kind") is var k && k == 0xFF
                    ? (reader.UInt32($"lookup {l} column {c} second index") == 0 ? null : throw reader.Error($"lookup {l} column {c}: a missing second column has index 0."))
                    : Ref(ref reader, k, $"lookup {l} column {c} second");
                list.Add(new LookupColumn(x, y));
            }

            builder.AddLookup(table, list, ReadRef(ref reader, $"lookup {l} multiplicities"));
        }

        reader.End();
        GraphCircuit circuit = builder.Build();
        return circuit.CanonicalBytes().AsSpan().SequenceEqual(bytes)
            ? circuit
            : throw new MalformedCircuitException("Graph circuit file: not the canonical encoding of the circuit it describes.");
    }

    private static GraphLayer Guard(int layer, Func<GraphLayer> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception ex) when (ex is ArgumentException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new MalformedCircuitException($"Graph circuit file: layer {layer}: {ex.Message}");
        }
    }

    private static List<(string Name, int Vars)> ReadPolynomials(ref CanonicalReader reader, string what)
    {
        int count = reader.Bounded(what, reader.Remaining / 2);
        var list = new List<(string, int)>(count);
        for (int i = 0; i < count; i++)
        {
            ReadOnlySpan<byte> name = reader.Take(reader.UInt8($"{what} {i} name length"), $"{what} {i} name");
            string text;
            try
            {
                text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(name);
            }
            catch (DecoderFallbackException)
            {
                throw reader.Error($"{what} {i}: the name is not UTF-8.");
            }

            int vars = reader.UInt8($"{what} {i} variables");
            if (vars > CircuitLayer.MaxVariables)
            {
                throw reader.Error($"{what} {i} has 2^{vars} values, more than 2^{CircuitLayer.MaxVariables}.");
            }

            list.Add((text, vars));
        }

        return list;
    }

    private static PolynomialRef[] ReadRefs(ref CanonicalReader reader, string what)
    {
        var refs = new PolynomialRef[reader.Bounded(what, reader.Remaining / 5)];
        for (int i = 0; i < refs.Length; i++)
        {
            refs[i] = ReadRef(ref reader, what);
        }

        return refs;
    }

    private static PolynomialRef ReadRef(ref CanonicalReader reader, string what) => Ref(ref reader, reader.UInt8($"{what} kind"), what);

    private static PolynomialRef Ref(ref CanonicalReader reader, byte kind, string what)
    {
        uint index = reader.UInt32($"{what} index");
        if (kind > (byte)PolynomialKind.Witness || index > int.MaxValue || (kind != (byte)PolynomialKind.Layer && index == 0))
        {
            throw reader.Error($"{what}: kind {kind} index {index} names no polynomial.");
        }

        return new PolynomialRef((PolynomialKind)kind, (int)index - 1);
    }
}
