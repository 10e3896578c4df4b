using System.Globalization;
using System.Text;
using System.Text.Json;
using Gkr.Field;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// The circuit file format (JSON, version 1) read by <c>gkr prove</c> and <c>gkr verify</c>, and the
/// value-file format for inputs and outputs.
/// </summary>
/// <remarks>
/// <para>A circuit file is one JSON object with exactly these members, in any order:</para>
/// <code>
/// {
///   "format": "gkr-circuit",
///   "version": 1,
///   "inputs": 8,                       // input width (1 .. 2^26); padded with zeros to a power of two
///   "layers": [                        // input side first; the last layer is the output
///     { "type": "gates", "gates": [ ["add", 0, 1], ["sub", 2, 3], ["mul", 4, 5],
///                                   ["cmul", "7", 6], ["relay", 7] ] },
///     { "type": "data-parallel", "copies": 2, "gates": [ ["mul", 0, 1], ["add", 0, 3] ] },
///     { "type": "matmul", "a": [0, 1, 1], "b": [1, 1, 1] }
///   ]
/// }
/// </code>
/// <para>Gates: <c>["add"|"sub"|"mul", left, right]</c>, <c>["cmul", "constant", input]</c> (the constant
/// as a decimal string, canonical: below p), <c>["relay", input]</c>; indices refer to the previous
/// layer (for data-parallel layers, to the copy's slice of 2^n / copies values). Matrix slices are
/// <c>[offset, rows, cols]</c> in the previous layer (rows, cols powers of two, offset a multiple of
/// rows·cols). These are the built-in kinds; a layer kind registered in <see cref="CircuitLayerKinds"/> by
/// another assembly adds its own "type" names, members and writer. Unknown types and members, a different format or version, wrong types and invalid circuits are
/// rejected with <see cref="MalformedCircuitException"/> (one line, naming the layer and gate).</para>
/// <para><see cref="Write"/> produces the canonical text (the order above, no extra whitespace); the
/// circuit's identity in proofs is its binary digest (<see cref="LayeredCircuit.Digest"/>), not this text.</para>
/// <para>Value files are a JSON array of integers: 0 ≤ v &lt; p as unsigned decimal, or negative
/// values v ≥ −(p − 1)/2 meaning p + v.</para>
/// </remarks>
public static class CircuitFile
{
    /// <summary>The "format" member.</summary>
    public const string Format = "gkr-circuit";

    /// <summary>The only version this library reads and writes.</summary>
    public const int Version = 1;

