using System.Collections.Immutable;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;

namespace Gkr.Protocol.Graph;

/// <summary>
/// A graph-circuit proof, in the order of its phases: the witness commitment's root, one proof per lookup,
/// one layer proof per layer (indexed like <see cref="GraphCircuit.Layers"/>), and the openings of the
/// committed model and of the witness at every claim left on them.
/// </summary>
/// <param name="WitnessRoot">The Merkle root of the witness commitment (empty when the circuit has no witness columns).</param>
/// <param name="Lookups">One per lookup of the circuit.</param>
/// <param name="Layers">One per layer, input side first.</param>
/// <param name="ModelOpening">The opening of the committed model's packed table (null in public mode or without table claims).</param>
/// <param name="WitnessOpening">The opening of the witness commitment (null without witness columns).</param>
public sealed record GraphProof(
    ImmutableArray<byte> WitnessRoot,
    ImmutableArray<LookupProof> Lookups,
    ImmutableArray<GkrLayerProof> Layers,
    BasefoldOpeningProof? ModelOpening,
    BasefoldOpeningProof? WitnessOpening);
