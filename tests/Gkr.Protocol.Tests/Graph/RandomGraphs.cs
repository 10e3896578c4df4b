using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>A random graph circuit with its tables and an input.</summary>
internal sealed record RandomGraph(GraphCircuit Circuit, Goldilocks[][] Tables, Goldilocks[] Input, string Description);

/// <summary>
/// Random graph circuits that mix every layer kind: gate layers and matrix products (the layered-circuit
/// kinds), rescales reading model tables (new or shared) with range-checked remainders, clamps tied to
/// their input by two-column lookups on layer values, and residual sums reading any earlier polynomial of the
/// same size. Each layer reads the one before it (so every layer is read); value bounds are tracked so every
/// value stays a small integer.
/// </summary>
internal static class RandomGraphs
{
    public static RandomGraph Create(int seed, int maxLayers = 6)
    {
        var rng = new Random(seed);
        int inputVars = rng.Next(1, 5);
        int inputWidth = rng.Next((1 << inputVars) / 2 + 1, (1 << inputVars) + 1);
        var b = new GraphCircuitBuilder(inputWidth);
        var polys = new List<(PolynomialRef Ref, int Vars, long Bound)> { (PolynomialRef.Input, inputVars, 4) };
        var tables = new List<(PolynomialRef Ref, int Vars, Goldilocks[] Values)>();
        var remainders = new SortedDictionary<int, List<PolynomialRef>>();
        var kinds = new List<string>();
        int layers = rng.Next(1, maxLayers + 1);
        for (int l = 0; l < layers; l++)
        {
            (PolynomialRef source, int vars, long bound) = polys[^1];
            int kind = rng.Next(5);
            if (kind == 1 && vars >= 2 && bound * bound * (1L << vars) < 1L << 30)
            {
                int inner = rng.Next(0, vars), rowsVars = rng.Next(0, vars - inner), colsVars = rng.Next(0, vars - inner);
                var a = new MatrixSlice(0, 1 << rowsVars, 1 << inner);
                long bOffset = 1L << (inner + colsVars);
                bOffset = bOffset * (rng.Next(0, (int)((1L << vars) / bOffset)));
                var bs = new MatrixSlice((int)bOffset, 1 << inner, 1 << colsVars);
                CircuitLayer layer = new CircuitBuilder(1 << vars).AddMatMul(a, bs).Build().Layers[0];
                polys.Add((b.AddLayer(new CircuitLayerNode(layer, source)), layer.NumVariables, bound * bound << inner));
                kinds.Add("matmul");
            }
            else if (kind == 2 && bound < 1L << 28)
            {
                PolynomialRef table = tables.FirstOrDefault(t => t.Vars == vars && rng.Next(2) == 0).Ref;
                if (table == default)
                {
                    table = b.AddTable($"w{tables.Count}", vars);
                    tables.Add((table, vars, [.. Enumerable.Range(0, 1 << vars).Select(_ => Goldilocks.FromInt64(rng.Next(-3, 4)))]));
                }

                int shift = rng.Next(1, 4);
                PolynomialRef r = b.AddWitness($"remainder {l}", vars);
                (remainders.TryGetValue(shift, out List<PolynomialRef>? list) ? list : remainders[shift] = []).Add(r);
                polys.Add((b.AddLayer(new RescaleLayer(source, table, r, vars, shift)), vars, (bound * 3 >> shift) + 1));
                kinds.Add($"rescale>>{shift}");
            }
            else if (kind == 3 && bound <= 1 << 10)
            {
                int bits = 64 - (int)long.LeadingZeroCount(bound) + 1;
                long low = -rng.Next(0, 5), high = rng.Next(0, 5);
                polys.Add((b.AddClamp(source, bits, low, high), vars, Math.Max(-low, high)));
                kinds.Add($"clamp[{low},{high}]");
            }
            else if (kind == 4 && polys.Any(p => p.Vars == vars && p.Ref != source))
            {
                var others = polys.Where(p => p.Vars == vars && p.Ref != source).ToList();
                (PolynomialRef other, _, long otherBound) = others[rng.Next(others.Count)];
                polys.Add((b.AddLayer(new SumLayer(source, other, vars)), vars, bound + otherBound));
                kinds.Add($"sum({other})");
            }
            else
            {
                int outVars = rng.Next(0, 5);
                var gates = new Gate[rng.Next(1, (1 << outVars) + 1)];
                long newBound = 0;
                for (int g = 0; g < gates.Length; g++)
                {
                    int x = rng.Next(1 << vars), y = rng.Next(1 << vars);
                    int op = rng.Next(bound * bound < 1L << 24 ? 5 : 4);
                    (gates[g], long gb) = op switch
                    {
                        0 => (Gate.Add(x, y), 2 * bound),
                        1 => (Gate.Sub(x, y), 2 * bound),
                        2 => (Gate.Relay(x), bound),
                        3 => (Gate.ConstMul(Goldilocks.FromInt64(rng.Next(-3, 4)), x), 3 * bound),
                        _ => (Gate.Mul(x, y), bound * bound),
                    };
                    newBound = Math.Max(newBound, gb);
                }

                CircuitLayer layer = new CircuitBuilder(1 << vars).AddGates(gates).Build().Layers[0];
                polys.Add((b.AddLayer(new CircuitLayerNode(layer, source)), layer.NumVariables, Math.Max(1, newBound)));
                kinds.Add($"gates({gates.Length})");
            }
        }

        foreach ((int shift, List<PolynomialRef> columns) in remainders)
        {
            b.AddLookup(new RangeTable(shift), [.. columns.Select(c => new LookupColumn(c))]);
        }

        Goldilocks[] input = [.. Enumerable.Range(0, inputWidth).Select(_ => Goldilocks.FromInt64(rng.Next(-4, 5)))];
        return new RandomGraph(b.Build(), [.. tables.Select(t => t.Values)], input, $"seed {seed}: {inputWidth} inputs; {string.Join(" → ", kinds)}");
    }
}
