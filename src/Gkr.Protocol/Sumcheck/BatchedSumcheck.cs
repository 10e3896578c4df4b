using System.Collections.Immutable;
using System.Globalization;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Sumcheck;

/// <summary>Several sumcheck claims, possibly over different numbers of variables, proved together.</summary>
/// <remarks>
/// With n = max n_i and D = max degree, claim i is lifted to n variables by making it independent of
/// the first n − n_i variables (its sum becomes 2^(n−n_i)·s_i), and the verifier's random ρ combines
/// them: Σ_x Σ_i ρ^i g_i(f_i(x_tail)) = Σ_i ρ^i 2^(n−n_i) s_i. One sumcheck of degree D proves it.
/// </remarks>
public sealed class BatchedSumcheckStatement<T> where T : unmanaged, IField<T>
{
    /// <summary>A batch of at least one claim.</summary>
    /// <exception cref="ArgumentException">No claims.</exception>
    public BatchedSumcheckStatement(IEnumerable<SumcheckStatement<T>> claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        Claims = [.. claims];
        if (Claims.IsEmpty)
        {
            throw new ArgumentException("A batch needs at least one claim.", nameof(claims));
        }
    }

    /// <summary>The claims, in the order their ρ^i weights follow.</summary>
    public ImmutableArray<SumcheckStatement<T>> Claims { get; }

    /// <summary>n = the largest number of variables.</summary>
    public int NumVariables => Claims.Max(c => c.NumVariables);

    /// <summary>D = the largest degree.</summary>
    public int Degree => Claims.Max(c => c.Degree);

    internal void AbsorbInto(Transcript transcript)
    {
        transcript.AbsorbUInt64(TranscriptLabels.BatchClaimCount, (ulong)Claims.Length);
        foreach (SumcheckStatement<T> claim in Claims)
        {
            claim.AbsorbInto(transcript);
        }
    }
}

/// <summary>A batched proof: the combined rounds and the prover's value g_i(f_i(r_i)) for every claim.</summary>
public sealed record BatchedSumcheckProof<T>(SumcheckProof<T> Rounds, ImmutableArray<T> FinalValues) where T : unmanaged, IField<T>;

/// <summary>Prover and verifier of <see cref="BatchedSumcheckStatement{T}"/>.</summary>
public static class BatchedSumcheck
{
    /// <summary>Proves every claim of <paramref name="statement"/>; tables[i] are claim i's factor tables.</summary>
    /// <returns>The proof and, per claim, the evaluation claim the verifier will return.</returns>
    /// <exception cref="ArgumentException">Tables do not fit the claims.</exception>
    public static (BatchedSumcheckProof<TExt> Proof, ImmutableArray<SumcheckClaim<TExt>> Claims) Prove<TBase, TExt>(
        BatchedSumcheckStatement<TExt> statement, IReadOnlyList<IReadOnlyList<TBase[]>> tables, Transcript transcript, SumcheckOptions? options = null)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(transcript);
        if (tables.Count != statement.Claims.Length)
        {
            throw new ArgumentException($"Expected tables for {statement.Claims.Length} claims, got {tables.Count}.", nameof(tables));
        }

        int n = statement.NumVariables;
        var states = new ClaimState<TExt>[tables.Count];
        for (int i = 0; i < states.Length; i++)
        {
            SumcheckStatement<TExt> claim = statement.Claims[i];
            states[i] = ClaimStates.Create(claim.Composition, tables[i], claim.NumVariables, options ?? SumcheckOptions.Default);
        }

        statement.AbsorbInto(transcript);
        TExt rho = transcript.ChallengeField<TExt>(TranscriptLabels.BatchCoefficient);
        var participants = new RoundParticipant<TExt>[states.Length];
        TExt weight = TExt.One;
        for (int i = 0; i < states.Length; i++)
        {
            SumcheckStatement<TExt> claim = statement.Claims[i];
            participants[i] = new RoundParticipant<TExt>(states[i], weight, n - claim.NumVariables, claim.ClaimedSum);
            weight *= rho;
        }

