using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Lookups;

/// <summary>
/// The proof of one <see cref="LookupArgument"/>: the table's fraction tree Σ_t m_t/(α − T_t), one tree
/// Σ_i 1/(α − a_i) per looked-up column, and for two-column tables the columns' evaluations x̃(z), ỹ(z) at
/// each column tree's leaf point (for one column x̃(z) = α − q̃(z) needs no message).
/// </summary>
/// <param name="Table">The table tree.</param>
/// <param name="Columns">One tree per looked-up column.</param>
/// <param name="LeafEvaluations">Two per column for two-column tables (x̃, ỹ), none otherwise.</param>
public sealed record LookupProof(FractionTreeProof<GoldilocksExt2> Table, ImmutableArray<FractionTreeProof<GoldilocksExt2>> Columns, ImmutableArray<GoldilocksExt2> LeafEvaluations);
