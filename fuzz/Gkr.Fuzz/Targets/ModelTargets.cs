using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// Quantized-model entry points: a whole model proof through <see cref="ModelVerifier.Verify"/> (a small CNN: conv,
/// per-channel requantize with ReLU, max pool, flatten, dense, requantize, argmax; weights committed), and the model
/// file through <see cref="ModelFile.Decode"/>.
/// </summary>
public static class ModelTargets
{
    private static readonly Lazy<Fixture> Case = new(Fixture.Create);

    /// <summary>Model proof bytes against the fixture's statement.</summary>
    public static FuzzTarget Proof { get; } = new(
        "model-proof",
        "ModelVerifier.Verify(statement, bytes): a conv/requantize/max-pool/dense/argmax CNN on [1, 4, 4], weights committed",
        () => [Case.Value.Honest],
        input =>
        {
            Fixture f = Case.Value;
            try
            {
                f.Verifier.Verify(f.Statement, input);
            }
            catch (Protocol.ProofRejectedException ex) when (ex is not GkrRejectedException { Reason: GkrRejection.MalformedProof })
            {
                GraphStatement statement = f.Verifier.GraphStatementOf(f.Statement);
                FuzzTargets.ReencodesExactly(input, GraphProofEncoding.Encode(GraphProofEncoding.Decode(input, statement)), "model proof");
                throw;
            }

            return FuzzTargets.OnlyHonestAccepted(input, [f.Honest], "model proof");
        });

    /// <summary>The model file: decode (validation, shape inference, canonical re-encoding).</summary>
    public static FuzzTarget File { get; } = new(
        "model-file",
        "ModelFile.Decode(bytes): the fixture CNN's model file",
        () => [ModelFile.Encode(Fixture.Model())],
        input =>
        {
            QuantizedModel model = ModelFile.Decode(input);
            FuzzTargets.ReencodesExactly(input, ModelFile.Encode(model), "model file");
            return true;
        });

    /// <summary>The model statement file: decode (counts, canonical field elements, parameters, commitment), canonical re-encoding.</summary>
    public static FuzzTarget StatementFile { get; } = new(
        "model-statement",
        "ModelStatementFile.Decode(bytes): the fixture's committed-weight statement",
        () => [ModelStatementFile.Encode(Case.Value.Statement)],
        input =>
        {
            ModelStatement statement = ModelStatementFile.Decode(input);
            FuzzTargets.ReencodesExactly(input, ModelStatementFile.Encode(statement), "model statement");
            return true;
        });

    private sealed record Fixture(ModelVerifier Verifier, ModelStatement Statement, byte[] Honest)
    {
        public static QuantizedModel Model()
        {
            sbyte[] conv = [.. Enumerable.Range(0, 2 * 1 * 2 * 2).Select(i => (sbyte)((i * 41 % 200) - 100))];
            sbyte[] dense = [.. Enumerable.Range(0, 3 * 8).Select(i => (sbyte)((i * 29 % 180) - 90))];
            return new QuantizedModel(
                TensorShape.Chw(1, 4, 4),
                QuantizedType.UInt8,
                7,
                [
                    new Conv2d(new QuantizedTensor(new TensorShape(2, 1, 2, 2), conv), [50, -50], 7, stride: 1, padding: 1),
                    new Requantize(new Requantization([new ChannelScale(3 << 28, 3), new ChannelScale(5 << 27, 4)], RoundingMode.RoundHalfUp, QuantizedType.Int8, -5, -5, 127)),
                    new MaxPool2d(2),
                    new Flatten(),
                    new Dense(new QuantizedTensor(new TensorShape(3, 8), dense), [3, -3, 0], -5),
                    new Requantize(Requantization.PerTensor(new ChannelScale(1 << 30, 5), RoundingMode.RoundHalfToEven, QuantizedType.Int8, 0)),
                ],
                ModelOutput.Argmax);
        }

        public static Fixture Create()
        {
            QuantizedModel model = Model();
            var prover = new ModelProver(model, 1, commitWeights: true, witnessParameters: CommitmentTargets.BasefoldParameters);
            ModelProof proof = prover.Prove([[.. Enumerable.Range(0, 16).Select(i => (i * 53) % 256)]], Protocol.Sumcheck.SumcheckOptions.SingleThreaded);
            return new(new ModelVerifier(model, 1, prover.WeightCommitment), proof.Statement, [.. proof.ProofBytes]);
        }
    }
}
