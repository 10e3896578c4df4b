using System.Collections.Immutable;

namespace Gkr.NeuralLayers.Proving;

/// <summary>A model proof: the statement and the canonical proof bytes.</summary>
/// <param name="Statement">What is proved.</param>
/// <param name="ProofBytes">The graph proof's canonical encoding.</param>
/// <param name="Outputs">The real outputs per sample (logits, or the class for an argmax model), as the prover computed them.</param>
public sealed record ModelProof(ModelStatement Statement, ImmutableArray<byte> ProofBytes, ModelOutputs Outputs);

/// <summary>The real outputs of a batch: per sample the last layer's values, and the classes when the model claims argmax.</summary>
/// <param name="Values">[sample][feature]: the proven last-layer values (for an argmax model: one value, the class).</param>
/// <param name="Classes">The proven class per sample for an argmax model; null for a logits model.</param>
public sealed record ModelOutputs(ImmutableArray<ImmutableArray<long>> Values, ImmutableArray<int>? Classes);
