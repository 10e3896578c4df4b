using System.Globalization;
using System.Text;
using System.Text.Json;
using Gkr.Field;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// The registered kind of <see cref="GateLayer"/> (tag 1): gate layers ("gates") and data-parallel gate layers
/// ("data-parallel") in the binary and the JSON circuit file.
/// </summary>
/// <remarks>Binary fields after the layer header: u8 copy variables, u32 gate count, per gate u8 kind, u32 left,
/// u32 right, u64 constant. JSON: <c>{"type":"gates","gates":[...]}</c> or
/// <c>{"type":"data-parallel","copies":c,"gates":[...]}</c> (gate syntax on <see cref="CircuitFile"/>).</remarks>
internal static class GateLayerCodec
{
    private const int GateBytes = 1 + 4 + 4 + 8;

    /// <summary>The kind.</summary>
    public static CircuitLayerKind Kind { get; } = new(GateLayer.Tag, ["gates", "data-parallel"], typeof(GateLayer), Decode, ReadJson, WriteJson);

    private static void Decode(ref CircuitDescriptionReader reader, CircuitBuilder builder)
    {
        int layer = builder.LayerCount;
        int copyVariables = reader.Byte($"layer {layer} copy variables");
        if (copyVariables > CircuitLayer.MaxVariables)
        {
            throw reader.Error($"layer {layer} has 2^{copyVariables} copies, more than 2^{CircuitLayer.MaxVariables}.");
        }

        Gate[] gates = ReadGates(ref reader, layer);
        if (copyVariables == 0)
        {
            builder.AddGates(gates);
        }
        else
        {
            builder.AddDataParallel(1 << copyVariables, gates);
        }
    }

    private static Gate[] ReadGates(ref CircuitDescriptionReader reader, int layer)
    {
        int count = reader.Bounded($"layer {layer} gates", Math.Min(1 << CircuitLayer.MaxVariables, reader.Remaining / GateBytes));
        var gates = new Gate[count];
        for (int g = 0; g < count; g++)
        {
            byte kind = reader.Byte("gate kind");
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

    private static int Wire(ref CircuitDescriptionReader reader, int layer, int gate) =>
        reader.Bounded($"layer {layer}, gate {gate} wire", (1 << CircuitLayer.MaxVariables) - 1);

    private static void ReadJson(JsonElement layer, string type, CircuitBuilder builder)
    {
        int index = builder.LayerCount;
        if (type == "gates")
        {
            CircuitJson.Object(layer, $"layer {index}", "type", "gates");
            builder.AddGates(Gates(layer.GetProperty("gates"), index));
        }
        else
        {
            CircuitJson.Object(layer, $"layer {index}", "type", "copies", "gates");
            builder.AddDataParallel(CircuitJson.Int(layer.GetProperty("copies"), $"layer {index} \"copies\""), Gates(layer.GetProperty("gates"), index));
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
                "add" => Gate.Add(CircuitJson.Int(gate[1], where), CircuitJson.Int(gate[2], where)),
                "sub" => Gate.Sub(CircuitJson.Int(gate[1], where), CircuitJson.Int(gate[2], where)),
                "mul" => Gate.Mul(CircuitJson.Int(gate[1], where), CircuitJson.Int(gate[2], where)),
                "cmul" => Gate.ConstMul(CircuitJson.Constant(gate[1], where), CircuitJson.Int(gate[2], where)),
                "relay" => Gate.Relay(CircuitJson.Int(gate[1], where)),
                _ => throw new MalformedCircuitException($"{where}: unknown gate kind \"{kind}\" (expected add, sub, mul, cmul or relay)."),
            });
        }

        return result;
    }

    private static string WriteJson(CircuitLayer layer)
    {
        var gates = (GateLayer)layer;
        var text = new StringBuilder(gates.CopyVariables == 0
            ? "{\"type\":\"gates\",\"gates\":"
            : string.Create(CultureInfo.InvariantCulture, $"{{\"type\":\"data-parallel\",\"copies\":{1 << gates.CopyVariables},\"gates\":"));
        text.Append('[');
        for (int g = 0; g < gates.Gates.Length; g++)
        {
            Gate gate = gates.Gates[g];
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

        return text.Append("]}").ToString();
    }
}
