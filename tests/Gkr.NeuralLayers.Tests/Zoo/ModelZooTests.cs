using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.NeuralLayers.Reference;
using Gkr.NeuralLayers.Tests.Proving;
using Gkr.NeuralLayers.Zoo;

namespace Gkr.NeuralLayers.Tests.Zoo;

/// <summary>The zoo's synthetic models: deterministic, within the overflow limits, calibrated into the int8 range, and provable.</summary>
public class ModelZooTests
{
    [Theory]
    [InlineData("lenet5", 2, 3)]
    [InlineData("tiny-cnn", 1, 1)]
    [InlineData("vgg16", 13, 3)]
    [InlineData("resnet18", 20, 1)]
    public void ModelsAreDeterministicAndPassTheOverflowAnalysis(string name, int convolutions, int denses)
    {
        QuantizedModel model = ModelZoo.Create(name);
        Assert.Equal(convolutions, model.Layers.Count(l => l is Conv2d));
        Assert.Equal(denses, model.Layers.Count(l => l is Dense));
        _ = OverflowAnalysis.Analyze(model, new OverflowLimits(62, 62));
        if (model.Input.Shape[0] == 1)
        {
            // The small models are cheap to build twice: same seed, same digest; another seed, another model.
            Assert.Equal(ModelFile.Digest(model), ModelFile.Digest(ModelZoo.Create(name)));
            Assert.NotEqual(ModelFile.Digest(model), ModelFile.Digest(ModelZoo.Create(name, seed: 2)));
        }
    }

    [Fact]
    public void CalibrationKeepsLeNetActivationsInRangeAndNotCollapsed()
    {
        QuantizedModel model = ModelZoo.LeNet5();
        InferenceTrace trace = ReferenceInference.Run(model, TestModels.Input(model, 2, 5), 2);
        int[] logits = [.. trace.Output.Activations];
        Assert.True(logits.Distinct().Count() > 4, $"logits {string.Join(", ", logits)} are nearly constant");
    }

    [Fact]
    public void LeNetProvesAndVerifiesWithCommittedWeights()
    {
        QuantizedModel model = ModelZoo.LeNet5();
        var prover = new ModelProver(model, 1, commitWeights: true);
        int[][] samples = ModelProofTests.Samples(model, 1, 3);
        ModelProof proof = prover.Prove(samples);
        ModelOutputs verified = new ModelVerifier(model, 1, prover.WeightCommitment).Verify(proof.Statement, proof.ProofBytes.AsSpan());
        Assert.Equal(ModelProofTests.Expected(model, samples)[0], verified.Values[0].ToArray());
    }

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => ModelZoo.Create("alexnet"));
        Assert.Contains("lenet5", ex.Message);
    }
}
