namespace Gkr.NeuralLayers.Model;

/// <summary>Bytes are not the canonical encoding of a model (<see cref="ModelFile"/>): the message names the field and its byte offset.</summary>
public sealed class MalformedModelException(string message, Exception? inner = null) : FormatException(message, inner);