    /// <summary>Reads a circuit file in either form: the binary circuit file (<see cref="CircuitEncoding"/>,
    /// recognised by the "GKRP" magic) or this JSON text (UTF-8).</summary>
    /// <exception cref="MalformedCircuitException">Neither a valid binary circuit file nor a valid version-1 JSON circuit file.</exception>
    public static LayeredCircuit Load(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Serialization.GkrFormat.Magic))
        {
            return CircuitEncoding.Decode(bytes);
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new MalformedCircuitException("A circuit file is either a binary Gkr circuit file or UTF-8 JSON text; this is neither.");
        }

        return Parse(text);
    }

    /// <summary>Parses a circuit file.</summary>
    /// <exception cref="MalformedCircuitException">Not a valid version-1 circuit file.</exception>
    public static LayeredCircuit Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new MalformedCircuitException($"Circuit file is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            JsonElement root = CircuitJson.Object(document.RootElement, "the circuit file", "format", "version", "inputs", "layers");
            if (root.GetProperty("format").ValueKind != JsonValueKind.String || root.GetProperty("format").GetString() != Format)
            {
                throw new MalformedCircuitException($"\"format\" must be \"{Format}\".");
            }

            int version = CircuitJson.Int(root.GetProperty("version"), "\"version\"");
            if (version != Version)
            {
                throw new MalformedCircuitException($"Unsupported circuit file version {version} (this library reads version {Version}).");
            }

            var builder = new CircuitBuilder(CircuitJson.Int(root.GetProperty("inputs"), "\"inputs\""));
            JsonElement layers = root.GetProperty("layers");
            if (layers.ValueKind != JsonValueKind.Array)
            {
                throw new MalformedCircuitException("\"layers\" must be an array.");
            }

            int index = 0;
            foreach (JsonElement layer in layers.EnumerateArray())
            {
                AddLayer(builder, layer, index++);
            }

            return builder.Build();
        }
    }

    /// <summary>The canonical JSON text of <paramref name="circuit"/> (every layer written by its registered kind).</summary>
    /// <exception cref="NotSupportedException">A layer whose kind is not registered in <see cref="CircuitLayerKinds"/>.</exception>
    public static string Write(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"format\":\"{Format}\",\"version\":{Version},\"inputs\":{circuit.InputWidth},\"layers\":[");
        for (int i = 0; i < circuit.Layers.Length; i++)
        {
            CircuitLayer layer = circuit.Layers[i];
            if (!CircuitLayerKinds.TryGet(layer.KindTag, out CircuitLayerKind? kind) || !kind.Type.IsInstanceOfType(layer))
            {
                throw new NotSupportedException($"Layer {i} ({layer.GetType().Name}, kind tag {layer.KindTag}) has no circuit-file representation: its kind is not registered (registered: {CircuitLayerKinds.Registered()}).");
            }

            text.Append(i == 0 ? "\n" : ",\n").Append(kind.WriteJson(layer));
        }

        return text.Append("\n]}\n").ToString();
    }

    /// <summary>Parses a value file (a JSON array of integers, see the type's remarks).</summary>
    /// <exception cref="FormatException">Not an array of integers in range.</exception>
    public static Goldilocks[] ParseValues(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("A value file is a JSON array of integers.");
            }

            var values = new List<Goldilocks>();
            foreach (JsonElement element in document.RootElement.EnumerateArray())
            {
                values.Add(Value(element, $"value {values.Count}"));
            }

            return [.. values];
        }
        catch (JsonException ex)
        {
            throw new FormatException($"Value file is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>The canonical text of a value file: unsigned decimals, one array.</summary>
    public static string WriteValues(ReadOnlySpan<Goldilocks> values)
    {
        var text = new StringBuilder("[");
        for (int i = 0; i < values.Length; i++)
        {
            text.Append(i == 0 ? string.Empty : ",").Append(values[i].Value.ToString(CultureInfo.InvariantCulture));
        }

        return text.Append("]\n").ToString();
    }

    private static void AddLayer(CircuitBuilder builder, JsonElement layer, int index)
    {
        if (layer.ValueKind != JsonValueKind.Object || !layer.TryGetProperty("type", out JsonElement type) || type.ValueKind != JsonValueKind.String)
        {
            throw new MalformedCircuitException($"Layer {index} must be an object with a string \"type\".");
        }

        string name = type.GetString()!;
        if (!CircuitLayerKinds.TryGetByJsonType(name, out CircuitLayerKind? kind))
        {
            throw new MalformedCircuitException($"Layer {index}: unknown type \"{name}\" (registered: {string.Join(", ", CircuitLayerKinds.JsonTypes)}).");
        }

        kind.ReadJson(layer, name, builder);
        CircuitLayerKinds.CheckAdded(kind, builder, index);
    }

    private static Goldilocks Value(JsonElement element, string where)
    {
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetUInt64(out ulong unsigned) && unsigned < Goldilocks.Modulus)
            {
                return Goldilocks.FromCanonical(unsigned);
            }

            if (element.TryGetInt64(out long signed) && signed < 0 && signed >= -(long)((Goldilocks.Modulus - 1) / 2))
            {
                return Goldilocks.FromInt64(signed);
            }
        }

        throw new FormatException($"{where}: expected an integer in [-(p-1)/2, p), got {element.GetRawText()}.");
    }
}
