namespace Gkr.NeuralLayers.Onnx;

/// <summary>A decoded initializer: its dimensions and its values as floats (and as integers for integer types).</summary>
internal sealed record OnnxTensor(string Name, int[] Dims, float[] Values, long[]? Integers)
{
    public int Count => Values.Length;
}
