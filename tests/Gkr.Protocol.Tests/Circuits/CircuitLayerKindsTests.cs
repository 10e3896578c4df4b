using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Tests.Gkr;

namespace Gkr.Protocol.Tests.Circuits;

/// <summary>
/// The layer kind registry: a kind defined in this assembly (<see cref="SquareLayer"/>, tag 200) reads and writes
/// like the built-in ones in both circuit files, unknown tags and types are clear errors, and taken tags and
/// names are refused.
/// </summary>
public class CircuitLayerKindsTests
{
    static CircuitLayerKindsTests() => CircuitLayerKinds.Register(SquareLayer.Kind);

    private static LayeredCircuit Circuit() => new CircuitBuilder(32)
        .AddGates(SampleCircuits.RandomGates(new Random(4), 32, 32))
        .AddLayer(new SquareLayer(5))
        .AddMatMul(new MatrixSlice(0, 4, 4), new MatrixSlice(16, 4, 4))
        .AddDataParallel(2, [Gate.Add(0, 1), Gate.Mul(2, 3), Gate.Relay(7)])
        .Build();

    [Fact]
    public void BuiltInKindsAreListed()
    {
        Assert.Contains(CircuitLayerKinds.All, k => k.Tag == GateLayer.Tag && k.Type == typeof(GateLayer) && k.JsonTypes.SequenceEqual(["gates", "data-parallel"]));
        Assert.Contains(CircuitLayerKinds.All, k => k.Tag == MatMulLayer.Tag && k.Type == typeof(MatMulLayer) && k.JsonTypes.SequenceEqual(["matmul"]));
        Assert.Equal(["gates", "data-parallel", "matmul"], CircuitLayerKinds.JsonTypes.Take(3));
        Assert.Same(CircuitLayerKinds.Get(GateLayer.Tag), CircuitLayerKinds.All.First());
    }

    [Fact]
    public void CustomKindRoundTripsThroughTheBinaryFileAndProves()
    {
        LayeredCircuit circuit = Circuit();
        byte[] bytes = CircuitEncoding.Encode(circuit);
        LayeredCircuit decoded = CircuitEncoding.Decode(bytes);
        Assert.Equal(circuit.Digest.ToArray(), decoded.Digest.ToArray());
        Assert.IsType<SquareLayer>(decoded.Layers[1]);
        Assert.Equal(circuit.Digest.ToArray(), CircuitFile.Load(bytes).Digest.ToArray());
        GkrProverResult result = GkrCompletenessTests.ProveAndVerify(decoded, 3);
        Assert.Equal(circuit.Evaluate(SampleCircuits.RandomValues(3, 32)).Output, result.Values.Output);
    }

    [Fact]
    public void CustomKindRoundTripsThroughTheJsonFileAndProves()
    {
        LayeredCircuit circuit = Circuit();
        string text = CircuitFile.Write(circuit);
        Assert.Contains("\n{\"type\":\"square\"},\n", text, StringComparison.Ordinal);
        LayeredCircuit parsed = CircuitFile.Parse(text);
        Assert.Equal(circuit.Digest.ToArray(), parsed.Digest.ToArray());
        Assert.Equal(text, CircuitFile.Write(parsed));
        GkrCompletenessTests.ProveAndVerify(parsed, 5);
    }

    [Fact]
    public void CustomKindIsValidatedLikeAnyLayer()
    {
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => CircuitFile.Parse(
            """{"format":"gkr-circuit","version":1,"inputs":4,"layers":[{"type":"square","extra":1}]}"""));
        Assert.Contains("layer 0: unknown member \"extra\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownBinaryTagNamesTheTagTheLayerAndTheRegisteredKinds()
    {
        byte[] bytes = CircuitEncoding.Encode(new CircuitBuilder(4).AddGates([Gate.Add(0, 1), Gate.Mul(2, 3)]).AddMatMul(new MatrixSlice(0, 1, 1), new MatrixSlice(1, 1, 1)).Build());
        bytes[^(3 + (6 * 4))] = 250; // the matrix product's tag: its header and six u32 fields end the file
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => CircuitEncoding.Decode(bytes));
        Assert.Contains("layer 1 has kind tag 250, which is not registered", ex.Message, StringComparison.Ordinal);
        Assert.Contains("1 gates/data-parallel, 2 matmul", ex.Message, StringComparison.Ordinal);
        Assert.Contains("200 square", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Layer kind tag 250 is not registered", Assert.Throws<MalformedCircuitException>(() => CircuitLayerKinds.Get(250)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownJsonTypeNamesTheTypeTheLayerAndTheRegisteredNames()
    {
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => CircuitFile.Parse(
            """{"format":"gkr-circuit","version":1,"inputs":2,"layers":[{"type":"gates","gates":[["add",0,1]]},{"type":"conv"}]}"""));
        Assert.Contains("Layer 1: unknown type \"conv\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("gates, data-parallel, matmul", ex.Message, StringComparison.Ordinal);
        Assert.Contains("square", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReRegisteringTheSameKindIsANoOp()
    {
        CircuitLayerKinds.Register(SquareLayer.Kind);
        CircuitLayerKinds.Register(SquareLayer.Kind with { });
        Assert.Same(SquareLayer.Kind, CircuitLayerKinds.Get(200));
        Assert.True(CircuitLayerKinds.TryGetByJsonType("square", out CircuitLayerKind? kind));
        Assert.Same(SquareLayer.Kind, kind);
    }

    [Fact]
    public void ASecondKindUnderATakenTagIsRefused()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => CircuitLayerKinds.Register(SquareLayer.Kind with { JsonTypes = ["cube"], Type = typeof(GateLayer) }));
        Assert.Contains("200 cube (GateLayer)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("200 square (SquareLayer)", ex.Message, StringComparison.Ordinal);
        Assert.False(CircuitLayerKinds.TryGetByJsonType("cube", out _));

        ex = Assert.Throws<ArgumentException>(() => CircuitLayerKinds.Register(SquareLayer.Kind with { Tag = GateLayer.Tag }));
        Assert.Contains("1 gates/data-parallel (GateLayer)", ex.Message, StringComparison.Ordinal);
        Assert.Same(SquareLayer.Kind, CircuitLayerKinds.Get(200));
    }

    [Fact]
    public void ASecondKindUnderATakenNameIsRefused()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => CircuitLayerKinds.Register(SquareLayer.Kind with { Tag = 201, JsonTypes = ["cube", "matmul"] }));
        Assert.Contains("201 cube/matmul (SquareLayer)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2 matmul (MatMulLayer)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("JSON type \"matmul\"", ex.Message, StringComparison.Ordinal);
        Assert.False(CircuitLayerKinds.TryGet(201, out _));
        Assert.False(CircuitLayerKinds.TryGetByJsonType("cube", out _));
    }

    [Fact]
    public void MalformedKindsAreRefused()
    {
        Assert.Throws<ArgumentException>(() => CircuitLayerKinds.Register(SquareLayer.Kind with { Tag = 202, JsonTypes = [] }));
        Assert.Throws<ArgumentException>(() => CircuitLayerKinds.Register(SquareLayer.Kind with { Tag = 202, JsonTypes = ["cube", "cube"] }));
        Assert.Throws<ArgumentException>(() => CircuitLayerKinds.Register(SquareLayer.Kind with { Tag = 202, JsonTypes = ["cube"], Type = typeof(string) }));
        Assert.False(CircuitLayerKinds.TryGet(202, out _));
    }
}
