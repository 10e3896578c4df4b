using System.Collections.Immutable;
using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Compiler;

/// <summary>
/// A <see cref="QuantizedModel"/> compiled to a <see cref="GraphCircuit"/> for a fixed batch, with the circuit's model
/// tables and the layout of its public input and claimed output.
/// </summary>
/// <remarks>
/// <para>Layout (<see cref="ValueLayout"/>): the batch is padded to 2^β rows (β = ⌈log2 batch⌉, the top index bits);
/// an image [C, H, W] has index bits [c][h][w], each dimension padded to its power of two; a flat vector of n values
/// is padded to 2^v (v = max(1, ⌈log2 n⌉)). Flatten and Reshape (to flat) emit nothing: the next Dense's weight
/// columns are placed at the padded image positions instead.</para>
/// <para>Activations are centered: the circuit holds x − z for an activation x of zero point z (the input is
/// centered by <see cref="LayoutInput"/>, every Requantize has output zero point 0 and clamps to [qmin − z, qmax − z],
/// and <see cref="ReadOutputs"/> adds z back). So a convolution's zero padding is the value 0, no bias needs the zero
/// point folded in, and a residual add is M_a·a + M_b·b.</para>
/// <para>Per layer: Dense → <c>DenseLayer</c>; Conv2d → <c>Conv2dLayer</c> (weights [o][c][u][v], each padded);
/// Requantize → <c>RequantizeLayer</c> in the reduced form (M' = M / 2^t, n' = 31 + s − t; per channel one common
/// shift S = max n'_c with M_c = M'_c·2^(S − n'_c), the same integer) then a clamp whose table is sized from the
/// overflow analysis; MaxPool2d → <c>MaxPoolLayer</c> when the 2×2 stride-2 window is bit-aligned with the padded
/// planes, <c>WindowMaxPoolLayer</c> otherwise; SumPool2d → <c>SumPoolLayer</c>; ResidualAdd → <c>ScaledSumLayer</c>;
/// an argmax output → an <c>ArgmaxLayer</c> after the last layer.</para>
/// <para>Padding positions hold values the circuit defines (0 for padded image positions, or the inference on the
/// zero-point input for padded batch rows), all inside the bounds the circuit was sized for; consumers never read
/// them into real values, and <see cref="ReadOutputs"/> drops them.</para>
/// </remarks>
public sealed class ModelCircuit
{
    /// <summary>The widest clamp or difference table (2^20 rows) a compiled layer may use.</summary>
    public const int MaxClampBits = 20;

    private readonly ImmutableArray<Goldilocks[]> _tables;

    internal ModelCircuit(QuantizedModel model, int batch, int batchVariables, GraphCircuit circuit, ImmutableArray<Goldilocks[]> tables, ValueLayout inputLayout, ValueLayout lastLayout, int outputVariables, ModelBounds bounds)
    {
        Model = model;
        Batch = batch;
        BatchVariables = batchVariables;
        Circuit = circuit;
        _tables = tables;
        InputLayout = inputLayout;
        LastLayout = lastLayout;
        OutputVariables = outputVariables;
        Bounds = bounds;
    }

    /// <summary>The compiled model.</summary>
    public QuantizedModel Model { get; }

    /// <summary>The number of real samples per proof.</summary>
    public int Batch { get; }

    /// <summary>β = ⌈log2 <see cref="Batch"/>⌉: the circuit's row bits.</summary>
    public int BatchVariables { get; }

    /// <summary>The circuit.</summary>
    public GraphCircuit Circuit { get; }

    /// <summary>The model tables in the circuit's table order (weights and biases per Dense and Conv2d, multipliers per per-channel Requantize); each call returns copies.</summary>
    public IReadOnlyList<Goldilocks[]> Tables => [.. _tables.Select(t => (Goldilocks[])t.Clone())];

    /// <summary>The input's real values per sample.</summary>
    public int InputFeatures => Model.Input.Shape.ElementCount;

    /// <summary>Where the input's values sit.</summary>
    public ValueLayout InputLayout { get; }

    /// <summary>log2 of the padded input per sample.</summary>
    public int InputVariables => InputLayout.Variables;

    /// <summary>Where the last layer's values sit.</summary>
    public ValueLayout LastLayout { get; }

    /// <summary>The output's real values per sample (1 for an argmax model: the class).</summary>
    public int OutputFeatures => Model.Output == ModelOutput.Argmax ? 1 : Model.OutputSpec.Shape.ElementCount;

    /// <summary>log2 of the padded output per sample (0 for an argmax model).</summary>
    public int OutputVariables { get; }

    /// <summary>The overflow analysis the circuit was sized by.</summary>
    public ModelBounds Bounds { get; }

