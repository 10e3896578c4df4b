using System.Collections.Immutable;
using System.Text;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Graph;

/// <summary>
/// Builds a <see cref="GraphCircuit"/> and checks it: every read names an earlier layer, the input, a table or
/// a witness column; every claim a reducer emits is on something it reads; each witness column has one
/// writer and is constrained by some claim; every layer but the output is read; lookup columns fit their
/// tables. A circuit that fails any of these is refused with a <see cref="MalformedCircuitException"/>.
/// </summary>
public sealed class GraphCircuitBuilder
{
    /// <summary>Most layers in one circuit.</summary>
    public const int MaxLayers = 1 << 16;

    private readonly int _inputWidth;
    private readonly List<GraphPolynomial> _tables = [];
    private readonly List<GraphPolynomial> _witness = [];
    private readonly List<GraphLayer> _layers = [];
    private readonly List<LookupArgument> _lookups = [];

    /// <summary>A builder for a circuit with <paramref name="inputWidth"/> public inputs.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Width outside 1..2^26.</exception>
    public GraphCircuitBuilder(int inputWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputWidth, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inputWidth, 1 << CircuitLayer.MaxVariables);
        _inputWidth = inputWidth;
    }

    /// <summary>The input layer.</summary>
    public static PolynomialRef Input => PolynomialRef.Input;

    /// <summary>Adds a model table of 2^<paramref name="numVariables"/> values.</summary>
    public PolynomialRef AddTable(string name, int numVariables)
    {
        _tables.Add(Polynomial(name, numVariables));
        return PolynomialRef.Table(_tables.Count - 1);
    }

    /// <summary>Adds a witness column of 2^<paramref name="numVariables"/> values (a layer must write it).</summary>
    public PolynomialRef AddWitness(string name, int numVariables)
    {
        _witness.Add(Polynomial(name, numVariables));
        return PolynomialRef.Witness(_witness.Count - 1);
    }

    /// <summary>Adds a layer; returns the reference to its values.</summary>
    public PolynomialRef AddLayer(GraphLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (_layers.Count == MaxLayers)
        {
            throw new MalformedCircuitException($"A graph circuit has at most {MaxLayers} layers.");
        }

        _layers.Add(layer);
        return PolynomialRef.Layer(_layers.Count - 1);
    }

    /// <summary>The layer added as <paramref name="layer"/>.</summary>
    public GraphLayer LayerAt(PolynomialRef layer) =>
        layer.Kind == PolynomialKind.Layer && layer.Index >= 0 && layer.Index < _layers.Count ? _layers[layer.Index] : throw new ArgumentException($"{layer} is not a layer of this builder.", nameof(layer));

    /// <summary>Adds a lookup of <paramref name="columns"/> into <paramref name="table"/>; its multiplicity column is added to the witness.</summary>
    /// <returns>The multiplicity column.</returns>
    public PolynomialRef AddLookup(LookupTable table, params LookupColumn[] columns)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(columns);
        PolynomialRef multiplicities = AddWitness($"multiplicities of {table}", table.NumVariables);
        _lookups.Add(new LookupArgument(table, [.. columns], multiplicities));
        return multiplicities;
    }

    /// <summary>
    /// Adds y = clamp(x, <paramref name="low"/>, <paramref name="high"/>) of <paramref name="source"/> (values in
    /// [−2^(bits−1), 2^(bits−1))): a witness column, a <see cref="Layers.ClampLayer"/> and its column in the
    /// lookup of the <see cref="ClampTable"/> (inputs [−2^(bits−1), 2^(bits−1)), the same bounds), shared by every
    /// clamp with those parameters.
    /// </summary>
    /// <returns>The clamp layer's values.</returns>
    public PolynomialRef AddClamp(PolynomialRef source, int bits, long low, long high)
    {
        int vars = Variables(source);
        PolynomialRef column = AddWitness($"clamp of {source}", vars);
        PolynomialRef layer = AddLayer(new Layers.ClampLayer(source, column, vars, low, high));
        var table = new ClampTable(-(1L << (bits - 1)), bits, low, high);
        AddToSharedLookup(l => l is ClampTable c && c.InputLow == table.InputLow && c.Bits == bits && c.Low == low && c.High == high, table, new LookupColumn(source, column));
        return layer;
    }

    /// <summary>
    /// Range-checks <paramref name="column"/> (a witness column or layer values) to [0, 2^<paramref name="bits"/>):
    /// one column of the circuit's lookup into <see cref="RangeTable"/>(bits), created on first use and shared
    /// by every range check of that width ("one argument per table, however many layers use it").
    /// </summary>
    public void AddRangeCheck(PolynomialRef column, int bits)
    {
        AddToSharedLookup(l => l is RangeTable r && r.Bits == bits, new RangeTable(bits), new LookupColumn(column));
    }

    /// <summary>Adds <paramref name="column"/> to the lookup whose table <paramref name="matches"/>, or a new lookup into <paramref name="table"/>.</summary>
    private void AddToSharedLookup(Func<LookupTable, bool> matches, LookupTable table, LookupColumn column)
    {
        int existing = _lookups.FindIndex(l => matches(l.Table));
        if (existing >= 0)
        {
            _lookups[existing] = _lookups[existing] with { Columns = _lookups[existing].Columns.Add(column) };
        }
        else
        {
            AddLookup(table, column);
        }
    }

    /// <summary>Adds a lookup whose multiplicity column is already a witness column (circuit decoding).</summary>
    internal void AddLookup(LookupTable table, IEnumerable<LookupColumn> columns, PolynomialRef multiplicities)
    {
        if (multiplicities.Kind != PolynomialKind.Witness || multiplicities.Index < 0 || multiplicities.Index >= _witness.Count || _witness[multiplicities.Index].NumVariables != table.NumVariables
            || _lookups.Any(l => l.Multiplicities == multiplicities))
        {
            throw new MalformedCircuitException($"Lookup {_lookups.Count}'s multiplicities {multiplicities} are not an unused witness column of the table's 2^{table.NumVariables} rows.");
        }

        _lookups.Add(new LookupArgument(table, [.. columns], multiplicities));
    }

    /// <summary>Validates and builds the circuit.</summary>
    /// <exception cref="MalformedCircuitException">A rule of the class summary is broken (the message names the layer or lookup).</exception>
    public GraphCircuit Build()
    {
        if (_layers.Count == 0)
        {
            throw new MalformedCircuitException("A graph circuit needs at least one layer.");
        }

        var writers = new int[_witness.Count];
        Array.Fill(writers, -2);
        foreach (LookupArgument lookup in _lookups)
        {
            writers[lookup.Multiplicities.Index] = -1;
        }

        for (int i = 0; i < _layers.Count; i++)
        {
            GraphLayer layer = _layers[i];
            foreach (PolynomialRef read in layer.Reads)
            {
                CheckExists(read, i, $"layer {i} reads");
            }

            if (layer.ShapeError(Variables) is { } shapeError)
            {
                throw new MalformedCircuitException($"Layer {i}: {shapeError}");
            }

            foreach (PolynomialRef write in layer.Writes)
            {
                if (write.Kind != PolynomialKind.Witness || write.Index < 0 || write.Index >= _witness.Count)
                {
                    throw new MalformedCircuitException($"Layer {i} writes {write}, which is not a witness column of the circuit.");
                }

                if (writers[write.Index] != -2)
                {
                    throw new MalformedCircuitException($"Layer {i} writes {write} ({_witness[write.Index].Name}), which {(writers[write.Index] == -1 ? "a lookup's multiplicities" : $"layer {writers[write.Index]}")} already writes.");
                }

                writers[write.Index] = i;
            }
        }

        for (int c = 0; c < writers.Length; c++)
        {
            if (writers[c] == -2)
            {
                throw new MalformedCircuitException($"Witness column {c} ({_witness[c].Name}) is written by no layer.");
            }
        }

        var pending = new Dictionary<PolynomialRef, int>();
        void Count(PolynomialRef r) => pending[r] = pending.GetValueOrDefault(r) + 1;
        for (int l = 0; l < _lookups.Count; l++)
        {
            CheckLookup(l, _lookups[l]);
            Count(_lookups[l].Multiplicities);
            foreach (LookupColumn column in _lookups[l].Columns)
            {
                Count(column.X);
                if (column.Y is { } y)
                {
                    Count(y);
                }
            }
        }

        Count(PolynomialRef.Layer(_layers.Count - 1));
        var claimCounts = new int[_layers.Count];
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            int claims = pending.GetValueOrDefault(PolynomialRef.Layer(i));
            if (claims == 0)
            {
                throw new MalformedCircuitException($"Layer {i} is read by no later layer or lookup (only the last layer is the output).");
            }

            claimCounts[i] = claims;
            IReadOnlyList<PolynomialRef> targets = _layers[i].ClaimTargets(claims);
            foreach (PolynomialRef target in targets)
            {
                if (!_layers[i].Reads.Contains(target))
                {
                    throw new MalformedCircuitException($"Layer {i} makes a claim on {target}, which it does not read.");
                }

                Count(target);
            }
        }

        for (int c = 0; c < _witness.Count; c++)
        {
            if (!pending.ContainsKey(PolynomialRef.Witness(c)))
            {
                throw new MalformedCircuitException($"Witness column {c} ({_witness[c].Name}) is never constrained: no layer or lookup makes a claim on it.");
            }
        }

        return new GraphCircuit(_inputWidth, [.. _tables], [.. _witness], [.. _layers], [.. _lookups], [.. claimCounts]);
    }

    private static GraphPolynomial Polynomial(string name, int numVariables)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Encoding.UTF8.GetByteCount(name) > 255)
        {
            throw new ArgumentException("A name has at most 255 UTF-8 bytes.", nameof(name));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, CircuitLayer.MaxVariables);
        return new GraphPolynomial(name, numVariables);
    }

    private void CheckExists(PolynomialRef polynomial, int before, string where)
    {
        bool ok = polynomial.Kind switch
        {
            PolynomialKind.Layer => polynomial.Index >= -1 && polynomial.Index < before,
            PolynomialKind.Table => polynomial.Index >= 0 && polynomial.Index < _tables.Count,
            PolynomialKind.Witness => polynomial.Index >= 0 && polynomial.Index < _witness.Count,
            _ => false,
        };
        if (!ok)
        {
            throw new MalformedCircuitException($"{where} {polynomial}, which is not {(polynomial.Kind == PolynomialKind.Layer ? "an earlier layer or the input" : "in the circuit")}.");
        }
    }

    private int Variables(PolynomialRef r) => r.Kind switch
    {
        PolynomialKind.Layer => r.Index < 0 ? CircuitBuilder.VariablesFor(_inputWidth) : _layers[r.Index].NumVariables,
        PolynomialKind.Table => _tables[r.Index].NumVariables,
        _ => _witness[r.Index].NumVariables,
    };

    private void CheckLookup(int index, LookupArgument lookup)
    {
        if (lookup.Columns.IsDefaultOrEmpty)
        {
            throw new MalformedCircuitException($"Lookup {index} into {lookup.Table} has no columns.");
        }

        foreach (LookupColumn column in lookup.Columns)
        {
            if (column is null || column.X.Kind == PolynomialKind.Table || (column.Y is { Kind: PolynomialKind.Table }))
            {
                throw new MalformedCircuitException($"Lookup {index}: a looked-up column is a witness column or layer values.");
            }

            CheckExists(column.X, _layers.Count, $"Lookup {index} reads");
            if ((lookup.Table.Columns == 2) != column.Y.HasValue)
            {
                throw new MalformedCircuitException($"Lookup {index} into {lookup.Table} ({lookup.Table.Columns} column(s)) has a column with {(column.Y.HasValue ? 2 : 1)}.");
            }

            if (column.Y is { } y)
            {
                CheckExists(y, _layers.Count, $"Lookup {index} reads");
                if (Variables(y) != Variables(column.X))
                {
                    throw new MalformedCircuitException($"Lookup {index}: {column.X} has 2^{Variables(column.X)} entries, {y} has 2^{Variables(y)}.");
                }
            }
        }
    }
}
