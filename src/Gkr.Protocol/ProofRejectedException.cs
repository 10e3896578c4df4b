namespace Gkr.Protocol;

/// <summary>
/// A verifier rejected a proof. Every verifier of the library reports rejection only through a subtype
/// of this class (<see cref="Sumcheck.SumcheckRejectedException"/>, <see cref="Gkr.GkrRejectedException"/>,
/// <see cref="Commitments.CommitmentRejectedException"/>), each with a reason enum, where it failed and,
/// for value checks, the expected and actual values.
/// </summary>
/// <remarks>
/// The verifiers' byte-level entry points (<c>Verify(statement, ReadOnlySpan&lt;byte&gt;, …)</c>) also
/// report malformed bytes this way, under each type's <c>MalformedProof</c> reason with the
/// <see cref="Serialization.MalformedProofException"/> as inner exception: a caller that catches this
/// type sees every outcome other than acceptance. Anything else escaping a verifier is a bug
/// (the mutation and fuzzing suites check that none does).
/// </remarks>
public abstract class ProofRejectedException : Exception
{
    /// <summary>A rejection with its message and optional cause.</summary>
    protected ProofRejectedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>The failed check: the name of the subtype's reason value (e.g. "ClaimMismatch").</summary>
    public abstract string Check { get; }

    /// <summary>What the verifier expected (a field element, count or digest, as text), when the check compares values.</summary>
    public virtual string? Expected => null;

    /// <summary>What the proof gave, when the check compares values.</summary>
    public virtual string? Actual => null;
}
