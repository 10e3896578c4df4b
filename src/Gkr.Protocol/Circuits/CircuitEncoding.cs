namespace Gkr.Protocol.Circuits;

/// <summary>
/// The binary circuit file: exactly <see cref="LayeredCircuit.CanonicalBytes"/> (layout on
/// <see cref="LayeredCircuit"/>), whose SHA-256 is the circuit digest every statement binds.
/// </summary>
/// <remarks>
/// Decoding accepts the layer kinds registered in <see cref="CircuitLayerKinds"/> (gate and data-parallel
/// layers and matrix products from the start, and whatever other assemblies register): each layer's kind
/// decoder reads its own fields after the common header. Counts are bounded by the remaining bytes and the
/// circuit limits before allocating, the circuit is validated with <see cref="CircuitBuilder"/>, and finally
/// it must re-encode to exactly the given bytes, so a circuit has one encoding (no stray constants on add
/// gates, no second wire on unary gates, no wrong size bytes). Every failure is a
/// <see cref="MalformedCircuitException"/>; an unregistered tag names the tag, the layer and the registered kinds.
/// </remarks>
public static class CircuitEncoding
{
    private const int LayerHeaderBytes = 3;

    /// <summary>The binary circuit file of <paramref name="circuit"/>.</summary>
    public static byte[] Encode(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return circuit.CanonicalBytes();
    }

    /// <summary>Decodes a binary circuit file.</summary>
    /// <exception cref="MalformedCircuitException">Not the canonical encoding of a valid circuit of registered layer kinds.</exception>
    public static LayeredCircuit Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CircuitDescriptionReader(bytes);
        reader.Header();
        var builder = new CircuitBuilder(reader.Bounded("input width", 1 << CircuitLayer.MaxVariables));
        reader.Byte("input variables"); // checked by the re-encoding below
        int layers = reader.Bounded("layers", Math.Min(CircuitBuilder.MaxLayers, reader.Remaining / LayerHeaderBytes));
        for (int i = 0; i < layers; i++)
        {
            byte tag = reader.Byte("layer kind");
            reader.Byte("layer input variables");
            reader.Byte("layer output variables");
            if (!CircuitLayerKinds.TryGet(tag, out CircuitLayerKind? kind))
            {
                throw reader.Error($"layer {i} has kind tag {tag}, which is not registered (registered: {CircuitLayerKinds.Registered()}).");
            }

            kind.Decode(ref reader, builder);
            CircuitLayerKinds.CheckAdded(kind, builder, i);
        }

        reader.End();
        LayeredCircuit circuit = builder.Build();
        return circuit.CanonicalBytes().AsSpan().SequenceEqual(bytes)
            ? circuit
            : throw new MalformedCircuitException("Circuit file: not the canonical encoding of the circuit it describes (a size byte, an unused wire or an unused constant differs).");
    }
}
