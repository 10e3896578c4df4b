using System.Collections.Immutable;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// Builds a <see cref="LayeredCircuit"/> layer by layer, validating every index against the layer
/// before and padding every layer to a power of two.
/// </summary>
/// <example>
/// <code>
/// var circuit = new CircuitBuilder(4)
///     .AddGates([Gate.Mul(0, 1), Gate.Add(2, 3)])
///     .AddGates([Gate.Sub(0, 1)])
///     .Build();
/// </code>
/// </example>
public sealed class CircuitBuilder
{
    /// <summary>Largest number of layers.</summary>
    public const int MaxLayers = 1 << 12;

    private readonly List<CircuitLayer> _layers = [];

    /// <summary>A circuit with <paramref name="inputWidth"/> input values.</summary>
    /// <exception cref="MalformedCircuitException">Width outside 1..2^26.</exception>
    public CircuitBuilder(int inputWidth)
    {
        if (inputWidth < 1 || inputWidth > 1 << CircuitLayer.MaxVariables)
        {
            throw new MalformedCircuitException($"The input width must be in 1..2^{CircuitLayer.MaxVariables}, got {inputWidth}.");
        }

        InputWidth = inputWidth;
        InputVariables = VariablesFor(inputWidth);
    }

    /// <summary>Number of inputs.</summary>
    public int InputWidth { get; }

    /// <summary>log2 of the padded input size.</summary>
    public int InputVariables { get; }

    /// <summary>Number of values of the current last layer that gates may read.</summary>
    public int CurrentWidth => _layers.Count == 0 ? InputWidth : _layers[^1].Width;

    /// <summary>log2 of the padded size of the current last layer.</summary>
    public int CurrentVariables => _layers.Count == 0 ? InputVariables : _layers[^1].NumVariables;

    /// <summary>Number of layers added so far.</summary>
    public int LayerCount => _layers.Count;

    /// <summary>The layer added last (there must be one).</summary>
    internal CircuitLayer LastLayer => _layers[^1];

    /// <summary>Adds a layer of gates reading the current last layer (indices below <see cref="CurrentWidth"/>).</summary>
    /// <exception cref="MalformedCircuitException">No gates, an index out of range, or a malformed gate.</exception>
    public CircuitBuilder AddGates(IEnumerable<Gate> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        Gate[] array = [.. gates];
        int width = CurrentWidth;
        for (int g = 0; g < array.Length; g++)
        {
            if ((uint)array[g].Left >= (uint)width || (uint)array[g].Right >= (uint)width)
            {
                throw new MalformedCircuitException($"Layer {_layers.Count}, gate {g} reads ({array[g].Left}, {array[g].Right}), but the layer before has {width} values.");
            }
        }

        return Add(() => new GateLayer(CurrentVariables, 0, array));
    }

    /// <summary>
    /// Adds a data-parallel layer: <paramref name="copies"/> (a power of two) copies of
    /// <paramref name="blockGates"/>, copy b reading the b-th of <paramref name="copies"/> equal slices of
    /// the current (padded) layer. Block indices refer to positions within the slice.
    /// </summary>
    /// <exception cref="MalformedCircuitException">Copies not a power of two or larger than the layer, or an index out of the slice.</exception>
    public CircuitBuilder AddDataParallel(int copies, IEnumerable<Gate> blockGates)
    {
        ArgumentNullException.ThrowIfNull(blockGates);
        if (copies < 1 || (copies & (copies - 1)) != 0)
        {
            throw new MalformedCircuitException($"Layer {_layers.Count}: the number of copies must be a power of two, got {copies}.");
        }

        int copyVariables = System.Numerics.BitOperations.Log2((uint)copies);
        return Add(() => new GateLayer(CurrentVariables, copyVariables, blockGates));
    }

    /// <summary>Adds C = A·B for slices A (m×k) and B (k×n) of the current (padded) layer.</summary>
    /// <exception cref="MalformedCircuitException">A slice is not an aligned power-of-two sub-cube, or k differs.</exception>
    public CircuitBuilder AddMatMul(MatrixSlice a, MatrixSlice b) => Add(() => new MatMulLayer(CurrentVariables, a, b));

    /// <summary>Adds a layer of any kind (a layer kind's decoder adds its decoded layer here); it must read 2^<see cref="CurrentVariables"/> values.</summary>
    /// <exception cref="MalformedCircuitException">The layer reads a different size.</exception>
    public CircuitBuilder AddLayer(CircuitLayer layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        return layer.InputVariables != CurrentVariables
            ? throw new MalformedCircuitException($"Layer {_layers.Count} reads 2^{layer.InputVariables} values, but the layer before has 2^{CurrentVariables}.")
            : Add(() => layer);
    }

    /// <summary>The circuit.</summary>
    /// <exception cref="MalformedCircuitException">No layers.</exception>
    public LayeredCircuit Build() =>
        _layers.Count == 0
            ? throw new MalformedCircuitException("A circuit needs at least one layer.")
            : new LayeredCircuit(InputWidth, InputVariables, [.. _layers]);

    /// <summary>log2 of the padded size for <paramref name="width"/> values (0 for one value).</summary>
    public static int VariablesFor(int width) => width <= 1 ? 0 : System.Numerics.BitOperations.Log2((uint)(width - 1)) + 1;

    private CircuitBuilder Add(Func<CircuitLayer> create)
    {
        if (_layers.Count >= MaxLayers)
        {
            throw new MalformedCircuitException($"A circuit has at most {MaxLayers} layers.");
        }

        CircuitLayer layer;
        try
        {
            layer = create();
        }
        catch (MalformedCircuitException ex)
        {
            throw new MalformedCircuitException($"Layer {_layers.Count}: {ex.Message}");
        }

        _layers.Add(layer);
        return this;
    }
}
