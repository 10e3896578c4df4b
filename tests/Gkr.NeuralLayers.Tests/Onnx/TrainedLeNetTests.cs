using Gkr.NeuralLayers.Onnx;
using Gkr.NeuralLayers.Proving;
using Gkr.NeuralLayers.Reference;
using Xunit.Abstractions;

namespace Gkr.NeuralLayers.Tests.Onnx;

/// <summary>The committed LeNet-5 trained on Fashion-MNIST (models/lenet5): imported, quantized on half the committed test images, accurate on the other half, and provable.</summary>
public class TrainedLeNetTests(ITestOutputHelper output)
{
    private static string RepoFile(string relative)
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Gkr.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return Path.Combine(dir ?? throw new InvalidOperationException("Gkr.sln not found above the test directory."), relative);
    }

    private static (float[][] Images, int[] Labels) TestImages()
    {
        byte[] images = File.ReadAllBytes(RepoFile("models/lenet5/test-images.idx3-ubyte"));
        byte[] labels = File.ReadAllBytes(RepoFile("models/lenet5/test-labels.idx1-ubyte"));
        int count = labels.Length - 8;
        return ([.. Enumerable.Range(0, count).Select(i => images.AsSpan(16 + (i * 784), 784).ToArray().Select(b => b / 255f).ToArray())], [.. labels.Skip(8).Select(b => (int)b)]);
    }

    [Fact]
    public void TheTrainedLeNetImportsClassifiesAndProves()
    {
        (float[][] images, int[] labels) = TestImages();
        FloatNetwork network = OnnxImporter.Import(OnnxModel.Load(RepoFile("models/lenet5/lenet5.onnx")));
        QuantizedNetwork quantized = OnnxImporter.Quantize(network, images[..32]);
        int correct = 0;
        for (int i = 32; i < images.Length; i++)
        {
            int[] q = quantized.QuantizeInput(images[i]);
            InferenceTrace trace = ReferenceInference.Run(quantized.Model, q, 1);
            long[] logits = [.. Enumerable.Range(0, 10).Select(k => trace.Output[0, k])];
            correct += Array.IndexOf(logits, logits.Max()) == labels[i] ? 1 : 0;
        }

        output.WriteLine($"quantized accuracy on the 32 held-out committed test images: {correct}/32");
        Assert.True(correct >= 24, $"{correct}/32 correct");
        var prover = new ModelProver(quantized.Model, 1, commitWeights: true);
        ModelProof proof = prover.Prove([quantized.QuantizeInput(images[40])]);
        new ModelVerifier(quantized.Model, 1, prover.WeightCommitment).Verify(proof.Statement, proof.ProofBytes.AsSpan());
    }
}
