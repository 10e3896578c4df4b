using Gkr.Field;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// The binary circuit file: exactly <see cref="LayeredCircuit.CanonicalBytes"/> (layout on
/// <see cref="LayeredCircuit"/>), whose SHA-256 is the circuit digest every statement binds.
/// </summary>
/// <remarks>
/// Decoding accepts the built-in layer kinds (gate and data-parallel layers, matrix products), bounds
/// every count by the remaining bytes and the circuit limits before allocating, validates the circuit
/// with <see cref="CircuitBuilder"/>, and finally requires that the circuit re-encodes to exactly the
/// given bytes, so a circuit has one encoding (no stray constants on add gates, no second wire on
/// unary gates, no wrong size bytes). Every failure is a <see cref="MalformedCircuitException"/>.
/// </remarks>
public static class CircuitEncoding
{
    private const int GateBytes = 1 + 4 + 4 + 8;
    private const int LayerHeaderBytes = 3;

    /// <summary>The binary circuit file of <paramref name="circuit"/>.</summary>
    public static byte[] Encode(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return circuit.CanonicalBytes();
    }

    /// <summary>Decodes a binary circuit file.</summary>
    /// <exception cref="MalformedCircuitException">Not the canonical encoding of a valid circuit of built-in layer kinds.</exception>
    public static LayeredCircuit Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, static message => new MalformedCircuitException($"Circuit file: {message}"));
        reader.Header(EncodingKind.Circuit, Goldilocks.EncodedLength);
        var builder = new CircuitBuilder(reader.Bounded("input width", 1 << CircuitLayer.MaxVariables));
        reader.UInt8("input variables"); // checked by the re-encoding below
        int layers = reader.Bounded("layers", Math.Min(CircuitBuilder.MaxLayers, reader.Remaining / LayerHeaderBytes));
        for (int i = 0; i < layers; i++)
        {
            byte tag = reader.UInt8("layer kind");
            reader.UInt8("layer input variables");
            reader.UInt8("layer output variables");
            switch (tag)
            {
                case GateLayer.Tag:
                    int copyVariables = reader.UInt8($"layer {i} copy variables");
                    if (copyVariables > CircuitLayer.MaxVariables)
                    {
                        throw reader.Error($"layer {i} has 2^{copyVariables} copies, more than 2^{CircuitLayer.MaxVariables}.");
                    }

                    Gate[] gates = ReadGates(ref reader, i);
                    if (copyVariables == 0)
                    {
                        builder.AddGates(gates);
                    }
                    else
                    {
                        builder.AddDataParallel(1 << copyVariables, gates);
                    }

                    break;
                case MatMulLayer.Tag:
                    builder.AddMatMul(ReadSlice(ref reader, i, "A"), ReadSlice(ref reader, i, "B"));
                    break;
                default:
                    throw reader.Error($"layer {i} has kind tag {tag}, not a built-in layer kind (gates {GateLayer.Tag}, matrix product {MatMulLayer.Tag}).");
            }
        }

        reader.End();
        LayeredCircuit circuit = builder.Build();
        return circuit.CanonicalBytes().AsSpan().SequenceEqual(bytes)
            ? circuit
            : throw new MalformedCircuitException("Circuit file: not the canonical encoding of the circuit it describes (a size byte, an unused wire or an unused constant differs).");
    }

    private static Gate[] ReadGates(ref CanonicalReader reader, int layer)
    {
        int count = reader.Bounded($"layer {layer} gates", Math.Min(1 << CircuitLayer.MaxVariables, reader.Remaining / GateBytes));
        var gates = new Gate[count];
        for (int g = 0; g < count; g++)
        {
            byte kind = reader.UInt8("gate kind");
            int left = Wire(ref reader, layer, g), right = Wire(ref reader, layer, g);
            ulong constant = reader.UInt64("gate constant");
            gates[g] = (GateKind)kind switch
            {
                GateKind.Add => Gate.Add(left, right),
                GateKind.Sub => Gate.Sub(left, right),
                GateKind.Mul => Gate.Mul(left, right),
                GateKind.ConstMul when constant < Goldilocks.Modulus => Gate.ConstMul(Goldilocks.FromCanonical(constant), left),
                GateKind.ConstMul => throw reader.Error($"layer {layer}, gate {g}: constant {constant} is not below p."),
                GateKind.Relay => Gate.Relay(left),
                _ => throw reader.Error($"layer {layer}, gate {g}: unknown gate kind {kind}."),
            };
        }

        return gates;
    }

    private static int Wire(ref CanonicalReader reader, int layer, int gate) =>
        reader.Bounded($"layer {layer}, gate {gate} wire", (1 << CircuitLayer.MaxVariables) - 1);

    private static MatrixSlice ReadSlice(ref CanonicalReader reader, int layer, string name)
    {
        int limit = 1 << CircuitLayer.MaxVariables;
        return new MatrixSlice(
            reader.Bounded($"layer {layer} matrix {name} offset", limit),
            reader.Bounded($"layer {layer} matrix {name} rows", limit),
            reader.Bounded($"layer {layer} matrix {name} cols", limit));
    }
}
