using Gkr.Field;
using Gkr.Protocol.Circuits;

namespace Gkr.Protocol.Tests.Circuits;

/// <summary>The JSON circuit file: round trips, the documented example, and one-line errors for malformed files.</summary>
public class CircuitFileTests
{
    private const string Example = """
        {
          "format": "gkr-circuit",
          "version": 1,
          "inputs": 8,
          "layers": [
            { "type": "gates", "gates": [ ["add", 0, 1], ["sub", 2, 3], ["mul", 4, 5], ["cmul", "7", 6], ["relay", 7] ] },
            { "type": "data-parallel", "copies": 2, "gates": [ ["mul", 0, 1], ["add", 0, 3] ] },
            { "type": "matmul", "a": [0, 1, 1], "b": [1, 1, 1] }
          ]
        }
        """;

    [Fact]
    public void DocumentedExampleParsesAndEvaluates()
    {
        LayeredCircuit circuit = CircuitFile.Parse(Example);
        Assert.Equal(3, circuit.Layers.Length);
        Goldilocks[] input = [.. Enumerable.Range(1, 8).Select(i => Goldilocks.FromUInt64((ulong)i))];

        // Layer 0: 3, −1, 30, 49, 8 (padded with zeros to 8); copy 0 of [3, −1, 30, 49] gives (−3, 52),
        // copy 1 of [8, 0, 0, 0] gives (0, 8); the 1×1 product reads entries 0 and 1: −3·52.
        Assert.Equal([Goldilocks.FromInt64(-3 * 52)], circuit.Evaluate(input).Output);
    }

    [Fact]
    public void WriteIsCanonicalAndRoundTrips()
    {
        for (int seed = 0; seed < 10; seed++)
        {
            LayeredCircuit circuit = SampleCircuits.Random(seed, 5, 6);
            string text = CircuitFile.Write(circuit);
            LayeredCircuit parsed = CircuitFile.Parse(text);
            Assert.Equal(circuit.Digest.ToArray(), parsed.Digest.ToArray());
            Assert.Equal(text, CircuitFile.Write(parsed));
        }
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"format":"gkr-circuit","version":2,"inputs":1,"layers":[]}""", "version 2")]
    [InlineData("""{"format":"other","version":1,"inputs":1,"layers":[]}""", "\"format\"")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":1,"layers":[],"x":1}""", "unknown member \"x\"")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":1}""", "missing member \"layers\"")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":1,"layers":[]}""", "at least one layer")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":2,"layers":[{"type":"gates","gates":[["add",0,2]]}]}""", "gate 0 reads (0, 2)")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":2,"layers":[{"type":"gates","gates":[["xor",0,1]]}]}""", "unknown gate kind")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":2,"layers":[{"type":"gates","gates":[["cmul","18446744069414584321",0]]}]}""", "below p")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":2,"layers":[{"type":"gates","gates":[["relay",0,1]]}]}""", "takes 1 operands")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":2,"layers":[{"type":"gates","gates":[["add",0.5,1]]}]}""", "32-bit integer")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":8,"layers":[{"type":"matmul","a":[2,2,2],"b":[0,2,2]}]}""", "multiple of 4")]
    [InlineData("""{"format":"gkr-circuit","version":1,"inputs":8,"layers":[{"type":"conv","a":1}]}""", "unknown type")]
    public void MalformedFilesGiveOneLineErrors(string json, string expected)
    {
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => CircuitFile.Parse(json));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void ValueFilesRoundTripAndRejectOutOfRange()
    {
        Goldilocks[] values = [Goldilocks.Zero, Goldilocks.MinusOne, Goldilocks.FromUInt64(42)];
        Assert.Equal(values, CircuitFile.ParseValues(CircuitFile.WriteValues(values)));
        Assert.Equal([Goldilocks.MinusOne], CircuitFile.ParseValues("[-1]"));
        Assert.Throws<FormatException>(() => CircuitFile.ParseValues("[18446744069414584321]"));
        Assert.Throws<FormatException>(() => CircuitFile.ParseValues("{\"a\":1}"));
        Assert.Throws<FormatException>(() => CircuitFile.ParseValues("[1.5]"));
    }
}
