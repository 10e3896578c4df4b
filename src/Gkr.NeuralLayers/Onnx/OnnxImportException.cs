namespace Gkr.NeuralLayers.Onnx;

/// <summary>
/// An ONNX model cannot be imported: malformed or truncated bytes, an unsupported opset, a tensor whose data does
/// not match its shape, external data outside the model's directory, or an operator or attribute outside the
/// supported subset. The one-line message names the node (name and op type) and attribute where there is one, and
/// what is supported.
/// </summary>
public sealed class OnnxImportException : FormatException
{
    /// <summary>An error not tied to one node (file structure, opset, initializers).</summary>
    public OnnxImportException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>An error of node <paramref name="nodeName"/> with op type <paramref name="opType"/>.</summary>
    public OnnxImportException(string nodeName, string opType, string detail)
        : base($"node '{nodeName}' ({opType}): {detail}")
    {
        NodeName = nodeName;
        OpType = opType;
    }

    /// <summary>The failing node's name (its first output when the node has no name); null when no node is at fault.</summary>
    public string? NodeName { get; }

    /// <summary>The failing node's op type; null when no node is at fault.</summary>
    public string? OpType { get; }
}
