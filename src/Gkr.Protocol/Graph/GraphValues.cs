using Gkr.Field;
using Gkr.Protocol.Claims;

namespace Gkr.Protocol.Graph;

/// <summary>Every polynomial's values in one evaluation of a <see cref="GraphCircuit"/>: input, layers, tables, witness columns.</summary>
public sealed class GraphValues
{
    private readonly Goldilocks[][] _layers;
    private readonly Goldilocks[]?[] _witness;
    private readonly IReadOnlyList<Goldilocks[]> _tables;

    internal GraphValues(GraphCircuit circuit, Goldilocks[] input, IReadOnlyList<Goldilocks[]> tables)
    {
        Circuit = circuit;
        _layers = new Goldilocks[circuit.Layers.Length + 1][];
        _layers[0] = input;
        _tables = tables;
        _witness = new Goldilocks[circuit.Witness.Length][];
    }

    /// <summary>The circuit.</summary>
    public GraphCircuit Circuit { get; }

    /// <summary>The output layer's values (2^n, padding included).</summary>
    public Goldilocks[] Output => _layers[^1];

    /// <summary>The values of <paramref name="polynomial"/> (2^k entries).</summary>
    /// <exception cref="InvalidOperationException">Not computed yet.</exception>
    public Goldilocks[] Get(PolynomialRef polynomial) => polynomial.Kind switch
    {
        PolynomialKind.Layer => _layers[polynomial.Index + 1] ?? throw new InvalidOperationException($"{polynomial} is not computed yet."),
        PolynomialKind.Table => _tables[polynomial.Index],
        _ => _witness[polynomial.Index] ?? throw new InvalidOperationException($"{polynomial} is not computed yet."),
    };

    /// <summary>The witness columns in index order (every one set once evaluation ends).</summary>
    public IReadOnlyList<Goldilocks[]> WitnessColumns => [.. _witness.Select((w, i) => w ?? throw new InvalidOperationException($"Witness column {i} was never written."))];

    /// <summary>Sets (or, in tests modelling a cheating prover, overwrites) a layer's values.</summary>
    internal void SetLayer(int index, Goldilocks[] values) => _layers[index + 1] = values;

    /// <summary>Overwrites a witness column (tests model a cheating prover with it).</summary>
    internal void ReplaceWitness(PolynomialRef column, Goldilocks[] values) => _witness[column.Index] = values;

    internal void SetWitness(PolynomialRef column, Goldilocks[] values)
    {
        int expected = 1 << Circuit.Witness[column.Index].NumVariables;
        if (values.Length != expected)
        {
            throw new InvalidOperationException($"{column} ({Circuit.Witness[column.Index].Name}) has {expected} entries; got {values.Length}.");
        }

        if (_witness[column.Index] is not null)
        {
            throw new InvalidOperationException($"{column} was already written.");
        }

        _witness[column.Index] = values;
    }
}
