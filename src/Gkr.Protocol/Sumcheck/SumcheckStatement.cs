using System.Text;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Sumcheck;

/// <summary>
/// The public claim of a sumcheck: Σ_{x ∈ {0,1}^n} g(f_0(x), …, f_{k−1}(x)) = <see cref="ClaimedSum"/>.
/// </summary>
/// <remarks>
/// Prover and verifier both absorb the whole statement (sub-protocol name, field, n, degree, the
/// composition's canonical bytes, the claimed sum) before the first challenge, so a proof made for one
/// statement does not verify against another.
/// </remarks>
public sealed class SumcheckStatement<T> where T : unmanaged, IField<T>
{
    /// <summary>Largest supported number of variables (tables of 2^30 entries).</summary>
    public const int MaxVariables = 30;

    /// <summary>The statement Σ_x g(f(x)) = claimedSum over n = <paramref name="numVariables"/> variables.</summary>
    /// <exception cref="ArgumentOutOfRangeException">n outside 0..30.</exception>
    public SumcheckStatement(int numVariables, Composition<T> composition, T claimedSum)
    {
        ArgumentNullException.ThrowIfNull(composition);
        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, MaxVariables);
        NumVariables = numVariables;
        Composition = composition;
        ClaimedSum = claimedSum;
    }

    /// <summary>The number of variables n (and of rounds).</summary>
    public int NumVariables { get; }

    /// <summary>The composition g.</summary>
    public Composition<T> Composition { get; }

    /// <summary>The claimed sum over the hypercube.</summary>
    public T ClaimedSum { get; }

    /// <summary>Degree bound of every round polynomial (each round sends Degree + 1 values).</summary>
    public int Degree => Composition.Degree;

    /// <summary>The same statement with another claimed sum.</summary>
    public SumcheckStatement<T> WithClaimedSum(T claimedSum) => new(NumVariables, Composition, claimedSum);

    internal void AbsorbInto(Transcript transcript)
    {
        transcript.AbsorbBytes(TranscriptLabels.SumcheckStatement, "sumcheck"u8);
        transcript.AbsorbBytes(TranscriptLabels.SumcheckField, Encoding.UTF8.GetBytes(T.Name));
        transcript.AbsorbUInt64(TranscriptLabels.SumcheckNumVariables, (ulong)NumVariables);
        transcript.AbsorbUInt64(TranscriptLabels.SumcheckDegree, (ulong)Degree);
        transcript.AbsorbBytes(TranscriptLabels.SumcheckComposition, Composition.Encode());
        transcript.AbsorbField(TranscriptLabels.SumcheckClaimedSum, ClaimedSum);
    }
}
