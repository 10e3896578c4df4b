using Gkr.NeuralLayers.Onnx.Proto;
using Google.Protobuf;

namespace Gkr.NeuralLayers.Tests.Onnx;

/// <summary>Builds small ONNX models with the generated protobuf types.</summary>
internal sealed class OnnxBuilder
{
    private readonly GraphProto _graph = new() { Name = "test" };
    private readonly Random _random;
    private int _count;

    public OnnxBuilder(int seed = 1) => _random = new Random(seed);

    public int Opset { get; set; } = 17;

    public string Initializer(long[] dims, float[] values, string? name = null)
    {
        name ??= $"w{_count++}";
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        t.Dims.AddRange(dims);
        t.FloatData.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public string Random(long[] dims, double scale)
    {
        long n = dims.Aggregate(1L, (a, b) => a * b);
        return Initializer(dims, [.. Enumerable.Range(0, (int)n).Select(_ => (float)(((_random.NextDouble() * 2) - 1) * scale))]);
    }

    public string Int64s(long[] values)
    {
        string name = $"s{_count++}";
        var t = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Int64 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        _graph.Initializer.Add(t);
        return name;
    }

    public NodeProto Node(string op, string[] inputs, params (string Name, object Value)[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = $"{op.ToLowerInvariant()}{_count++}" };
        node.Input.AddRange(inputs);
        node.Output.Add(node.Name + "_out");
        foreach ((string name, object value) in attributes)
        {
            var a = new AttributeProto { Name = name };
            switch (value)
            {
                case long i: a.Type = AttributeProto.Types.AttributeType.Int; a.I = i; break;
                case float f: a.Type = AttributeProto.Types.AttributeType.Float; a.F = f; break;
                case long[] ints: a.Type = AttributeProto.Types.AttributeType.Ints; a.Ints.AddRange(ints); break;
                case string s: a.Type = AttributeProto.Types.AttributeType.String; a.S = ByteString.CopyFromUtf8(s); break;
                default: throw new ArgumentException(name);
            }

            node.Attribute.Add(a);
        }

        _graph.Node.Add(node);
        return node;
    }

    public string Op(string op, string[] inputs, params (string Name, object Value)[] attributes) => Node(op, inputs, attributes).Output[0];

    public byte[] Build(long[] inputShape, string output)
    {
        _graph.Input.Add(Value("input", inputShape));
        _graph.Output.Add(Value(output, []));
        var model = new ModelProto { IrVersion = 8, ProducerName = "gkr-tests", Graph = _graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        return model.ToByteArray();
    }

    private static ValueInfoProto Value(string name, long[] shape)
    {
        var type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } };
        if (shape.Length > 0)
        {
            type.TensorType.Shape = new TensorShapeProto();
            foreach (long d in shape)
            {
                type.TensorType.Shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
            }
        }

        return new ValueInfoProto { Name = name, Type = type };
    }
}
