using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// A layer of add/sub/mul/constant-mul/relay gates with arbitrary wiring, optionally data-parallel:
/// one block of gates repeated 2^<see cref="CopyVariables"/> times (Thaler 2013, eprint 2013/351, §5).
/// </summary>
/// <remarks>
/// <para>Copy b of the block reads the b-th slice of 2^<see cref="BlockInputVariables"/> previous values
/// and writes the b-th slice of 2^<see cref="BlockOutputVariables"/> outputs: output index
/// <c>b·2^BlockOutputVariables + g</c> is gate g of copy b, reading previous indices
/// <c>b·2^BlockInputVariables + left/right</c>. The copy index is therefore the leading (most significant)
/// variables of both layers, which is what lets the verifier factor the wiring predicate
/// (<see cref="GateLayerReducer"/>). A plain layer is the case of one copy.</para>
/// <para>Outputs beyond the gates of each block are zero (no gate there).</para>
/// </remarks>
public sealed class GateLayer : CircuitLayer
{
    /// <summary>Canonical kind tag.</summary>
    public const byte Tag = 1;

    private readonly Gate[] _gates;
    private GateLayerReducer? _reducer;

    /// <summary>A validated gate layer (use <see cref="CircuitBuilder"/>).</summary>
    /// <exception cref="MalformedCircuitException">An index, constant or size is invalid.</exception>
    public GateLayer(int inputVariables, int copyVariables, IEnumerable<Gate> blockGates)
        : this(inputVariables, copyVariables, [.. blockGates ?? throw new ArgumentNullException(nameof(blockGates))], 0)
    {
    }

    private GateLayer(int inputVariables, int copyVariables, Gate[] gates, int unused)
        : base(inputVariables, copyVariables + BlockVariables(gates.Length, copyVariables))
    {
        _ = unused;
        if (copyVariables < 0 || copyVariables > inputVariables)
        {
            throw new MalformedCircuitException($"A layer reading 2^{inputVariables} values cannot have 2^{copyVariables} copies.");
        }

        CopyVariables = copyVariables;
        BlockInputVariables = inputVariables - copyVariables;
        BlockOutputVariables = NumVariables - copyVariables;
        int blockInput = 1 << BlockInputVariables;
        for (int g = 0; g < gates.Length; g++)
        {
            Gate gate = gates[g];
            if (!Enum.IsDefined(gate.Kind))
            {
                throw new MalformedCircuitException($"Gate {g}: unknown kind {(byte)gate.Kind}.");
            }

            if ((uint)gate.Left >= (uint)blockInput || (uint)gate.Right >= (uint)blockInput)
            {
                throw new MalformedCircuitException($"Gate {g} reads ({gate.Left}, {gate.Right}), outside the {blockInput} values available to it.");
            }

            if (gate.IsUnary && gate.Right != gate.Left)
            {
                throw new MalformedCircuitException($"Gate {g} ({gate.Kind}) has one input; its right index must equal its left index.");
            }

            if (gate.Kind != GateKind.ConstMul && !gate.Constant.IsZero)
            {
                throw new MalformedCircuitException($"Gate {g} ({gate.Kind}) has a constant; only ConstMul gates do.");
            }
        }

        _gates = gates;
    }

    /// <summary>log2 of the number of copies of the block.</summary>
    public int CopyVariables { get; }

    /// <summary>log2 of the previous-layer values one copy reads.</summary>
    public int BlockInputVariables { get; }

    /// <summary>log2 of the (padded) outputs of one copy.</summary>
    public int BlockOutputVariables { get; }

    /// <summary>The gates of one block.</summary>
    public ReadOnlySpan<Gate> Gates => _gates;

    /// <summary>The gates of one block as an immutable array.</summary>
    public ImmutableArray<Gate> GateArray => [.. _gates];

    /// <inheritdoc />
    public override int Width => CopyVariables == 0 ? _gates.Length : 1 << NumVariables;

    /// <inheritdoc />
    public override long Size => (long)_gates.Length << CopyVariables;

    /// <inheritdoc />
    public override byte KindTag => Tag;

    /// <inheritdoc />
    public override ILayerReducer Reducer => _reducer ??= new GateLayerReducer(this);

    internal Gate[] RawGates => _gates;

    /// <inheritdoc />
    public override void Evaluate(Goldilocks[] input, Goldilocks[] output, SumcheckOptions options)
    {
        CheckSizes(input, output);
        ArgumentNullException.ThrowIfNull(options);
        Gate[] gates = _gates;
        int blockGates = gates.Length, inShift = BlockInputVariables, outShift = BlockOutputVariables;
        long total = (long)blockGates << CopyVariables;
        Array.Clear(output);
        if (total == 0)
        {
            return;
        }

        ParallelRanges.Run((int)total, options, (_, from, to) =>
        {
            int copy = from / blockGates, g = from % blockGates;
            for (int t = from; t < to; t++)
            {
                int inBase = copy << inShift;
                Gate gate = gates[g];
                Goldilocks a = input[inBase + gate.Left], b = input[inBase + gate.Right];
                output[(copy << outShift) + g] = gate.Kind switch
                {
                    GateKind.Add => a + b,
                    GateKind.Sub => a - b,
                    GateKind.Mul => a * b,
                    GateKind.ConstMul => gate.Constant * a,
                    _ => a,
                };
                if (++g == blockGates)
                {
                    g = 0;
                    copy++;
                }
            }
        });
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)CopyVariables);
        writer.UInt32((uint)_gates.Length);
        foreach (Gate gate in _gates)
        {
            writer.Byte((byte)gate.Kind);
            writer.UInt32((uint)gate.Left);
            writer.UInt32((uint)gate.Right);
            writer.UInt64(gate.Constant.Value);
        }
    }

    private static int BlockVariables(int gateCount, int copyVariables)
    {
        if (gateCount == 0)
        {
            throw new MalformedCircuitException("A gate layer needs at least one gate.");
        }

        int variables = gateCount == 1 ? 0 : System.Numerics.BitOperations.Log2((uint)(gateCount - 1)) + 1;
        return variables + copyVariables > MaxVariables
            ? throw new MalformedCircuitException($"A layer of {(long)gateCount << copyVariables} gates exceeds 2^{MaxVariables}.")
            : variables;
    }
}
