using System.Security.Cryptography;

namespace Gkr.NeuralLayers.Model;

/// <summary>
/// The binary model file: architecture, quantization parameters and weights in one canonical encoding,
/// and the model digest (SHA-256 of those bytes). docs/MODEL-FORMAT.md is the same description with examples.
/// </summary>
/// <remarks>
/// <para>Header, 8 bytes (the conventions of the proof files' "GKRP" header, under its own magic since a
/// model is not a proof-layer encoding): magic "GKRM", u16 <see cref="Version"/>, u8 content kind
/// <see cref="ContentKind"/> (1 = quantized model), u8 weight element size (1: int8).</para>
/// <para>Body, every integer little-endian and fixed width; a shape is u8 rank (1..4) then u32 dimensions
/// (each ≥ 1, product ≤ 2^28); a tensor is its shape then its int8 values row-major, one byte each:</para>
/// <code>
/// input shape | u8 input type (1 int8, 2 uint8) | i32 input zero point | u8 output (1 logits, 2 argmax)
/// u32 layer count (1..65536) | layers, each: u8 kind tag (ModelLayerKind) + body:
///   1 Dense        weight tensor [out, in] | out × i32 bias | i32 input zero point
///   2 Conv2d       weight tensor [C_out, C_in, kh, kw] | C_out × i32 bias | i32 input zero point
///                  | u32 stride h | u32 stride w | u32 padding h | u32 padding w
///   3 Requantize   u8 rounding (1 half up, 2 half to even) | u8 output type | i32 zero point | i32 qmin | i32 qmax
///                  | u32 scale count (1 or channels) | per scale: u32 multiplier M | u8 shift s
///   4 MaxPool2d    u32 kh | u32 kw | u32 stride h | u32 stride w
///   5 SumPool2d    u32 kh | u32 kw | u32 stride h | u32 stride w
///   6 ResidualAdd  i32 skip-from index (−1 = input) | u32 main multiplier | u32 skip multiplier
///   7 Flatten      (empty)
///   8 Reshape      target shape
/// </code>
/// <para>Decoding accepts exactly what encoding writes: enums must be defined, every value must pass the
/// constructors' validation and the model's shape inference, every count is checked against the remaining
/// bytes before anything is allocated, and no byte may trail. So a model has one encoding, and the digest
/// identifies it. Every failure is a <see cref="MalformedModelException"/> naming the field and byte offset.</para>
/// </remarks>
public static class ModelFile
{
    /// <summary>The version of the layout; bumped on any change.</summary>
    public const ushort Version = 1;

    /// <summary>The content kind byte of a quantized model.</summary>
    public const byte ContentKind = 1;

    /// <summary>The weight element size byte (int8).</summary>
    public const byte WeightElementSize = 1;

    /// <summary>Length of the header.</summary>
    public const int HeaderLength = 8;

    /// <summary>The magic bytes "GKRM".</summary>
    public static ReadOnlySpan<byte> Magic => "GKRM"u8;

    /// <summary>The canonical bytes of <paramref name="model"/>.</summary>
    public static byte[] Encode(QuantizedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var w = new ModelWriter();
        w.Bytes(Magic);
        w.UInt16(Version);
        w.UInt8(ContentKind);
        w.UInt8(WeightElementSize);
        w.Shape(model.Input.Shape);
        w.UInt8((byte)model.Input.Type!.Value);
        w.Int32(model.Input.ZeroPoint);
        w.UInt8((byte)model.Output);
        w.UInt32(model.Layers.Count);
        foreach (ModelLayer layer in model.Layers)
        {
            w.UInt8((byte)layer.Kind);
            WriteLayer(w, layer);
        }

        return w.ToArray();
    }

    /// <summary>The model digest: SHA-256 of <see cref="Encode"/>'s bytes.</summary>
    public static byte[] Digest(QuantizedModel model) => SHA256.HashData(Encode(model));

    /// <summary>Decodes canonical model bytes.</summary>
    /// <exception cref="MalformedModelException">Anything but the canonical encoding of a valid model.</exception>
    public static QuantizedModel Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new ModelReader(bytes);
        ReadOnlySpan<byte> magic = r.Take(4, "magic");
        if (!magic.SequenceEqual(Magic))
        {
            throw ModelReader.Error($"Bad magic: not a Gkr model file (expected \"GKRM\", found 0x{Convert.ToHexString(magic)}).");
        }

        ushort version = r.UInt16("version");
        if (version != Version)
        {
            throw ModelReader.Error($"Unsupported model format version {version} (this library reads version {Version}).");
        }

        Expect(ref r, "content kind", ContentKind);
        Expect(ref r, "weight element size", WeightElementSize);
        TensorShape inputShape = r.Shape("input shape");
        QuantizedType inputType = r.Enum<QuantizedType>("input type");
        int inputZeroPoint = r.Int32("input zero point");
        ModelOutput output = r.Enum<ModelOutput>("output mode");
        int count = r.UInt32("layer count", 1, Math.Min(QuantizedModel.MaxLayers, r.Remaining));
        var layers = new ModelLayer[count];
        for (int i = 0; i < count; i++)
        {
            int at = r.Offset;
            ModelLayerKind kind = r.Enum<ModelLayerKind>($"layer {i} kind");
            layers[i] = ReadLayer(ref r, kind, $"layer {i} ({kind}) at byte {at}");
        }