    /// <summary>
    /// Compiles <paramref name="model"/> for batches of <paramref name="batch"/> samples. The overflow analysis runs
    /// first with <paramref name="limits"/> (default: 62 magnitude bits and 62 remainder bits, since the
    /// requantize layer range-checks its remainder in 16-bit limbs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Batch below 1.</exception>
    /// <exception cref="NotSupportedException">A layout the circuit cannot express (the message names the layer's index and kind):
    /// a per-channel Requantize of a flattened image, a Reshape to a non-flat shape.</exception>
    /// <exception cref="ModelOverflowException">A value could overflow the field, or a clamp, pool or argmax table needs more than <see cref="MaxClampBits"/> bits.</exception>
    public static ModelCircuit Compile(QuantizedModel model, int batch, OverflowLimits? limits = null) =>
        ModelCircuitCompiler.Compile(model, batch, limits ?? new OverflowLimits(62, 62));

    /// <summary>A public-mode model of the tables (the verifier sees the weights).</summary>
    public GraphModel PublicModel() => GraphModel.Public(Circuit, _tables);

    /// <summary>A committed model of the tables (commit once, prove many times).</summary>
    public GraphModel CommitModel() => GraphModel.Commit(Circuit, _tables);

    /// <summary>
    /// The public input for <paramref name="samples"/> (per sample, the input type's activations row-major over the
    /// input shape): centered (x − z), at the padded positions of <see cref="InputLayout"/>, padding 0.
    /// </summary>
    /// <exception cref="ArgumentException">Not <see cref="Batch"/> samples of <see cref="InputFeatures"/> values, or a value outside the input type.</exception>
    public Goldilocks[] LayoutInput(IReadOnlyList<int[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count != Batch)
        {
            throw new ArgumentException($"The circuit proves batches of {Batch} samples; got {samples.Count}.", nameof(samples));
        }

        QuantizedType type = Model.Input.Type!.Value;
        int zero = Model.Input.ZeroPoint, width = 1 << InputVariables;
        var input = new Goldilocks[(1 << BatchVariables) * width];
        for (int b = 0; b < Batch; b++)
        {
            int[] row = samples[b] ?? throw new ArgumentException($"Sample {b} is null.", nameof(samples));
            if (row.Length != InputFeatures)
            {
                throw new ArgumentException($"Sample {b} has {row.Length} values; the model's input {Model.Input.Shape} has {InputFeatures}.", nameof(samples));
            }

            for (int i = 0; i < row.Length; i++)
            {
                if (row[i] < type.MinValue() || row[i] > type.MaxValue())
                {
                    throw new ArgumentException($"Sample {b} value {i} is {row[i]}, outside the {type} range [{type.MinValue()}, {type.MaxValue()}].", nameof(samples));
                }

                input[(b * width) + InputLayout.IndexOf(i)] = Goldilocks.FromInt64(row[i] - zero);
            }
        }

        return input;
    }

    /// <summary>
    /// The real outputs of a claimed output, padding dropped: per sample the last layer's values in model order (the zero
    /// point added back for activations), or for an argmax model the class.
    /// </summary>
    /// <exception cref="ArgumentException">The claimed output does not have the circuit's 2^(β+v) values.</exception>
    public ModelOutputs ReadOutputs(IReadOnlyList<Goldilocks> claimedOutput)
    {
        ArgumentNullException.ThrowIfNull(claimedOutput);
        int width = 1 << OutputVariables;
        if (claimedOutput.Count != (1 << BatchVariables) * width)
        {
            throw new ArgumentException($"The circuit's output has {(1 << BatchVariables) * width} values; got {claimedOutput.Count}.", nameof(claimedOutput));
        }

        if (Model.Output == ModelOutput.Argmax)
        {
            ImmutableArray<int> classes = [.. Enumerable.Range(0, Batch).Select(b => (int)claimedOutput[b].ToInt64())];
            return new ModelOutputs([.. classes.Select(c => ImmutableArray.Create((long)c))], classes);
        }

        long zero = Model.OutputSpec.IsActivation ? Model.OutputSpec.ZeroPoint : 0;
        var output = ImmutableArray.CreateBuilder<ImmutableArray<long>>(Batch);
        for (int b = 0; b < Batch; b++)
        {
            output.Add([.. Enumerable.Range(0, OutputFeatures).Select(o => claimedOutput[(b * width) + LastLayout.IndexOf(o)].ToInt64() + zero)]);
        }

        return new ModelOutputs(output.MoveToImmutable(), null);
    }

    /// <summary>[sample][value] of <see cref="ReadOutputs"/>.</summary>
    /// <exception cref="ArgumentException">The claimed output does not have the circuit's size.</exception>
    public long[][] ReadOutput(IReadOnlyList<Goldilocks> claimedOutput) => [.. ReadOutputs(claimedOutput).Values.Select(v => v.ToArray())];
}
