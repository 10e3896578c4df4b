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
/// rows·cols). Unknown members, a different format or version, wrong types and invalid circuits are
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
            JsonElement root = Object(document.RootElement, "the circuit file", "format", "version", "inputs", "layers");
            if (root.GetProperty("format").ValueKind != JsonValueKind.String || root.GetProperty("format").GetString() != Format)
            {
                throw new MalformedCircuitException($"\"format\" must be \"{Format}\".");
            }

            int version = Int(root.GetProperty("version"), "\"version\"");
            if (version != Version)
            {
                throw new MalformedCircuitException($"Unsupported circuit file version {version} (this library reads version {Version}).");
            }

            var builder = new CircuitBuilder(Int(root.GetProperty("inputs"), "\"inputs\""));
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

    /// <summary>The canonical JSON text of <paramref name="circuit"/> (gate and matrix layers only).</summary>
    /// <exception cref="NotSupportedException">A layer kind without a file representation.</exception>
    public static string Write(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{\"format\":\"{Format}\",\"version\":{Version},\"inputs\":{circuit.InputWidth},\"layers\":[");
        for (int i = 0; i < circuit.Layers.Length; i++)
        {
            text.Append(i == 0 ? "\n" : ",\n");
            switch (circuit.Layers[i])
            {
                case GateLayer { CopyVariables: 0 } gates:
                    text.Append("{\"type\":\"gates\",\"gates\":");
                    AppendGates(text, gates.Gates);
                    text.Append('}');
                    break;
                case GateLayer gates:
                    text.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"data-parallel\",\"copies\":{1 << gates.CopyVariables},\"gates\":");
                    AppendGates(text, gates.Gates);
                    text.Append('}');
                    break;
                case MatMulLayer product:
                    text.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"matmul\",\"a\":[{product.A.Offset},{product.A.Rows},{product.A.Cols}],\"b\":[{product.B.Offset},{product.B.Rows},{product.B.Cols}]}}");
                    break;
                default:
                    throw new NotSupportedException($"Layer {i} ({circuit.Layers[i].GetType().Name}) has no circuit-file representation.");
            }
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

        switch (type.GetString())
        {
            case "gates":
                Object(layer, $"layer {index}", "type", "gates");
                builder.AddGates(Gates(layer.GetProperty("gates"), index));
                break;
            case "data-parallel":
                Object(layer, $"layer {index}", "type", "copies", "gates");
                builder.AddDataParallel(Int(layer.GetProperty("copies"), $"layer {index} \"copies\""), Gates(layer.GetProperty("gates"), index));
                break;
            case "matmul":
                Object(layer, $"layer {index}", "type", "a", "b");
                builder.AddMatMul(Slice(layer.GetProperty("a"), index, "a"), Slice(layer.GetProperty("b"), index, "b"));
                break;
            default:
                throw new MalformedCircuitException($"Layer {index}: unknown type \"{type.GetString()}\" (expected gates, data-parallel or matmul).");
        }
    }

    private static List<Gate> Gates(JsonElement gates, int layer)
    {
        if (gates.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedCircuitException($"Layer {layer}: \"gates\" must be an array.");
        }

        var result = new List<Gate>(gates.GetArrayLength());
        foreach (JsonElement gate in gates.EnumerateArray())
        {
            string where = $"layer {layer}, gate {result.Count}";
            if (gate.ValueKind != JsonValueKind.Array || gate.GetArrayLength() < 2 || gate[0].ValueKind != JsonValueKind.String)
            {
                throw new MalformedCircuitException($"{where}: a gate is [\"kind\", ...].");
            }

            string kind = gate[0].GetString()!;
            int arity = kind is "relay" ? 2 : 3;
            if (gate.GetArrayLength() != arity)
            {
                throw new MalformedCircuitException($"{where}: \"{kind}\" takes {arity - 1} operands.");
            }

            result.Add(kind switch
            {
                "add" => Gate.Add(Int(gate[1], where), Int(gate[2], where)),
                "sub" => Gate.Sub(Int(gate[1], where), Int(gate[2], where)),
                "mul" => Gate.Mul(Int(gate[1], where), Int(gate[2], where)),
                "cmul" => Gate.ConstMul(Constant(gate[1], where), Int(gate[2], where)),
                "relay" => Gate.Relay(Int(gate[1], where)),
                _ => throw new MalformedCircuitException($"{where}: unknown gate kind \"{kind}\" (expected add, sub, mul, cmul or relay)."),
            });
        }

        return result;
    }

    private static MatrixSlice Slice(JsonElement slice, int layer, string name)
    {
        string where = $"layer {layer}, matrix {name}";
        return slice.ValueKind != JsonValueKind.Array || slice.GetArrayLength() != 3
            ? throw new MalformedCircuitException($"{where}: a slice is [offset, rows, cols].")
            : new MatrixSlice(Int(slice[0], where), Int(slice[1], where), Int(slice[2], where));
    }

    private static JsonElement Object(JsonElement element, string what, params string[] members)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedCircuitException($"{what} must be a JSON object.");
        }

        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (!members.Contains(property.Name))
            {
                throw new MalformedCircuitException($"{what}: unknown member \"{property.Name}\".");
            }
        }

        foreach (string member in members)
        {
            if (!element.TryGetProperty(member, out _))
            {
                throw new MalformedCircuitException($"{what}: missing member \"{member}\".");
            }
        }

        return element;
    }

    private static int Int(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
            ? value
            : throw new MalformedCircuitException($"{where}: expected a 32-bit integer, got {element.GetRawText()}.");

    private static Goldilocks Constant(JsonElement element, string where) =>
        element.ValueKind == JsonValueKind.String
        && ulong.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong value)
        && value < Goldilocks.Modulus
            ? Goldilocks.FromCanonical(value)
            : throw new MalformedCircuitException($"{where}: a constant is a decimal string below p = {Goldilocks.Modulus}, got {element.GetRawText()}.");

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

    private static void AppendGates(StringBuilder text, ReadOnlySpan<Gate> gates)
    {
        text.Append('[');
        for (int g = 0; g < gates.Length; g++)
        {
            Gate gate = gates[g];
            text.Append(g == 0 ? string.Empty : ",");
            text.Append(gate.Kind switch
            {
                GateKind.Add => string.Create(CultureInfo.InvariantCulture, $"[\"add\",{gate.Left},{gate.Right}]"),
                GateKind.Sub => string.Create(CultureInfo.InvariantCulture, $"[\"sub\",{gate.Left},{gate.Right}]"),
                GateKind.Mul => string.Create(CultureInfo.InvariantCulture, $"[\"mul\",{gate.Left},{gate.Right}]"),
                GateKind.ConstMul => string.Create(CultureInfo.InvariantCulture, $"[\"cmul\",\"{gate.Constant.Value}\",{gate.Left}]"),
                _ => string.Create(CultureInfo.InvariantCulture, $"[\"relay\",{gate.Left}]"),
            });
        }

        text.Append(']');
    }
}
