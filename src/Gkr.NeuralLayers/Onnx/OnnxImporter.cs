using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;

namespace Gkr.NeuralLayers.Onnx;

/// <summary>
/// ONNX import: <see cref="Import"/> turns a parsed model into a <see cref="FloatNetwork"/>, and <see cref="Quantize"/>
/// turns that into a <see cref="QuantizedModel"/> by post-training static quantization.
/// </summary>
/// <remarks>
/// Quantization: real ≈ s·(q − z). Activations (the input included) are uint8 or int8 with a zero point, their range
/// from the calibration samples (always containing 0, so real 0 and the padding are exact). Weights are symmetric int8
/// per output channel, s_w[c] = max|w_c| / 127; biases are int32 at scale s_in·s_w[c]. Each Conv or Dense is followed
/// by a Requantize of real scale s_in·s_w[c] / s_out (<see cref="ChannelScale.FromReal"/> with
/// <see cref="QuantizationOptions.MultiplierBits"/> bits), whose clamp is the fused ReLU or ReLU6. An AveragePool is a
/// SumPool2d whose divisor k_h·k_w is folded into the next Requantize (s_in / (k_h·k_w·s_out)); a MaxPool reads and
/// writes the same scale. A residual Add is a ResidualAdd with integer branch multipliers M_a : M_b = s_a : s_b (the
/// larger is 2^<see cref="QuantizationOptions.ResidualBits"/>), then a Requantize of scale max(s_a, s_b) / (2^bits·s_out).
/// A final Conv or Dense without activation keeps its int64 accumulators as the logits, with one weight scale for the
/// whole tensor so that their order is the order of the real logits.
/// </remarks>
public static class OnnxImporter
{
    /// <summary>Imports the graph of <paramref name="model"/> as a float network (see <see cref="FloatNetwork"/> for the supported subset).</summary>
    /// <exception cref="OnnxImportException">An unsupported operator, attribute or graph structure; the message names the node, its op type and what is supported.</exception>
    public static FloatNetwork Import(OnnxModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return OnnxGraphImport.Run(model);
    }

    /// <summary>
    /// Quantizes <paramref name="network"/> with activation ranges calibrated on <paramref name="calibration"/>
    /// (samples in the layout of <see cref="FloatNetwork.InputShape"/>), then runs <see cref="OverflowAnalysis"/> on it.
    /// </summary>
    /// <exception cref="ArgumentException">No calibration sample, a sample of the wrong length or with a non-finite value, or invalid options.</exception>
    /// <exception cref="OnnxImportException">A scale that cannot be represented (the message names the node), or a model the overflow analysis refuses.</exception>
    public static QuantizedNetwork Quantize(FloatNetwork network, IReadOnlyList<float[]> calibration, QuantizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(calibration);
        options ??= new QuantizationOptions();
        if (options.Percentile is <= 50 or > 100 || options.MultiplierBits is < 1 or > 31 || options.ResidualBits is < 0 or > 24 || !Enum.IsDefined(options.ActivationType))
        {
            throw new ArgumentException("Percentile must be in (50, 100], MultiplierBits in [1, 31], ResidualBits in [0, 24], ActivationType defined.", nameof(options));
        }

        if (calibration.Count == 0 || calibration.Any(s => s is null || s.Length != network.InputLength || s.Any(v => !float.IsFinite(v))))
        {
            throw new ArgumentException($"Calibration needs at least one sample, each of {network.InputLength} finite values.", nameof(calibration));
        }

        (float Lo, float Hi)[] ranges = Calibrate(network, calibration, options);
        return new Quantizer(network, ranges, options).Run();
    }

    /// <summary>Ranges of the input (index 0) and of every layer's value (index i + 1).</summary>
    private static (float Lo, float Hi)[] Calibrate(FloatNetwork network, IReadOnlyList<float[]> calibration, QuantizationOptions options)
    {
        int count = network.Layers.Count + 1;
        var ranges = new (float Lo, float Hi)[count];
        bool percentile = options.Calibration == CalibrationMethod.Percentile;
        List<float>[]? seen = percentile ? [.. Enumerable.Range(0, count).Select(_ => new List<float>())] : null;
        Array.Fill(ranges, (float.PositiveInfinity, float.NegativeInfinity));
        foreach (float[] sample in calibration)
        {
            float[][] values = network.Run(sample);
            for (int v = 0; v < count; v++)
            {
                float[] value = v == 0 ? sample : values[v - 1];
                if (seen is not null)
                {
                    seen[v].AddRange(value);
                }

                foreach (float x in value)
                {
                    ranges[v] = (Math.Min(ranges[v].Lo, x), Math.Max(ranges[v].Hi, x));
                }
            }
        }

        if (seen is not null)
        {
            for (int v = 0; v < count; v++)
            {
                float[] sorted = [.. seen[v].Order()];
                int hi = (int)Math.Min(sorted.Length - 1, Math.Ceiling(options.Percentile / 100 * sorted.Length) - 1);
                int lo = sorted.Length - 1 - hi;
                ranges[v] = (sorted[lo], sorted[hi]);
            }
        }

        return ranges;
    }

