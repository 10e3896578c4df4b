using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Graph;

/// <summary>
/// A circuit whose layers read any earlier layer, model tables and per-proof witness columns, with LogUp
/// lookups over witness columns and layer values: the shape a quantized neural network compiles to.
/// Built and validated by <see cref="GraphCircuitBuilder"/>.
/// </summary>
/// <remarks>
/// <para>Polynomials: the public input (<see cref="PolynomialRef.Input"/>, 2^<see cref="InputVariables"/>
/// values), layer i's values, <see cref="Tables"/> (fixed per model: public, or committed once), and
/// <see cref="Witness"/> columns (written by layers, or the multiplicities of a lookup; committed per proof).
/// The last layer is the output.</para>
/// <para>Canonical description (<see cref="CanonicalBytes"/>, whose SHA-256 is <see cref="Digest"/>): the
/// header (kind <see cref="Serialization.EncodingKind.GraphCircuit"/>), u32 input width; u32 table count and per
/// table u8 name length, name (UTF-8), u8 variables; the same for the witness columns; u32 layer count and
/// per layer u8 tag, u8 output variables, u32 read count and the reads, u32 write count and the writes
/// (each polynomial as u8 kind and u32 index + 1), u32 description length and the kind's description;
/// u32 lookup count and per lookup u8 table tag, u32 description length, the table's description, u32 column
/// count, the columns (X, then Y or kind 0xFF) and the multiplicity column.</para>
/// </remarks>
public sealed class GraphCircuit
{
    private byte[]? _digest;

    internal GraphCircuit(int inputWidth, ImmutableArray<GraphPolynomial> tables, ImmutableArray<GraphPolynomial> witness, ImmutableArray<GraphLayer> layers, ImmutableArray<LookupArgument> lookups, ImmutableArray<int> claimCounts)
    {
        InputWidth = inputWidth;
        InputVariables = CircuitBuilder.VariablesFor(inputWidth);
        Tables = tables;
        Witness = witness;
        Layers = layers;
        Lookups = lookups;
        ClaimCounts = claimCounts;
    }

    /// <summary>Number of public input values (padded with zeros to 2^<see cref="InputVariables"/>).</summary>
    public int InputWidth { get; }

    /// <summary>log2 of the padded input size.</summary>
    public int InputVariables { get; }

    /// <summary>The model tables.</summary>
    public ImmutableArray<GraphPolynomial> Tables { get; }

    /// <summary>The witness columns (layer-written ones, then lookup multiplicities, in the order they were added).</summary>
    public ImmutableArray<GraphPolynomial> Witness { get; }

    /// <summary>The layers, input side first; the last is the output.</summary>
    public ImmutableArray<GraphLayer> Layers { get; }

    /// <summary>The lookups.</summary>
    public ImmutableArray<LookupArgument> Lookups { get; }

    /// <summary>Claims entering each layer (index i), fixed by the circuit.</summary>
    public ImmutableArray<int> ClaimCounts { get; }

    /// <summary>log2 of the output size.</summary>
    public int OutputVariables => Layers[^1].NumVariables;

    /// <summary>Variables of any polynomial of the circuit.</summary>
    public int NumVariables(PolynomialRef polynomial) => polynomial.Kind switch
    {
        PolynomialKind.Layer => polynomial.Index < 0 ? InputVariables : Layers[polynomial.Index].NumVariables,
        PolynomialKind.Table => Tables[polynomial.Index].NumVariables,
        _ => Witness[polynomial.Index].NumVariables,
    };

    /// <summary>SHA-256 of <see cref="CanonicalBytes"/>: the circuit's identity in every statement.</summary>
    public ReadOnlySpan<byte> Digest => _digest ??= SHA256.HashData(CanonicalBytes());

    /// <summary>The canonical description (layout above).</summary>
    public byte[] CanonicalBytes()
    {
        var w = new CircuitDescriptionWriter();
        foreach (byte b in Serialization.GkrFormat.Magic)
        {
            w.Byte(b);
        }

        w.Byte((byte)(Serialization.GkrFormat.Version & 0xFF));
        w.Byte((byte)(Serialization.GkrFormat.Version >> 8));
        w.Byte((byte)Serialization.EncodingKind.GraphCircuit);
        w.Byte(0);
        w.UInt32((uint)InputWidth);
        WritePolynomials(w, Tables);
        WritePolynomials(w, Witness);
        w.UInt32((uint)Layers.Length);
        foreach (GraphLayer layer in Layers)
        {
            w.Byte(layer.KindTag);
            w.Byte((byte)layer.NumVariables);
            WriteRefs(w, layer.Reads);
            WriteRefs(w, layer.Writes);
            var description = new CircuitDescriptionWriter();
            layer.WriteDescription(description);
            WriteBlock(w, description.ToArray());
        }

        w.UInt32((uint)Lookups.Length);
        foreach (LookupArgument lookup in Lookups)
        {
            w.Byte(lookup.Table.KindTag);
            var description = new CircuitDescriptionWriter();
            lookup.Table.WriteDescription(description);
            WriteBlock(w, description.ToArray());
            w.UInt32((uint)lookup.Columns.Length);
            foreach (LookupColumn column in lookup.Columns)
            {
                WriteRef(w, column.X);
                if (column.Y is { } y)
                {
                    WriteRef(w, y);
                }
                else
                {
                    w.Byte(0xFF);
                    w.UInt32(0);
                }
            }

            WriteRef(w, lookup.Multiplicities);
        }

        return w.ToArray();
    }

    /// <summary>A one-line summary for reports.</summary>
    public override string ToString() =>
        $"graph circuit: {InputWidth} inputs, {Layers.Length} layers, {Tables.Length} tables, {Witness.Length} witness columns, {Lookups.Length} lookups";

    internal static void WriteRef(CircuitDescriptionWriter w, PolynomialRef polynomial)
    {
        w.Byte((byte)polynomial.Kind);
        w.UInt32((uint)(polynomial.Index + 1));
    }

    private static void WriteRefs(CircuitDescriptionWriter w, IReadOnlyList<PolynomialRef> refs)
    {
        w.UInt32((uint)refs.Count);
        foreach (PolynomialRef r in refs)
        {
            WriteRef(w, r);
        }
    }

    private static void WritePolynomials(CircuitDescriptionWriter w, ImmutableArray<GraphPolynomial> polynomials)
    {
        w.UInt32((uint)polynomials.Length);
        foreach (GraphPolynomial polynomial in polynomials)
        {
            byte[] name = Encoding.UTF8.GetBytes(polynomial.Name);
            w.Byte((byte)name.Length);
            foreach (byte b in name)
            {
                w.Byte(b);
            }

            w.Byte((byte)polynomial.NumVariables);
        }
    }

    private static void WriteBlock(CircuitDescriptionWriter w, byte[] block)
    {
        w.UInt32((uint)block.Length);
        foreach (byte b in block)
        {
            w.Byte(b);
        }
    }
}
