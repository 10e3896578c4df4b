using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Graph;

namespace Gkr.NeuralLayers.Proving;

/// <summary>
/// What a model proof proves: "the model with digest <see cref="ModelDigest"/>, with the weights committed in
/// <see cref="WeightCommitment"/> (or public, in the model), maps the <see cref="Batch"/> input samples
/// <see cref="Inputs"/> to <see cref="ClaimedOutput"/>". A verifier needs this, the model's architecture and the proof bytes.
/// </summary>
/// <remarks>
/// <para>The proof's transcript absorbs the model digest first (as the graph statement's context), then the compiled
/// circuit's digest (every layer's geometry, multipliers, shifts, zero points and clamp bounds), the weights (their
/// tables' digest in public mode, the commitment in committed mode), the witness commitment's parameters, the laid-out
/// input and the whole claimed output. So a proof for one model, input or output is rejected for any other.</para>
/// <para><see cref="ClaimedOutput"/> is the circuit's whole output, padding included (padded batch rows and features
/// are proven values too); <see cref="ModelVerifier.Verify"/> returns the real part.</para>
/// </remarks>
public sealed class ModelStatement
{
    /// <summary>A statement.</summary>
    /// <exception cref="ArgumentException">A digest that is not 32 bytes, a batch below 1, or inputs that are not <paramref name="batch"/> samples.</exception>
    public ModelStatement(ReadOnlySpan<byte> modelDigest, int batch, IEnumerable<int[]> inputs, IEnumerable<Goldilocks> claimedOutput, GraphModelCommitment? weightCommitment, BasefoldParameters? witnessParameters = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(claimedOutput);
        if (modelDigest.Length != 32)
        {
            throw new ArgumentException($"A model digest is 32 bytes (SHA-256); got {modelDigest.Length}.", nameof(modelDigest));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ModelDigest = [.. modelDigest];
        Batch = batch;
        Inputs = [.. inputs.Select(s => (s ?? throw new ArgumentException("An input sample is null.", nameof(inputs))).ToImmutableArray())];
        if (Inputs.Length != batch)
        {
            throw new ArgumentException($"The statement is about {batch} samples; got {Inputs.Length} inputs.", nameof(inputs));
        }

        ClaimedOutput = [.. claimedOutput];
        WeightCommitment = weightCommitment;
        WitnessParameters = witnessParameters ?? BasefoldParameters.Default;
    }

    /// <summary>SHA-256 of the model file (<see cref="Model.ModelFile.Digest"/>).</summary>
    public ImmutableArray<byte> ModelDigest { get; }

    /// <summary>The samples proved together.</summary>
    public int Batch { get; }

    /// <summary>Each sample's input activations (in the model input's type, row-major over its shape).</summary>
    public ImmutableArray<ImmutableArray<int>> Inputs { get; }

    /// <summary>The circuit's claimed output, padding included.</summary>
    public ImmutableArray<Goldilocks> ClaimedOutput { get; }

    /// <summary>The weight commitment; null when the weights are public (the verifier takes them from the model).</summary>
    public GraphModelCommitment? WeightCommitment { get; }

    /// <summary>Whether the weights are committed rather than public.</summary>
    public bool WeightsCommitted => WeightCommitment is not null;

    /// <summary>The per-proof witness commitment's parameters.</summary>
    public BasefoldParameters WitnessParameters { get; }

    /// <summary>The same statement with another claimed output (tests and tools build attacks with it).</summary>
    public ModelStatement WithClaimedOutput(IEnumerable<Goldilocks> claimedOutput) =>
        new(ModelDigest.AsSpan(), Batch, Inputs.Select(i => i.ToArray()), claimedOutput, WeightCommitment, WitnessParameters);

    /// <summary>The same statement with other inputs.</summary>
    public ModelStatement WithInputs(IEnumerable<int[]> inputs) =>
        new(ModelDigest.AsSpan(), Batch, inputs, ClaimedOutput, WeightCommitment, WitnessParameters);
}
