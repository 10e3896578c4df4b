using System.Collections.Immutable;
using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Compiler;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Proving;

/// <summary>
/// Proves a quantized model's inference: compiles the model once for a batch size (<see cref="ModelCircuit"/>),
/// commits the weights once (or keeps them public), then proves any number of input batches.
/// </summary>
/// <example>
/// <code>
/// var prover = new ModelProver(model, batch: 1, commitWeights: true);
/// ModelProof proof = prover.Prove([image]);
/// ModelOutputs proven = new ModelVerifier(model, 1, prover.WeightCommitment).Verify(proof.Statement, proof.ProofBytes.AsSpan());
/// </code>
/// </example>
public sealed class ModelProver
{
    private readonly GraphModel _tables;
    private readonly byte[] _digest;

    /// <summary>A prover for <paramref name="model"/> on batches of <paramref name="batch"/> samples.</summary>
    /// <param name="model">The model.</param>
    /// <param name="batch">Samples per proof.</param>
    /// <param name="commitWeights">Commit the weights (Basefold, once, here) rather than make them public.</param>
    /// <param name="limits">The overflow analysis's limits (default: those of <see cref="ModelCircuit.Compile"/>).</param>
    /// <param name="witnessParameters">The per-proof witness commitment's parameters.</param>
    /// <exception cref="NotSupportedException">A layer the circuit compiler does not support (the message names it).</exception>
    /// <exception cref="ModelOverflowException">A value of the model could overflow the field (the message names the layer and bound).</exception>
    public ModelProver(QuantizedModel model, int batch = 1, bool commitWeights = true, OverflowLimits? limits = null, BasefoldParameters? witnessParameters = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Circuit = ModelCircuit.Compile(model, batch, limits);
        _tables = commitWeights ? Circuit.CommitModel() : Circuit.PublicModel();
        _digest = ModelFile.Digest(model);
        WitnessParameters = witnessParameters ?? BasefoldParameters.Default;
    }

    /// <summary>The compiled model.</summary>
    public ModelCircuit Circuit { get; }

    /// <summary>The model.</summary>
    public QuantizedModel Model => Circuit.Model;

    /// <summary>SHA-256 of the model file.</summary>
    public ImmutableArray<byte> ModelDigest => [.. _digest];

    /// <summary>The weight commitment (publish it: verifiers check statements against it); null with public weights.</summary>
    public GraphModelCommitment? WeightCommitment => _tables.Commitment;

    /// <summary>The per-proof witness commitment's parameters.</summary>
    public BasefoldParameters WitnessParameters { get; }

    /// <summary>Runs and proves the model on <paramref name="samples"/> (<see cref="ModelCircuit.Batch"/> samples of the model input's size and type).</summary>
    /// <exception cref="ArgumentException">The wrong number of samples, a sample of the wrong size, or a value outside the input type (the message names it).</exception>
    public ModelProof Prove(IReadOnlyList<int[]> samples, SumcheckOptions? options = null)
    {
        Goldilocks[] input = Circuit.LayoutInput(samples);
        GraphProverResult result = GraphProver.Prove(Circuit.Circuit, input, _tables, options, WitnessParameters, _digest);
        var statement = new ModelStatement(_digest, Circuit.Batch, samples, result.Statement.ClaimedOutput, _tables.Commitment, WitnessParameters);
        return new ModelProof(statement, [.. GraphProofEncoding.Encode(result.Proof)], Circuit.ReadOutputs(result.Statement.ClaimedOutput));
    }
}