        (SumcheckProof<TExt> rounds, TExt[] point) = SumcheckRounds.Prove(participants, n, statement.Degree, transcript);
        var finals = new TExt[states.Length];
        var claims = ImmutableArray.CreateBuilder<SumcheckClaim<TExt>>(states.Length);
        for (int i = 0; i < states.Length; i++)
        {
            SumcheckStatement<TExt> claim = statement.Claims[i];
            finals[i] = claim.Composition.Evaluate(states[i].FactorEvaluations());
            states[i].Release();
            claims.Add(new SumcheckClaim<TExt>([.. point.AsSpan(n - claim.NumVariables)], finals[i]));
        }

        transcript.AbsorbFields<TExt>(TranscriptLabels.BatchFinalValues, finals);
        return (new BatchedSumcheckProof<TExt>(rounds, [.. finals]), claims.MoveToImmutable());
    }

    /// <summary>
    /// Verifies a batched proof and returns one evaluation claim per statement claim: claim i says
    /// g_i(f_i(r_i)) = value_i at r_i = the last n_i coordinates of the common challenge point.
    /// </summary>
    /// <remarks><b>The caller must check every returned claim</b>; the batch is sound only then.</remarks>
    /// <exception cref="SumcheckRejectedException">Any round check fails, the final value count is wrong
    /// (<see cref="SumcheckRejection.WrongClaimCount"/>), or Σ ρ^i value_i differs from the last round's claim
    /// (<see cref="SumcheckRejection.FinalValueMismatch"/>); malformed bytes (<see cref="SumcheckRejection.MalformedProof"/>).</exception>
    public static ImmutableArray<SumcheckClaim<TExt>> Verify<TExt>(BatchedSumcheckStatement<TExt> statement, ReadOnlySpan<byte> proofBytes, Transcript transcript)
        where TExt : unmanaged, IField<TExt>
    {
        BatchedSumcheckProof<TExt> proof = Serialization.ProofBytes.Decode(proofBytes, b => Serialization.ProofEncoding.DecodeBatched(b, statement), SumcheckRejectedException.Malformed);
        return Verify(statement, proof, transcript);
    }

    /// <summary>Verifies a batched proof; see the byte-level overload for what the caller must check.</summary>
    /// <exception cref="SumcheckRejectedException">As for the byte-level overload, except <see cref="SumcheckRejection.MalformedProof"/>.</exception>
    public static ImmutableArray<SumcheckClaim<TExt>> Verify<TExt>(BatchedSumcheckStatement<TExt> statement, BatchedSumcheckProof<TExt> proof, Transcript transcript)
        where TExt : unmanaged, IField<TExt>
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(transcript);
        int n = statement.NumVariables;
        statement.AbsorbInto(transcript);
        TExt rho = transcript.ChallengeField<TExt>(TranscriptLabels.BatchCoefficient);
        TExt combined = TExt.Zero, weight = TExt.One;
        foreach (SumcheckStatement<TExt> claim in statement.Claims)
        {
            combined += weight * claim.ClaimedSum * TExt.FromUInt64(1UL << (n - claim.NumVariables));
            weight *= rho;
        }

        (TExt[] point, TExt value) = SumcheckRounds.Verify(n, statement.Degree, combined, proof.Rounds, transcript);
        int count = proof.FinalValues.IsDefault ? 0 : proof.FinalValues.Length;
        if (count != statement.Claims.Length)
        {
            throw new SumcheckRejectedException(
                SumcheckRejection.WrongClaimCount, null,
                statement.Claims.Length.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture));
        }

        TExt expected = TExt.Zero;
        weight = TExt.One;
        var claims = ImmutableArray.CreateBuilder<SumcheckClaim<TExt>>(count);
        for (int i = 0; i < count; i++)
        {
            expected += weight * proof.FinalValues[i];
            weight *= rho;
            claims.Add(new SumcheckClaim<TExt>([.. point.AsSpan(n - statement.Claims[i].NumVariables)], proof.FinalValues[i]));
        }

        if (expected != value)
        {
            throw new SumcheckRejectedException(SumcheckRejection.FinalValueMismatch, null, value.ToString()!, expected.ToString()!);
        }

        transcript.AbsorbFields(TranscriptLabels.BatchFinalValues, proof.FinalValues.AsSpan());
        return claims.MoveToImmutable();
    }
}
