using Gkr.NeuralLayers.Onnx;
using Google.Protobuf;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// The ONNX importer: <see cref="OnnxModel.Load(ReadOnlySpan{byte}, string?)"/> then <see cref="OnnxImporter.Import"/>
/// on untrusted bytes. Anything but a network or an <see cref="OnnxImportException"/> is a crash.
/// </summary>
public static class OnnxTargets
{
    /// <summary>ONNX model bytes (no external data: the directory is null).</summary>
    public static FuzzTarget Model { get; } = new(
        "onnx-import",
        "OnnxImporter.Import(OnnxModel.Load(bytes)): a Gemm + Relu + Gemm MLP on [1, 4]",
        () => [Seed()],
        input =>
        {
            FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(input));
            FuzzTargets.Invariant(network.Describe().Count > 0, "an imported network has at least one layer");
            return true;
        });

    /// <summary>The seed, encoded field by field (field numbers of the ONNX IR: see src/Gkr.NeuralLayers/Onnx/onnx_subset.proto).</summary>
    private static byte[] Seed()
    {
        byte[] graph = Message(g =>
        {
            Field(g, 1, Node("gemm0", "Gemm", ["input", "w0"], "h0"));
            Field(g, 1, Node("relu1", "Relu", ["h0"], "h1"));
            Field(g, 1, Node("gemm2", "Gemm", ["h1", "w1"], "y"));
            Field(g, 5, Tensor("w0", [3, 4]));
            Field(g, 5, Tensor("w1", [2, 3]));
            Field(g, 11, Message(v =>
            {
                Text(v, 1, "input");
                Field(v, 2, Message(t => Field(t, 1, Message(tt =>
                {
                    Int(tt, 1, 1);
                    Field(tt, 2, Message(s =>
                    {
                        Field(s, 1, Message(d => Int(d, 1, 1)));
                        Field(s, 1, Message(d => Int(d, 1, 4)));
                    }));
                }))));
            }));
            Field(g, 12, Message(v => Text(v, 1, "y")));
        });
        return Message(m =>
        {
            Int(m, 1, 8);
            Field(m, 7, graph);
            Field(m, 8, Message(o => Int(o, 2, 17)));
        });
    }

    private static byte[] Node(string name, string op, string[] inputs, string output) => Message(n =>
    {
        foreach (string input in inputs)
        {
            Text(n, 1, input);
        }

        Text(n, 2, output);
        Text(n, 3, name);
        Text(n, 4, op);
        if (op == "Gemm")
        {
            Field(n, 5, Message(a =>
            {
                Text(a, 1, "transB");
                Int(a, 3, 1);
                Int(a, 20, 2);
            }));
        }
    });

    private static byte[] Tensor(string name, int[] dims) => Message(t =>
    {
        foreach (int d in dims)
        {
            Int(t, 1, d);
        }

        Int(t, 2, 1);
        int count = dims.Aggregate(1, static (a, b) => a * b);
        foreach (int i in Enumerable.Range(0, count))
        {
            t.WriteTag(4, WireFormat.WireType.Fixed32);
            t.WriteFloat(((i * 7 % 11) - 5) / 10f);
        }

        Text(t, 8, name);
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }

        return buffer.ToArray();
    }

    private static void Field(CodedOutputStream output, int field, byte[] message)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(message));
    }

    private static void Text(CodedOutputStream output, int field, string value)
    {
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteString(value);
    }

    private static void Int(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }
}
