using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Circuits;

/// <summary>Builder validation, padding, the evaluator against a gate-by-gate reference, and the digest.</summary>
public class CircuitTests
{
    [Fact]
    public void LayersArePaddedToPowersOfTwo()
    {
        LayeredCircuit circuit = new CircuitBuilder(5).AddGates([Gate.Add(0, 1), Gate.Mul(2, 3), Gate.Sub(4, 0)]).AddGates([Gate.Relay(2)]).Build();
        Assert.Equal(3, circuit.InputVariables);
        Assert.Equal(2, circuit.Layers[0].NumVariables);
        Assert.Equal(0, circuit.OutputVariables);
        Goldilocks[] input = [.. Enumerable.Range(1, 5).Select(i => Goldilocks.FromUInt64((ulong)i))];
        CircuitValues values = circuit.Evaluate(input);
        Assert.Equal([Goldilocks.FromUInt64(3), Goldilocks.FromUInt64(12), Goldilocks.FromUInt64(4), Goldilocks.Zero], values.Layer(0).ToArray());
        Assert.Equal(Goldilocks.Zero, values.Layer(-1)[7]);
        Assert.Equal([Goldilocks.FromUInt64(4)], values.Output);
    }

    [Theory]
    [InlineData(2, 0)]
    [InlineData(0, 2)]
    [InlineData(-1, 0)]
    public void GateReadingOutsideThePreviousLayerIsRejected(int left, int right)
    {
        var builder = new CircuitBuilder(2);
        MalformedCircuitException ex = Assert.Throws<MalformedCircuitException>(() => builder.AddGates([Gate.Add(left, right)]));
        Assert.Contains("gate 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedGatesAreRejected()
    {
        var builder = new CircuitBuilder(4);
        Assert.Throws<MalformedCircuitException>(() => builder.AddGates([new Gate(GateKind.Relay, 0, 1, Goldilocks.Zero)]));
        Assert.Throws<MalformedCircuitException>(() => builder.AddGates([new Gate(GateKind.Add, 0, 1, Goldilocks.One)]));
        Assert.Throws<MalformedCircuitException>(() => builder.AddGates([new Gate((GateKind)9, 0, 1, Goldilocks.Zero)]));
        Assert.Throws<MalformedCircuitException>(() => builder.AddGates([]));
        Assert.Throws<MalformedCircuitException>(() => builder.Build());
        Assert.Throws<MalformedCircuitException>(() => new CircuitBuilder(0));
    }

    [Fact]
    public void DataParallelLayersAreValidated()
    {
        var builder = new CircuitBuilder(16);
        Assert.Throws<MalformedCircuitException>(() => builder.AddDataParallel(3, [Gate.Add(0, 1)]));
        Assert.Throws<MalformedCircuitException>(() => builder.AddDataParallel(32, [Gate.Add(0, 0)]));
        Assert.Throws<MalformedCircuitException>(() => builder.AddDataParallel(4, [Gate.Add(0, 4)]));
        builder.AddDataParallel(4, [Gate.Add(0, 3), Gate.Mul(1, 2), Gate.Relay(3)]);
        Assert.Equal(16, builder.CurrentWidth); // 4 copies of a block padded to 4
    }

    [Fact]
    public void MatrixSlicesAreValidated()
    {
        var builder = new CircuitBuilder(64);
        Assert.Throws<MalformedCircuitException>(() => builder.AddMatMul(new(0, 3, 4), new(16, 4, 4)));   // rows not a power of two
        Assert.Throws<MalformedCircuitException>(() => builder.AddMatMul(new(8, 4, 4), new(16, 4, 4)));   // unaligned offset
        Assert.Throws<MalformedCircuitException>(() => builder.AddMatMul(new(0, 4, 4), new(16, 2, 4)));   // inner dimensions differ
        Assert.Throws<MalformedCircuitException>(() => builder.AddMatMul(new(0, 4, 4), new(64, 4, 4)));   // outside the layer
        builder.AddMatMul(new(0, 4, 4), new(16, 4, 4));
        Assert.Equal(16, builder.CurrentWidth);
    }

    [Fact]
    public void EvaluatorMatchesGateByGateReference()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            LayeredCircuit circuit = SampleCircuits.Random(seed, 6, 9);
            Goldilocks[] input = SampleCircuits.RandomValues(seed, circuit.InputWidth);
            CircuitValues fast = circuit.Evaluate(input, new SumcheckOptions { MaxThreads = 4, ParallelThreshold = 8 });
            Goldilocks[] previous = fast.Layer(-1).ToArray();
            for (int i = 0; i < circuit.Layers.Length; i++)
            {
                Goldilocks[] expected = Reference(circuit.Layers[i], previous);
                Assert.Equal(expected, fast.Layer(i).ToArray());
                previous = expected;
            }
        }
    }

    [Fact]
    public void DigestDependsOnEveryPartOfTheDescription()
    {
        LayeredCircuit a = new CircuitBuilder(4).AddGates([Gate.Add(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(3), 2)]).Build();
        LayeredCircuit same = new CircuitBuilder(4).AddGates([Gate.Add(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(3), 2)]).Build();
        LayeredCircuit[] different =
        [
            new CircuitBuilder(3).AddGates([Gate.Add(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(3), 2)]).Build(),
            new CircuitBuilder(4).AddGates([Gate.Add(0, 2), Gate.ConstMul(Goldilocks.FromUInt64(3), 2)]).Build(),
            new CircuitBuilder(4).AddGates([Gate.Sub(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(3), 2)]).Build(),
            new CircuitBuilder(4).AddGates([Gate.Add(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(4), 2)]).Build(),
            new CircuitBuilder(4).AddDataParallel(2, [Gate.Add(0, 1)]).Build(),
        ];
        Assert.Equal(a.Digest.ToArray(), same.Digest.ToArray());
        foreach (LayeredCircuit other in different)
        {
            Assert.NotEqual(a.Digest.ToArray(), other.Digest.ToArray());
        }
    }

    private static Goldilocks[] Reference(CircuitLayer layer, Goldilocks[] input)
    {
        var output = new Goldilocks[1 << layer.NumVariables];
        switch (layer)
        {
            case GateLayer gates:
                for (int copy = 0; copy < 1 << gates.CopyVariables; copy++)
                {
                    for (int g = 0; g < gates.Gates.Length; g++)
                    {
                        Gate gate = gates.Gates[g];
                        int inBase = copy << gates.BlockInputVariables;
                        output[(copy << gates.BlockOutputVariables) + g] = gate.Apply(input[inBase + gate.Left], input[inBase + gate.Right]);
                    }
                }

                break;
            case MatMulLayer product:
                for (int i = 0; i < product.A.Rows; i++)
                {
                    for (int j = 0; j < product.B.Cols; j++)
                    {
                        Goldilocks sum = Goldilocks.Zero;
                        for (int k = 0; k < product.A.Cols; k++)
                        {
                            sum += input[product.A.Offset + (i * product.A.Cols) + k] * input[product.B.Offset + (k * product.B.Cols) + j];
                        }

                        output[(i * product.B.Cols) + j] = sum;
                    }
                }

                break;
        }

        return output;
    }
}
