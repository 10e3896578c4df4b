using FsCheck.Xunit;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Reference;

namespace Gkr.NeuralLayers.Tests.Reference;

/// <summary>The packed reference inference against the naive loops, on random models of every layer kind.</summary>
public sealed class ReferenceInferenceTests
{
    [Property(MaxTest = 60)]
    public void EveryLayerMatchesTheNaiveLoops(int seed)
    {
        QuantizedModel model = TestModels.Random(seed);
        const int batch = 3;
        int[] input = TestModels.Input(model, batch, seed ^ 0x5eed);
        InferenceTrace trace = ReferenceInference.Run(model, input, batch);
        int n = model.Input.Shape.ElementCount;
        for (int b = 0; b < batch; b++)
        {
            long[][] expected = NaiveInference.Run(model, [.. input.AsSpan(b * n, n).ToArray().Select(v => (long)v)]);
            for (int l = 0; l < expected.Length; l++)
            {
                long[] actual = [.. Enumerable.Range(0, trace.Layers[l].SampleLength).Select(i => trace.Layers[l][b, i])];
                Assert.True(expected[l].SequenceEqual(actual), $"seed {seed}, sample {b}, layer {l} ({model.Layers[l].Kind}) differs.");
            }

            if (model.Output == ModelOutput.Argmax)
            {
                long[] logits = expected[^1];
                Assert.Equal(Array.IndexOf(logits, logits.Max()), trace.Argmax![b]);
            }
        }
    }

    [Fact]
    public void ActivationsAreIntsAndAccumulatorsLongs()
    {
        QuantizedModel model = TestModels.Fixed();
        InferenceTrace trace = ReferenceInference.Run(model, TestModels.Input(model, 2, 1), 2);
        Assert.Equal(2 * 2 * 4 * 4, trace.Layers[0].Accumulators.Length);
        Assert.Equal(2 * 2 * 4 * 4, trace.Layers[1].Activations.Length);
        Assert.Throws<InvalidOperationException>(() => trace.Layers[0].Activations.Length);
        Assert.Equal(2, trace.Argmax!.Count);
        Assert.Same(trace.Input, trace.ValueOf(QuantizedModel.InputIndex));
    }

    [Fact]
    public void BadInputsAreRefused()
    {
        QuantizedModel model = TestModels.Fixed();
        Assert.Contains("need 32", Assert.Throws<ArgumentException>(() => ReferenceInference.Run(model, new int[31], 2)).Message);
        Assert.Contains("at least one sample", Assert.Throws<ArgumentException>(() => ReferenceInference.Run(model, [], 0)).Message);
        int[] input = new int[16];
        input[5] = 256;
        Assert.Contains("Input value 5 is 256", Assert.Throws<ArgumentException>(() => ReferenceInference.Run(model, input)).Message);
    }
}
