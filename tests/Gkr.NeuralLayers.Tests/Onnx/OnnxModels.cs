namespace Gkr.NeuralLayers.Tests.Onnx;

/// <summary>The test networks: an MLP, a LeNet-5-shaped CNN, and a CNN with BatchNormalization and a residual block.</summary>
internal static class OnnxModels
{
    public static byte[] Mlp(int seed = 1)
    {
        var b = new OnnxBuilder(seed);
        string x = b.Op("Gemm", ["input", b.Random([32, 16], 0.5), b.Random([32], 0.1)], ("transB", 1L));
        x = b.Op("Relu", [x]);
        x = b.Op("MatMul", [x, b.Random([32, 24], 0.3)]);
        x = b.Op("Add", [x, b.Random([24], 0.1)]);
        x = b.Op("Clip", [x, b.Initializer([], [0f]), b.Initializer([], [6f])]);
        x = b.Op("Dropout", [x]);
        x = b.Op("Gemm", [x, b.Random([24, 10], 0.4)]);
        x = b.Op("Softmax", [x], ("axis", 1L));
        return b.Build([1, 16], x);
    }

    public static byte[] LeNet(bool averagePool, int seed = 2)
    {
        var b = new OnnxBuilder(seed);
        string pool = averagePool ? "AveragePool" : "MaxPool";
        string x = b.Op("Conv", ["input", b.Random([6, 1, 5, 5], 0.4), b.Random([6], 0.1)], ("kernel_shape", new long[] { 5, 5 }), ("pads", new long[] { 2, 2, 2, 2 }));
        x = b.Op("Relu", [x]);
        x = b.Op(pool, [x], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));
        x = b.Op("Conv", [x, b.Random([16, 6, 5, 5], 0.15), b.Random([16], 0.1)]);
        x = b.Op("Relu", [x]);
        x = b.Op(pool, [x], ("kernel_shape", new long[] { 2, 2 }), ("strides", new long[] { 2, 2 }));
        x = b.Op("Flatten", [x], ("axis", 1L));
        x = b.Op("Gemm", [x, b.Random([32, 64], 0.2), b.Random([32], 0.1)], ("transB", 1L));
        x = b.Op("Relu", [x]);
        x = b.Op("Gemm", [x, b.Random([10, 32], 0.3), b.Random([10], 0.1)], ("transB", 1L));
        return b.Build([1, 1, 16, 16], x);
    }

    public static byte[] Residual(int seed = 3)
    {
        var b = new OnnxBuilder(seed);
        string x = b.Op("Conv", ["input", b.Random([4, 2, 3, 3], 0.5)], ("pads", new long[] { 1, 1, 1, 1 }));
        x = b.Op("BatchNormalization", [x, b.Random([4], 1), b.Random([4], 0.2), b.Random([4], 0.1), b.Initializer([4], [0.5f, 1, 1.5f, 2])], ("epsilon", 1e-5f));
        string skip = b.Op("Relu", [x]);
        x = b.Op("Conv", [skip, b.Random([4, 4, 3, 3], 0.3), b.Random([4], 0.1)], ("pads", new long[] { 1, 1, 1, 1 }));
        x = b.Op("Relu", [x]);
        x = b.Op("Conv", [x, b.Random([4, 4, 3, 3], 0.3), b.Random([4], 0.1)], ("pads", new long[] { 1, 1, 1, 1 }));
        x = b.Op("Add", [x, skip]);
        x = b.Op("Relu", [x]);
        x = b.Op("GlobalAveragePool", [x]);
        x = b.Op("Identity", [x]);
        x = b.Op("Reshape", [x, b.Int64s([1, -1])]);
        x = b.Op("Gemm", [x, b.Random([5, 4], 0.8), b.Random([5], 0.1)], ("transB", 1L));
        return b.Build([1, 2, 6, 6], x);
    }

    public static float[][] Samples(int count, int length, int seed) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var r = new Random(seed + i);
            return Enumerable.Range(0, length).Select(_ => (float)r.NextDouble()).ToArray();
        })];
}
