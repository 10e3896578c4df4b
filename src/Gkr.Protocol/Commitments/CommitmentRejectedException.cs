namespace Gkr.Protocol.Commitments;

/// <summary>Why a commitment opening was rejected.</summary>
public enum CommitmentRejection
{
    /// <summary>A commitment's shape, or the number of points, values or opened columns, differs from what the parameters and statement imply.</summary>
    WrongShape,

    /// <summary>Σ_j β_j·v_(j,i) differs from ⟨evaluation row i, eq(z_col)⟩: a claimed value is wrong.</summary>
    ValueMismatch,

    /// <summary>The proof-of-work nonce does not give the required leading zero bits.</summary>
    ProofOfWorkInvalid,

    /// <summary>The opened columns and sibling digests do not hash to the commitment's root.</summary>
    MerklePathMismatch,

    /// <summary>An opened column's combination differs from the encoded proximity row at that position.</summary>
    ProximityColumnMismatch,

    /// <summary>An opened column's combination differs from an encoded evaluation row at that position.</summary>
    EvaluationColumnMismatch,

    /// <summary>Basefold: a sumcheck round polynomial has h(0) + h(1) different from the running claim.</summary>
    SumcheckMismatch,

    /// <summary>Basefold: a query's folded value differs from the next oracle's value (or the final constant).</summary>
    FoldMismatch,

    /// <summary>Basefold: the sumcheck's final claim differs from c·W(r), c the prover's final constant.</summary>
    FinalValueMismatch,

    /// <summary>The proof bytes are not the canonical encoding of an opening for the statement (see the inner <see cref="Serialization.MalformedProofException"/>).</summary>
    MalformedProof,
}

/// <summary>
/// A commitment opening was rejected. <see cref="Reason"/>, <see cref="Column"/>, <see cref="Expected"/>
/// and <see cref="Actual"/> say which check failed.
/// </summary>
public sealed class CommitmentRejectedException : ProofRejectedException
{
    /// <summary>A rejection with its reason and the values compared.</summary>
    public CommitmentRejectedException(CommitmentRejection reason, int? column, string expected, string actual, Exception? inner = null)
        : base($"Commitment opening rejected: {reason}{(column is { } c ? $" at column {c}" : string.Empty)} (expected {expected}, got {actual}).", inner)
    {
        Reason = reason;
        Column = column;
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The failed check.</summary>
    public CommitmentRejection Reason { get; }

    /// <inheritdoc/>
    public override string Check => Reason.ToString();

    internal static CommitmentRejectedException Malformed(Serialization.MalformedProofException ex) =>
        new(CommitmentRejection.MalformedProof, null, "the canonical encoding", ex.Message, ex);

    /// <summary>The codeword position (column index) where it failed, when the check concerns one column.</summary>
    public int? Column { get; }

    /// <summary>What the verifier expected (as text).</summary>
    public override string Expected { get; }

    /// <summary>What the proof contained (as text).</summary>
    public override string Actual { get; }
}
