using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// The sumcheck prover (Lund–Fortnow–Karloff–Nisan; linear-time table folding after Thaler 2013,
/// eprint 2013/351) for Σ_{x ∈ {0,1}^n} g(f_0(x), …, f_{k−1}(x)).
/// </summary>
/// <remarks>
/// The factor tables are in the base field TBase; round 0 is computed there,
/// its challenge (from TExt) folds the tables into the extension, and the
/// remaining rounds run in the extension. Total work O(k·d·2^n). Tables are never modified.
/// </remarks>
public static class SumcheckProver
{
    /// <summary>Σ_x g(f(x)) over the hypercube, the sum an honest statement claims.</summary>
    /// <exception cref="ArgumentException">Table count or lengths do not fit the composition.</exception>
    public static TExt ComputeSum<TBase, TExt>(Composition<TExt> composition, IReadOnlyList<TBase[]> tables)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        ArgumentNullException.ThrowIfNull(composition);
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count != composition.FactorCount || tables.Any(t => t is null || t.Length != tables[0].Length))
        {
            throw new ArgumentException($"Need {composition.FactorCount} tables of equal length.", nameof(tables));
        }

        TExt total = TExt.Zero;
        var values = new TExt[tables.Count];
        for (int x = 0; x < tables[0].Length; x++)
        {
            for (int j = 0; j < values.Length; j++)
            {
                values[j] = TExt.FromBase(tables[j][x]);
            }

            total += composition.Evaluate(values);
        }

        return total;
    }

    /// <summary>
    /// Proves <paramref name="statement"/> for the given factor tables (2^n entries each, variable 0 =
    /// most significant index bit). Absorbs the statement into <paramref name="transcript"/> first.
    /// </summary>
    /// <returns>The proof, the evaluation claim the verifier will output, and f_i(r) for each factor.</returns>
    /// <remarks>The claimed sum is not re-checked here: for a false claim the proof simply does not verify.</remarks>
    /// <exception cref="ArgumentException">The tables do not fit the statement.</exception>
    public static SumcheckProverResult<TExt> Prove<TBase, TExt>(
        SumcheckStatement<TExt> statement, IReadOnlyList<TBase[]> tables, Transcript transcript, SumcheckOptions? options = null)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(transcript);
        ClaimState<TExt> state = ClaimStates.Create(statement.Composition, tables, statement.NumVariables, options ?? SumcheckOptions.Default);
        statement.AbsorbInto(transcript);
        var participant = new RoundParticipant<TExt>(state, TExt.One, 0, statement.ClaimedSum);
        (SumcheckProof<TExt> proof, TExt[] point) = SumcheckRounds.Prove([participant], statement.NumVariables, statement.Degree, transcript);
        TExt[] factors = state.FactorEvaluations();
        state.Release();
        var claim = new SumcheckClaim<TExt>([.. point], statement.Composition.Evaluate(factors));
        return new SumcheckProverResult<TExt>(proof, claim, [.. factors]);
    }
}
