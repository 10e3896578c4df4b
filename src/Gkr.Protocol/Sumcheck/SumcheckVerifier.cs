using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Sumcheck;

/// <summary>The stateless sumcheck verifier: statement + proof + transcript in, evaluation claim out.</summary>
public static class SumcheckVerifier
{
    /// <summary>
    /// Verifies the rounds of <paramref name="proof"/> against <paramref name="statement"/> and reduces
    /// the sum claim to one evaluation claim.
    /// </summary>
    /// <remarks>
    /// <para><b>The caller must check the returned claim</b>: that g(f_0(r), …, f_{k−1}(r)) equals
    /// <see cref="SumcheckClaim{T}.Value"/> at <see cref="SumcheckClaim{T}.Point"/> r — by evaluating the
    /// f_i itself, by a commitment opening, or by reducing it further (GKR). Without that check the
    /// sumcheck proves nothing.</para>
    /// <para>Soundness: if the claimed sum is false, a prover passes the rounds and the final check with
    /// probability at most n·d/|F| over the challenges (Schwartz–Zippel per round); see
    /// <see cref="SumcheckSoundness"/>. The statement is absorbed before the first challenge and each
    /// round polynomial before its challenge.</para>
    /// </remarks>
    /// <exception cref="SumcheckRejectedException">Wrong round count, a round with the wrong number of values, or h_k(0) + h_k(1) ≠ claim.</exception>
    public static SumcheckClaim<TExt> Verify<TExt>(SumcheckStatement<TExt> statement, SumcheckProof<TExt> proof, Transcript transcript)
        where TExt : unmanaged, IField<TExt>
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(transcript);
        statement.AbsorbInto(transcript);
        (TExt[] point, TExt value) = SumcheckRounds.Verify(statement.NumVariables, statement.Degree, statement.ClaimedSum, proof, transcript);
        return new SumcheckClaim<TExt>(ImmutableArray.Create(point), value);
    }

    /// <summary>Decodes <paramref name="proofBytes"/> (canonical encoding only, <see cref="Serialization.ProofEncoding"/>) and verifies it.</summary>
    /// <remarks>The caller must check the returned claim, as for <see cref="Verify{TExt}(SumcheckStatement{TExt}, SumcheckProof{TExt}, Transcript)"/>.</remarks>
    /// <exception cref="SumcheckRejectedException">Malformed bytes (<see cref="SumcheckRejection.MalformedProof"/>) or a rejected proof.</exception>
    public static SumcheckClaim<TExt> Verify<TExt>(SumcheckStatement<TExt> statement, ReadOnlySpan<byte> proofBytes, Transcript transcript)
        where TExt : unmanaged, IField<TExt>
    {
        SumcheckProof<TExt> proof = Serialization.ProofBytes.Decode(proofBytes, b => Serialization.ProofEncoding.DecodeSumcheck(b, statement), SumcheckRejectedException.Malformed);
        return Verify(statement, proof, transcript);
    }
}