    private readonly record struct Affine(double Scale, int ZeroPoint);

    private sealed class Quantizer(FloatNetwork network, (float Lo, float Hi)[] ranges, QuantizationOptions options)
    {
        private readonly List<ModelLayer> _layers = [];
        private readonly QuantizedType _type = options.ActivationType;

        public QuantizedNetwork Run()
        {
            int n = network.Layers.Count;
            var affine = new Affine[n + 1];
            var index = new int[n + 1];
            affine[0] = Params(ranges[0], 0);
            index[0] = QuantizedModel.InputIndex;
            double[]? outputScales = null;
            for (int i = 0; i < n; i++)
            {
                Affine input = affine[i];
                FloatLayer layer = network.Layers[i];
                bool final = i == n - 1;
                switch (layer)
                {
                    case FloatConv or FloatDense:
                        {
                            (float[] w, int channels, float[] b, FloatActivation act) = layer is FloatConv c
                                ? (c.Weights, c.OutChannels, c.Bias, c.Activation)
                                : (((FloatDense)layer).Weights, ((FloatDense)layer).OutFeatures, ((FloatDense)layer).Bias, ((FloatDense)layer).Activation);
                            bool logits = final && act.IsNone;
                            double[] sw = WeightScales(w, channels, perTensor: logits);
                            sbyte[] wq = [.. w.Select((v, k) => (sbyte)Math.Clamp(Math.Round(v / sw[k / (w.Length / channels)]), -127, 127))];
                            int[] bq = new int[channels];
                            for (int ch = 0; ch < channels; ch++)
                            {
                                double q = Math.Round(b[ch] / (input.Scale * sw[ch]));
                                bq[ch] = q is >= int.MinValue and <= int.MaxValue ? (int)q : throw new OnnxImportException(layer.Node, layer.GetType().Name[5..], $"bias {b[ch]} of channel {ch} does not fit int32 at scale {input.Scale * sw[ch]:g3}.");
                            }

                            _layers.Add(layer is FloatConv cv
                                ? new Conv2d(new QuantizedTensor(new TensorShape(cv.OutChannels, cv.InChannels, cv.KernelHeight, cv.KernelWidth), wq), bq, input.ZeroPoint, cv.StrideHeight, cv.StrideWidth, cv.PadHeight, cv.PadWidth)
                                : new Dense(new QuantizedTensor(new TensorShape(channels, w.Length / channels), wq), bq, input.ZeroPoint));
                            if (logits)
                            {
                                outputScales = [input.Scale * sw[0]];
                                affine[i + 1] = new Affine(outputScales[0], 0);
                            }
                            else
                            {
                                double[] real = [.. sw.Select(s => input.Scale * s)];
                                affine[i + 1] = Requantize(layer, real, ranges[i + 1], act);
                            }

                            break;
                        }

                    case FloatMaxPool p:
                        _layers.Add(new MaxPool2d(p.KernelHeight, p.KernelWidth, p.StrideHeight, p.StrideWidth));
                        affine[i + 1] = input;
                        break;
                    case FloatAveragePool p:
                        _layers.Add(new SumPool2d(p.KernelHeight, p.KernelWidth, p.StrideHeight, p.StrideWidth));
                        affine[i + 1] = Requantize(layer, [input.Scale / (p.KernelHeight * p.KernelWidth)], ranges[i + 1], p.Activation);
                        break;
                    case FloatResidualAdd r:
                        {
                            Affine skip = affine[r.SkipFrom + 1];
                            double big = Math.Max(input.Scale, skip.Scale);
                            double unit = Math.ScaleB(1, options.ResidualBits);
                            int ma = (int)Math.Max(1, Math.Round(input.Scale / big * unit));
                            int mb = (int)Math.Max(1, Math.Round(skip.Scale / big * unit));
                            _layers.Add(new ResidualAdd(index[r.SkipFrom + 1], ma, mb));
                            affine[i + 1] = Requantize(layer, [big / unit], ranges[i + 1], r.Activation);
                            break;
                        }

                    case FloatReshape s:
                        _layers.Add(s.Target.Length == 1 ? new Flatten() : new Reshape(new TensorShape(s.Target)));
                        affine[i + 1] = input;
                        break;
                    default:
                        throw new InvalidOperationException($"Unknown layer {layer}.");
                }

                index[i + 1] = _layers.Count - 1;
            }

            QuantizedModel model;
            try
            {
                model = new QuantizedModel(new TensorShape([.. network.InputShape]), _type, affine[0].ZeroPoint, _layers);
            }
            catch (ArgumentException ex)
            {
                throw new OnnxImportException($"the quantized model is inconsistent: {ex.Message}", ex);
            }

            ModelBounds bounds;
            try
            {
                bounds = OverflowAnalysis.Analyze(model);
            }
            catch (ModelOverflowException ex)
            {
                throw new OnnxImportException($"the quantized model can overflow: {ex.Message.ReplaceLineEndings(" ")}", ex);
            }

            Affine output = affine[n];
            return new QuantizedNetwork(model, bounds, (float)affine[0].Scale, affine[0].ZeroPoint, outputScales ?? [output.Scale], output.ZeroPoint, network.DroppedOutputOp);
        }

