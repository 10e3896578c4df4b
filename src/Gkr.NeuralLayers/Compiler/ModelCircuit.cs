using System.Collections.Immutable;
using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Compiler;

/// <summary>
/// A <see cref="QuantizedModel"/> of the MLP subset (Dense, Requantize, Flatten, Reshape) compiled to a
/// <see cref="GraphCircuit"/> for a fixed batch, with the circuit's model tables and the layout of its public
/// input and claimed output.
/// </summary>
/// <remarks>
/// <para>Layout (one convention everywhere): the batch is padded to 2^β rows (β = ⌈log2 batch⌉) and every
/// vector of n features to 2^v columns (v = max(1, ⌈log2 n⌉)); element (b, i) sits at index b·2^v + i, so the
/// feature bits are the low index bits and a per-channel multiplier table is indexed from bit 0.</para>
/// <para>Per layer: Dense becomes a <c>DenseLayer</c> computing Σ_i x[i]·W[o, i] + bias'[o] on the raw
/// activations, with the input zero point folded into the bias, bias'[o] = bias[o] − z_in·Σ_i W[o, i] (over the
/// real features only); padded weight rows and columns and padded biases are 0, so padded input columns
/// contribute 0 whatever they hold. Requantize becomes a <c>RequantizeLayer</c> in the reduced form
/// (M' = M / 2^t, n' = 31 + s − t; per channel one common shift S = max n'_c with M_c = M'_c·2^(S − n'_c), which
/// gives the same integer) followed by a clamp to [qmin, qmax] whose table is sized from the overflow analysis's
/// pre-clamp bound. Flatten and Reshape emit nothing: both are the identity on the row-major flat index.</para>
/// <para>Padding rows (input 0) and padding features (accumulator 0, requantized to the zero point) stay
/// inside the bounds the circuit was sized for; <see cref="ReadOutput"/> drops them.</para>
/// <para>The circuit proves the last layer's values (logits); an <see cref="ModelOutput.Argmax"/> model is refused.</para>
/// </remarks>
public sealed class ModelCircuit
{
    /// <summary>The widest clamp table (2^20 rows) a compiled Requantize may use.</summary>
    public const int MaxClampBits = 20;

    private readonly ImmutableArray<Goldilocks[]> _tables;

    internal ModelCircuit(QuantizedModel model, int batch, int batchVariables, GraphCircuit circuit, ImmutableArray<Goldilocks[]> tables, int inputVariables, int outputVariables, ModelBounds bounds)
    {
        Model = model;
        Batch = batch;
        BatchVariables = batchVariables;
        Circuit = circuit;
        _tables = tables;
        InputVariables = inputVariables;
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

    /// <summary>The model tables in the circuit's table order (weights and folded biases per Dense, multipliers per per-channel Requantize); each call returns copies.</summary>
    public IReadOnlyList<Goldilocks[]> Tables => [.. _tables.Select(t => (Goldilocks[])t.Clone())];

    /// <summary>The input's real features per sample.</summary>
    public int InputFeatures => Model.Input.Shape.ElementCount;

    /// <summary>log2 of the padded input row.</summary>
    public int InputVariables { get; }

    /// <summary>The output's real features per sample.</summary>
    public int OutputFeatures => Model.OutputSpec.Shape.ElementCount;

    /// <summary>log2 of the padded output row.</summary>
    public int OutputVariables { get; }

    /// <summary>The overflow analysis the circuit was sized by.</summary>
    public ModelBounds Bounds { get; }

    /// <summary>
    /// Compiles <paramref name="model"/> for batches of <paramref name="batch"/> samples. The overflow analysis runs
    /// first with <paramref name="limits"/> (default: 62 magnitude bits and 62 remainder bits, since the
    /// requantize layer range-checks its remainder in 16-bit limbs).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Batch below 1.</exception>
    /// <exception cref="NotSupportedException">A layer outside the MLP subset (the message names its index and kind), a Requantize with
    /// <see cref="RoundingMode.RoundHalfToEven"/>, a per-channel Requantize of a non-flat value, an argmax output, or a model with no Dense.</exception>
    /// <exception cref="ModelOverflowException">A value could overflow the field, or a clamp needs more than <see cref="MaxClampBits"/> bits.</exception>
    public static ModelCircuit Compile(QuantizedModel model, int batch, OverflowLimits? limits = null) =>
        ModelCircuitCompiler.Compile(model, batch, limits ?? new OverflowLimits(62, 62));

    /// <summary>A public-mode model of the tables (the verifier sees the weights).</summary>
    public GraphModel PublicModel() => GraphModel.Public(Circuit, _tables);

    /// <summary>A committed model of the tables (commit once, prove many times).</summary>
    public GraphModel CommitModel() => GraphModel.Commit(Circuit, _tables);

    /// <summary>
    /// The public input for <paramref name="samples"/> ([batch][features] activations of the input type):
    /// row b at b·2^v, padding columns and padding rows 0.
    /// </summary>
    /// <exception cref="ArgumentException">Not <see cref="Batch"/> rows of <see cref="InputFeatures"/> values, or a value outside the input type.</exception>
    public Goldilocks[] LayoutInput(IReadOnlyList<int[]> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count != Batch)
        {
            throw new ArgumentException($"The circuit proves batches of {Batch} samples; got {samples.Count}.", nameof(samples));
        }

        QuantizedType type = Model.Input.Type!.Value;
        int width = 1 << InputVariables;
        var input = new Goldilocks[(1 << BatchVariables) * width];
        for (int b = 0; b < Batch; b++)
        {
            int[] row = samples[b] ?? throw new ArgumentException($"Sample {b} is null.", nameof(samples));
            if (row.Length != InputFeatures)
            {
                throw new ArgumentException($"Sample {b} has {row.Length} values; the model's input has {InputFeatures}.", nameof(samples));
            }

            for (int i = 0; i < row.Length; i++)
            {
                if (row[i] < type.MinValue() || row[i] > type.MaxValue())
                {
                    throw new ArgumentException($"Sample {b} value {i} is {row[i]}, outside the {type} range [{type.MinValue()}, {type.MaxValue()}].", nameof(samples));
                }

                input[(b * width) + i] = Goldilocks.FromInt64(row[i]);
            }
        }

        return input;
    }

    /// <summary>The real outputs ([batch][features], signed) of a claimed output, padding dropped.</summary>
    /// <exception cref="ArgumentException">The claimed output does not have the circuit's 2^(β+v) values.</exception>
    public long[][] ReadOutput(IReadOnlyList<Goldilocks> claimedOutput)
    {
        ArgumentNullException.ThrowIfNull(claimedOutput);
        int width = 1 << OutputVariables;
        if (claimedOutput.Count != (1 << BatchVariables) * width)
        {
            throw new ArgumentException($"The circuit's output has {(1 << BatchVariables) * width} values; got {claimedOutput.Count}.", nameof(claimedOutput));
        }

        var output = new long[Batch][];
        for (int b = 0; b < Batch; b++)
        {
            output[b] = new long[OutputFeatures];
            for (int o = 0; o < OutputFeatures; o++)
            {
                output[b][o] = claimedOutput[(b * width) + o].ToInt64();
            }
        }

        return output;
    }
}
