using Gkr.Field;
using Gkr.NeuralLayers.Analysis;
using Gkr.NeuralLayers.Compiler;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Proving;

/// <summary>
/// Verifies model proofs: compiles the model's circuit once (the verifier's own: nothing about the circuit comes from
/// the prover), then checks statements and proof bytes against it.
/// </summary>
/// <remarks>
/// With committed weights the verifier needs the model's architecture and the published weight commitment
/// (the constructor's expectedWeights), never the weights: the statement's commitment must be
/// that one, and the proof opens it at the points the layers ask for. With public weights it takes them from the model.
/// </remarks>
public sealed class ModelVerifier
{
    private readonly byte[] _digest;
    private readonly byte[]? _expectedWeights;
    private readonly Lazy<GraphModel> _publicTables;

    /// <summary>A verifier of proofs about <paramref name="model"/> on batches of <paramref name="batch"/> samples.</summary>
    /// <param name="model">The model (architecture and, for public-weight proofs, the weights).</param>
    /// <param name="batch">Samples per proof.</param>
    /// <param name="expectedWeights">The published weight commitment; required to verify committed-weight proofs.</param>
    /// <param name="limits">The overflow limits the prover compiled with (default: <see cref="ModelCircuit.Compile"/>'s).</param>
    /// <exception cref="NotSupportedException">A layer the circuit compiler does not support.</exception>
    /// <exception cref="ModelOverflowException">The model could overflow the field.</exception>
    public ModelVerifier(QuantizedModel model, int batch = 1, GraphModelCommitment? expectedWeights = null, OverflowLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        Circuit = ModelCircuit.Compile(model, batch, limits);
        _digest = ModelFile.Digest(model);
        _expectedWeights = expectedWeights?.Digest();
        _publicTables = new Lazy<GraphModel>(Circuit.PublicModel);
    }

    /// <summary>The verifier's compiled model.</summary>
    public ModelCircuit Circuit { get; }

    /// <summary>Verifies <paramref name="proofBytes"/> for <paramref name="statement"/>; returns the proven outputs.</summary>
    /// <exception cref="ProofRejectedException">The statement is about another model, batch or weight commitment
    /// (<see cref="GkrRejection.StatementMismatch"/>), its inputs do not fit the model, or the proof is malformed or rejected.</exception>
    public ModelOutputs Verify(ModelStatement statement, ReadOnlySpan<byte> proofBytes)
    {
        ArgumentNullException.ThrowIfNull(statement);
        GraphVerifier.Verify(GraphStatementOf(statement), proofBytes);
        return Circuit.ReadOutputs(statement.ClaimedOutput);
    }

    /// <summary>The graph statement the proof must prove: the verifier's circuit, the laid-out inputs, the claimed output, the weights and the model digest as context.</summary>
    /// <exception cref="GkrRejectedException">The statement does not fit this verifier's model (<see cref="GkrRejection.StatementMismatch"/>).</exception>
    public GraphStatement GraphStatementOf(ModelStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (!statement.ModelDigest.AsSpan().SequenceEqual(_digest))
        {
            throw Mismatch("the statement is about another model", Convert.ToHexStringLower(_digest), Convert.ToHexStringLower(statement.ModelDigest.AsSpan()));
        }

        if (statement.Batch != Circuit.Batch)
        {
            throw Mismatch($"the statement is about a batch of {statement.Batch}; this verifier's circuit proves batches of {Circuit.Batch}", Circuit.Batch.ToString(), statement.Batch.ToString());
        }

        Goldilocks[] input;
        try
        {
            input = Circuit.LayoutInput([.. statement.Inputs.Select(i => i.ToArray())]);
        }
        catch (ArgumentException ex)
        {
            throw new GkrRejectedException(GkrRejection.StatementMismatch, $"the statement's inputs do not fit the model: {ex.Message}", inner: ex);
        }

        if (statement.WeightCommitment is { } commitment)
        {
            if (_expectedWeights is null)
            {
                throw Mismatch("the statement's weights are committed, and this verifier was given no published weight commitment to check it against", "a published commitment", Convert.ToHexStringLower(commitment.Digest()));
            }

            byte[] actual = commitment.Digest();
            if (!actual.AsSpan().SequenceEqual(_expectedWeights))
            {
                throw Mismatch("the statement's weight commitment is not the published one", Convert.ToHexStringLower(_expectedWeights), Convert.ToHexStringLower(actual));
            }

            return new GraphStatement(Circuit.Circuit, input, statement.ClaimedOutput, commitment, statement.WitnessParameters, _digest);
        }

        if (_expectedWeights is not null)
        {
            throw Mismatch("the statement's weights are public; this verifier expects the published weight commitment", Convert.ToHexStringLower(_expectedWeights), "public weights");
        }

        return GraphStatement.For(Circuit.Circuit, input, statement.ClaimedOutput, _publicTables.Value, statement.WitnessParameters, _digest);
    }

    private static GkrRejectedException Mismatch(string message, string expected, string actual) =>
        new(GkrRejection.StatementMismatch, message, expected: expected, actual: actual);
}