        private static double[] WeightScales(float[] w, int channels, bool perTensor)
        {
            int per = w.Length / channels;
            double[] scales = new double[channels];
            double all = 0;
            for (int c = 0; c < channels; c++)
            {
                double max = 0;
                for (int k = 0; k < per; k++)
                {
                    max = Math.Max(max, Math.Abs(w[(c * per) + k]));
                }

                scales[c] = max > 0 ? max / 127 : 1.0 / 127;
                all = Math.Max(all, max);
            }

            return perTensor ? [.. Enumerable.Repeat(all > 0 ? all / 127 : 1.0 / 127, channels)] : scales;
        }

        /// <summary>The affine map of a calibrated range; <paramref name="minScale"/> keeps the requantization scale below 1.</summary>
        private Affine Params((float Lo, float Hi) range, double minScale)
        {
            double lo = Math.Min(0, range.Lo), hi = Math.Max(0, range.Hi);
            int levels = _type.MaxValue() - _type.MinValue();
            double scale = Math.Max(Math.Max((hi - lo) / levels, minScale), 1e-12);
            int zero = (int)Math.Clamp(_type.MinValue() + Math.Round(-lo / scale), _type.MinValue(), _type.MaxValue());
            return new Affine(scale, zero);
        }

        /// <summary>The scale with the most significant bits (up to the option) whose remainder fits the range checks.</summary>
        private ChannelScale Scale(double real)
        {
            ChannelScale scale = ChannelScale.FromReal(real, options.MultiplierBits);
            for (int bits = options.MultiplierBits - 1; bits >= 1 && scale.ReducedShift > OverflowLimits.Default.MaxRangeCheckBits; bits--)
            {
                scale = ChannelScale.FromReal(real, bits);
            }

            return scale;
        }

        private Affine Requantize(FloatLayer layer, double[] realIn, (float Lo, float Hi) range, FloatActivation act)
        {
            // A requantization multiplies by a scale below 1: widen the output scale when the range is narrower than that allows.
            Affine output = Params(range, realIn.Max() / 0.999);
            int min = _type.MinValue(), max = _type.MaxValue();
            if (!float.IsNegativeInfinity(act.Min))
            {
                min = (int)Math.Clamp(output.ZeroPoint + Math.Round(act.Min / output.Scale), min, max);
            }

            if (!float.IsPositiveInfinity(act.Max))
            {
                max = (int)Math.Clamp(output.ZeroPoint + Math.Round(act.Max / output.Scale), min, max);
            }

            ChannelScale[] scales;
            try
            {
                scales = realIn.Distinct().Count() == 1
                    ? [Scale(realIn[0] / output.Scale)]
                    : [.. realIn.Select(r => Scale(r / output.Scale))];
            }
            catch (ArgumentException ex)
            {
                throw new OnnxImportException(layer.Node, layer.GetType().Name[5..], $"the requantization scale cannot be represented: {ex.Message}");
            }

            _layers.Add(new Requantize(new Requantization(scales, options.Rounding, _type, output.ZeroPoint, min, max)));
            return output;
        }
    }
}
