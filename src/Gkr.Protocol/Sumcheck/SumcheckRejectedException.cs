namespace Gkr.Protocol.Sumcheck;

/// <summary>Why a sumcheck verifier rejected.</summary>
public enum SumcheckRejection
{
    /// <summary>h_k(0) + h_k(1) differs from the running claim (round 0: the claimed sum).</summary>
    ClaimMismatch,

    /// <summary>A round polynomial does not have exactly degree + 1 values.</summary>
    WrongDegree,

    /// <summary>The proof does not have exactly n round polynomials.</summary>
    WrongRoundCount,

    /// <summary>A batched proof does not carry one final value per claim.</summary>
    WrongClaimCount,

    /// <summary>A batched proof's final values do not combine to the last round's claim.</summary>
    FinalValueMismatch,

    /// <summary>The proof bytes are not the canonical encoding of a proof for the statement (see the inner <see cref="Serialization.MalformedProofException"/>).</summary>
    MalformedProof,
}

/// <summary>
/// The sumcheck verifier rejected a proof. <see cref="Reason"/>, <see cref="Round"/>,
/// <see cref="Expected"/> and <see cref="Actual"/> say which check failed.
/// </summary>
public sealed class SumcheckRejectedException : ProofRejectedException
{
    /// <summary>A rejection with its reason and the values compared.</summary>
    public SumcheckRejectedException(SumcheckRejection reason, int? round, string expected, string actual, Exception? inner = null)
        : base($"Sumcheck rejected: {reason}{(round is { } r ? $" in round {r}" : string.Empty)} (expected {expected}, got {actual}).", inner)
    {
        Reason = reason;
        Round = round;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The failed check.</summary>
    public SumcheckRejection Reason { get; }

    /// <inheritdoc/>
    public override string Check => Reason.ToString();

    internal static SumcheckRejectedException Malformed(Serialization.MalformedProofException ex) =>
        new(SumcheckRejection.MalformedProof, null, "the canonical encoding", ex.Message, ex);

    /// <summary>The round where it failed, if the check belongs to a round.</summary>
    public int? Round { get; }

    /// <summary>What the verifier expected (a field element, count or degree, as text).</summary>
    public override string Expected { get; }

    /// <summary>What the proof contained.</summary>
    public override string Actual { get; }
}
