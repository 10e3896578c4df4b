using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Graph;

/// <summary>Small graph circuits of built-in kinds for samples, fuzzing and the mutation suite.</summary>
public static class SampleGraphs
{
    /// <summary>
    /// 16 inputs and one 16-value table w: a = gates(input) (pairwise sums), b = gates(w) (pairwise
    /// differences), s = a + b, y = clamp(s, 0, 15) (two-column lookup), a range [0, 2^4) lookup on y's
    /// column, and a 2×2 · 2×2 matrix product of y's slices as the output.
    /// </summary>
    public static GraphCircuit Small()
    {
        var b = new GraphCircuitBuilder(16);
        PolynomialRef w = b.AddTable("w", 4);
        CircuitLayer Gates(Func<int, Gate> gate) => new CircuitBuilder(16).AddGates([.. Enumerable.Range(0, 16).Select(gate)]).Build().Layers[0];
        PolynomialRef a = b.AddLayer(new CircuitLayerNode(Gates(i => Gate.Add(i, (i + 1) % 16)), PolynomialRef.Input));
        PolynomialRef d = b.AddLayer(new CircuitLayerNode(Gates(i => Gate.Sub(i, (i + 3) % 16)), w));
        PolynomialRef s = b.AddLayer(new SumLayer(a, d, 4));
        PolynomialRef y = b.AddClamp(s, 6, 0, 15);
        b.AddLookup(new RangeTable(4), new LookupColumn(((ClampLayer)b.LayerAt(y)).Column));
        b.AddLayer(new CircuitLayerNode(new CircuitBuilder(16).AddMatMul(new MatrixSlice(0, 2, 2), new MatrixSlice(4, 2, 2)).Build().Layers[0], y));
        return b.Build();
    }

    /// <summary>The table of <see cref="Small"/>: 16 values in [−4, 4].</summary>
    public static Goldilocks[] SmallTable(int seed) => SmallValues(seed, 16);

    /// <summary><paramref name="count"/> values in [−4, 4].</summary>
    public static Goldilocks[] SmallValues(int seed, int count)
    {
        var rng = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => Goldilocks.FromInt64(rng.Next(-4, 5)))];
    }
}
