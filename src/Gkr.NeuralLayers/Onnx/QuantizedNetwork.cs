using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Onnx;

/// <summary>
/// The result of <see cref="OnnxImporter.Quantize"/>: the integer model, its overflow bounds, and the affine maps
/// real ≈ scale · (q − zero point) of its input and output.
/// </summary>
public sealed record QuantizedNetwork
{
    internal QuantizedNetwork(QuantizedModel model, ModelBounds bounds, float inputScale, int inputZeroPoint, double[] outputScales, int outputZeroPoint, string? droppedOutputOp)
    {
        Model = model;
        Bounds = bounds;
        InputScale = inputScale;
        InputZeroPoint = inputZeroPoint;
        _outputScales = outputScales;
        OutputZeroPoint = outputZeroPoint;
        DroppedOutputOp = droppedOutputOp;
    }

    private readonly double[] _outputScales;

    /// <summary>The quantized model (ready for <see cref="Reference.ReferenceInference"/> and <see cref="Proving.ModelProver"/>).</summary>
    public QuantizedModel Model { get; }

    /// <summary>The bounds <see cref="OverflowAnalysis"/> found: the model fits the field and the range checks.</summary>
    public ModelBounds Bounds { get; }

    /// <summary>The input scale.</summary>
    public float InputScale { get; }

    /// <summary>The input zero point.</summary>
    public int InputZeroPoint { get; }

    /// <summary>The output scale of each output element (one value: per tensor).</summary>
    public IReadOnlyList<double> OutputScales => _outputScales;

    /// <summary>The output zero point (0 for accumulator logits).</summary>
    public int OutputZeroPoint { get; }

    /// <summary>The Softmax or LogSoftmax dropped at the output, or null.</summary>
    public string? DroppedOutputOp { get; }

    /// <summary>Quantizes one float input sample: q = clamp(round(x / scale) + zero point).</summary>
    public int[] QuantizeInput(ReadOnlySpan<float> input)
    {
        QuantizedType type = Model.Input.Type!.Value;
        var q = new int[input.Length];
        for (int i = 0; i < q.Length; i++)
        {
            q[i] = (int)Math.Clamp(Math.Round(input[i] / (double)InputScale, MidpointRounding.ToEven) + InputZeroPoint, type.MinValue(), type.MaxValue());
        }

        return q;
    }

    /// <summary>Dequantizes one output value: scale · (q − zero point).</summary>
    public double DequantizeOutput(long q, int index) => _outputScales[_outputScales.Length == 1 ? 0 : index] * (q - OutputZeroPoint);
}
