using Gkr.NeuralLayers.Onnx.Proto;
using Google.Protobuf;

namespace Gkr.NeuralLayers.Onnx;

/// <summary>
/// A parsed ONNX model: its graph and its decoded initializers. Only the default domain ("" or "ai.onnx") at opset
/// <see cref="MinOpset"/> to <see cref="MaxOpset"/> is accepted. <see cref="OnnxImporter.Import"/> turns it into a
/// <see cref="FloatNetwork"/>.
/// </summary>
public sealed class OnnxModel
{
    /// <summary>The lowest default-domain opset accepted.</summary>
    public const int MinOpset = 11;

    /// <summary>The highest default-domain opset accepted.</summary>
    public const int MaxOpset = 21;

    /// <summary>The largest model file read (protobuf's own 2 GiB message limit, less one).</summary>
    public const int MaxModelBytes = int.MaxValue;

    private OnnxModel(ModelProto proto, int opset, Dictionary<string, OnnxTensor> initializers)
    {
        Proto = proto;
        Opset = opset;
        Initializers = initializers;
    }

    /// <summary>The default-domain opset version the model imports.</summary>
    public int Opset { get; }

    /// <summary>The producer named in the file (may be empty).</summary>
    public string ProducerName => Proto.ProducerName;

    internal ModelProto Proto { get; }

    internal GraphProto Graph => Proto.Graph;

    internal IReadOnlyDictionary<string, OnnxTensor> Initializers { get; }

    /// <summary>Parses an ONNX model file; external tensor data is read relative to its directory.</summary>
    /// <exception cref="OnnxImportException">The file cannot be read, or any reason of <see cref="Load(ReadOnlySpan{byte}, string?)"/>.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > MaxModelBytes)
            {
                throw new OnnxImportException($"'{path}' has {info.Length} bytes; an ONNX model file has at most {MaxModelBytes} (larger tensors belong in external data).");
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new OnnxImportException($"cannot read '{path}': {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        return Load(bytes, Path.GetDirectoryName(Path.GetFullPath(path)));
    }

    /// <summary>
    /// Parses an ONNX model from <paramref name="bytes"/>. Tensors stored as external data are read from files
    /// relative to <paramref name="externalDataDirectory"/> (refused when it is null, or when a location leaves it).
    /// </summary>
    /// <exception cref="OnnxImportException">Malformed or truncated bytes, no graph, a missing or unsupported
    /// default-domain opset, or an initializer whose data does not match its type and shape.</exception>
    public static OnnxModel Load(ReadOnlySpan<byte> bytes, string? externalDataDirectory = null)
    {
        ModelProto proto;
        try
        {
            proto = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            throw new OnnxImportException($"not an ONNX model: {ex.Message.ReplaceLineEndings(" ")}", ex);
        }

        if (proto.Graph is null)
        {
            throw new OnnxImportException("not an ONNX model: it has no graph.");
        }

        OperatorSetIdProto[] defaults = [.. proto.OpsetImport.Where(static o => o.Domain is "" or "ai.onnx")];
        if (defaults.Length != 1)
        {
            throw new OnnxImportException($"the model imports the default ONNX opset {defaults.Length} times; it must import it once (supported: opset {MinOpset} to {MaxOpset}).");
        }

        long opset = defaults[0].Version;
        if (opset is < MinOpset or > MaxOpset)
        {
            throw new OnnxImportException($"the model uses default-domain opset {opset}; supported: {MinOpset} to {MaxOpset}.");
        }

        var initializers = new Dictionary<string, OnnxTensor>(StringComparer.Ordinal);
        foreach (TensorProto tensor in proto.Graph.Initializer)
        {
            if (!initializers.TryAdd(tensor.Name, OnnxTensorDecoder.Decode(tensor, externalDataDirectory)))
            {
                throw new OnnxImportException($"initializer '{tensor.Name}' is defined twice.");
            }
        }

        return new OnnxModel(proto, (int)opset, initializers);
    }
}
