using System.Globalization;
using System.Text.Json;

namespace Gkr.Protocol.Circuits;

/// <summary>The registered kind of <see cref="MatMulLayer"/> (tag 2, JSON type "matmul") in the binary and the JSON circuit file.</summary>
/// <remarks>Binary fields after the layer header: u32 offset, u32 rows, u32 cols for A then B.
/// JSON: <c>{"type":"matmul","a":[offset,rows,cols],"b":[offset,rows,cols]}</c>.</remarks>
internal static class MatMulLayerCodec
{
    /// <summary>The kind.</summary>
    public static CircuitLayerKind Kind { get; } = new(MatMulLayer.Tag, ["matmul"], typeof(MatMulLayer), Decode, ReadJson, WriteJson);

    private static void Decode(ref CircuitDescriptionReader reader, CircuitBuilder builder)
    {
        int layer = builder.LayerCount;
        builder.AddMatMul(ReadSlice(ref reader, layer, "A"), ReadSlice(ref reader, layer, "B"));
    }

    private static MatrixSlice ReadSlice(ref CircuitDescriptionReader reader, int layer, string name)
    {
        int limit = 1 << CircuitLayer.MaxVariables;
        return new MatrixSlice(
            reader.Bounded($"layer {layer} matrix {name} offset", limit),
            reader.Bounded($"layer {layer} matrix {name} rows", limit),
            reader.Bounded($"layer {layer} matrix {name} cols", limit));
    }

    private static void ReadJson(JsonElement layer, string type, CircuitBuilder builder)
    {
        int index = builder.LayerCount;
        CircuitJson.Object(layer, $"layer {index}", "type", "a", "b");
        builder.AddMatMul(Slice(layer.GetProperty("a"), index, "a"), Slice(layer.GetProperty("b"), index, "b"));
    }

    private static MatrixSlice Slice(JsonElement slice, int layer, string name)
    {
        string where = $"layer {layer}, matrix {name}";
        return slice.ValueKind != JsonValueKind.Array || slice.GetArrayLength() != 3
            ? throw new MalformedCircuitException($"{where}: a slice is [offset, rows, cols].")
            : new MatrixSlice(CircuitJson.Int(slice[0], where), CircuitJson.Int(slice[1], where), CircuitJson.Int(slice[2], where));
    }

    private static string WriteJson(CircuitLayer layer)
    {
        var product = (MatMulLayer)layer;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{{\"type\":\"matmul\",\"a\":[{product.A.Offset},{product.A.Rows},{product.A.Cols}],\"b\":[{product.B.Offset},{product.B.Rows},{product.B.Cols}]}}");
    }
}