        r.End();
        return ModelReader.Guard(() => new QuantizedModel(inputShape, inputType, inputZeroPoint, layers, output), "model");
    }

    private static void Expect(ref ModelReader r, string what, byte expected)
    {
        int at = r.Offset;
        byte found = r.UInt8(what);
        if (found != expected)
        {
            throw ModelReader.Error($"The {what} at byte {at} is {found}; a model file has {expected}.");
        }
    }

    private static void WriteLayer(ModelWriter w, ModelLayer layer)
    {
        switch (layer)
        {
            case LinearLayer linear:
                w.Shape(linear.Weights.Shape);
                w.SBytes(linear.Weights.Values);
                w.Int32s(linear.Bias);
                w.Int32(linear.InputZeroPoint);
                if (linear is Conv2d conv)
                {
                    w.UInt32(conv.Window.StrideHeight);
                    w.UInt32(conv.Window.StrideWidth);
                    w.UInt32(conv.Window.PaddingHeight);
                    w.UInt32(conv.Window.PaddingWidth);
                }

                break;
            case Requantize requantize:
                Requantization q = requantize.Parameters;
                w.UInt8((byte)q.Rounding);
                w.UInt8((byte)q.OutputType);
                w.Int32(q.ZeroPoint);
                w.Int32(q.Min);
                w.Int32(q.Max);
                w.UInt32(q.Scales.Count);
                foreach (ChannelScale scale in q.Scales)
                {
                    w.UInt32(scale.Multiplier);
                    w.UInt8((byte)scale.Shift);
                }

                break;
            case Pool2d pool:
                w.UInt32(pool.Window.KernelHeight);
                w.UInt32(pool.Window.KernelWidth);
                w.UInt32(pool.Window.StrideHeight);
                w.UInt32(pool.Window.StrideWidth);
                break;
            case ResidualAdd residual:
                w.Int32(residual.SkipFrom);
                w.UInt32(residual.MainMultiplier);
                w.UInt32(residual.SkipMultiplier);
                break;
            case Flatten:
                break;
            case Reshape reshape:
                w.Shape(reshape.Target);
                break;
            default:
                throw new NotSupportedException($"The model file has no encoding for layer kind {layer.Kind}.");
        }
    }

    private static ModelLayer ReadLayer(ref ModelReader r, ModelLayerKind kind, string where)
    {
        const int extent = Window2d.MaxExtent;
        switch (kind)
        {
            case ModelLayerKind.Dense:
            case ModelLayerKind.Conv2d:
                TensorShape shape = r.Shape($"{where}: weight shape");
                sbyte[] weights = r.SBytes(shape.ElementCount, $"{where}: weights");
                int[] bias = r.Int32s(shape[0], $"{where}: bias");
                int zeroPoint = r.Int32($"{where}: input zero point");
                if (kind == ModelLayerKind.Dense)
                {
                    return ModelReader.Guard<ModelLayer>(() => new Dense(new QuantizedTensor(shape, weights), bias, zeroPoint), where);
                }

                int sh = r.UInt32($"{where}: stride height", 1, extent), sw = r.UInt32($"{where}: stride width", 1, extent);
                int ph = r.UInt32($"{where}: padding height", 0, extent), pw = r.UInt32($"{where}: padding width", 0, extent);
                return ModelReader.Guard<ModelLayer>(() => new Conv2d(new QuantizedTensor(shape, weights), bias, zeroPoint, sh, sw, ph, pw), where);
            case ModelLayerKind.Requantize:
                RoundingMode rounding = r.Enum<RoundingMode>($"{where}: rounding mode");
                QuantizedType type = r.Enum<QuantizedType>($"{where}: output type");
                int outZeroPoint = r.Int32($"{where}: zero point");
                int min = r.Int32($"{where}: clamp minimum");
                int max = r.Int32($"{where}: clamp maximum");
                int count = r.UInt32($"{where}: scale count", 1, r.Remaining / 5);
                var scales = new ChannelScale[count];
                for (int i = 0; i < count; i++)
                {
                    int multiplier = r.UInt32($"{where}: multiplier {i}", 1, int.MaxValue);
                    int shift = r.UInt8($"{where}: shift {i}");
                    scales[i] = ModelReader.Guard(() => new ChannelScale(multiplier, shift), $"{where}: scale {i}");
                }

                return ModelReader.Guard<ModelLayer>(() => new Requantize(new Requantization(scales, rounding, type, outZeroPoint, min, max)), where);
            case ModelLayerKind.MaxPool2d:
            case ModelLayerKind.SumPool2d:
                int kh = r.UInt32($"{where}: kernel height", 1, extent), kw = r.UInt32($"{where}: kernel width", 1, extent);
                int strideH = r.UInt32($"{where}: stride height", 1, extent), strideW = r.UInt32($"{where}: stride width", 1, extent);
                return ModelReader.Guard<ModelLayer>(
                    () => kind == ModelLayerKind.MaxPool2d ? new MaxPool2d(kh, kw, strideH, strideW) : new SumPool2d(kh, kw, strideH, strideW), where);
            case ModelLayerKind.ResidualAdd:
                int skipFrom = r.Int32($"{where}: skip-from index");
                int main = r.UInt32($"{where}: main multiplier", 1, int.MaxValue);
                int skip = r.UInt32($"{where}: skip multiplier", 1, int.MaxValue);
                return ModelReader.Guard<ModelLayer>(() => new ResidualAdd(skipFrom, main, skip), where);
            case ModelLayerKind.Flatten:
                return new Flatten();
            case ModelLayerKind.Reshape:
                TensorShape target = r.Shape($"{where}: target shape");
                return new Reshape(target);
            default:
                throw ModelReader.Error($"{where}: the model file has no decoding for layer kind {kind}.");
        }
    }
}
