using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>Why the GKR verifier rejected.</summary>
public enum GkrRejection
{
    /// <summary>The statement does not fit the circuit (input or output count).</summary>
    StatementMismatch,

    /// <summary>The first check of the output layer failed: the proof does not match the claimed output
    /// (or any other part of the statement, since the statement fixes every challenge). When the output
    /// layer reads a single value (no rounds), the same lie surfaces as <see cref="LayerFinalMismatch"/> there.</summary>
    OutputClaimMismatch,

    /// <summary>The proof has a different number of layers than the circuit.</summary>
    LayerCountMismatch,

    /// <summary>A layer proof has the wrong number of sumchecks or evaluations, or the bytes are not a canonical proof.</summary>
    MalformedProof,

    /// <summary>A sumcheck inside a layer rejected (see <see cref="GkrRejectedException.Layer"/>, <see cref="GkrRejectedException.Round"/>).</summary>
    SumcheckFailed,

    /// <summary>A layer's final check failed: the claimed evaluations do not satisfy the layer's wiring at the random point.</summary>
    LayerFinalMismatch,

    /// <summary>A claim on the input layer does not match the input's multilinear extension.</summary>
    FinalInputMismatch,

    /// <summary>A Basefold opening of the committed input failed (see <see cref="GkrRejectedException.CommitmentReason"/>).</summary>
    CommittedOpeningFailed,

    /// <summary>Graph circuits: a claim on a public model table does not match the table's extension.</summary>
    TableClaimMismatch,

    /// <summary>Graph circuits: the opening of the committed model at the claims on its tables failed.</summary>
    ModelOpeningFailed,

    /// <summary>Graph circuits: the opening of the witness commitment at the claims on its columns failed.</summary>
    WitnessOpeningFailed,
}

/// <summary>The GKR verifier rejected a proof; <see cref="Reason"/>, <see cref="Layer"/> and <see cref="Round"/> say where.</summary>
public sealed class GkrRejectedException : ProofRejectedException
{
    /// <summary>A rejection.</summary>
    public GkrRejectedException(GkrRejection reason, string detail, int? layer = null, int? sumcheck = null, int? round = null, Exception? inner = null, string? expected = null, string? actual = null)
        : base($"GKR proof rejected: {reason}{(layer is { } l ? $" at layer {l}" : string.Empty)}{(sumcheck is { } s ? $", sumcheck {s}" : string.Empty)}{(round is { } r ? $", round {r}" : string.Empty)}: {detail}", inner)
    {
        Reason = reason;
        _expected = expected;
        _actual = actual;
        Layer = layer;
        Sumcheck = sumcheck;
        Round = round;
    }

    /// <summary>The failed check.</summary>
    public GkrRejection Reason { get; }

    private readonly string? _expected, _actual;

    /// <inheritdoc/>
    public override string Check => Reason.ToString();

    /// <inheritdoc/>
    /// <remarks>For a failed sumcheck or opening, the inner verifier's value.</remarks>
    public override string? Expected => _expected ?? (InnerException as ProofRejectedException)?.Expected;

    /// <inheritdoc/>
    public override string? Actual => _actual ?? (InnerException as ProofRejectedException)?.Actual;

    /// <summary>The circuit layer (index into <see cref="Circuits.LayeredCircuit.Layers"/>) where it failed, if any.</summary>
    public int? Layer { get; }

    /// <summary>Which sumcheck of the layer failed, for <see cref="GkrRejection.SumcheckFailed"/>.</summary>
    public int? Sumcheck { get; }

    /// <summary>The sumcheck round that failed, if any.</summary>
    public int? Round { get; }

    /// <summary>The sumcheck's own reason, for <see cref="GkrRejection.SumcheckFailed"/> and <see cref="GkrRejection.OutputClaimMismatch"/>.</summary>
    public SumcheckRejection? SumcheckReason => (InnerException as SumcheckRejectedException)?.Reason;

    /// <summary>The commitment verifier's own reason, for <see cref="GkrRejection.CommittedOpeningFailed"/>.</summary>
    public Commitments.CommitmentRejection? CommitmentReason => (InnerException as Commitments.CommitmentRejectedException)?.Reason;

    internal static GkrRejectedException FromSumcheck(int layer, int sumcheck, SumcheckRejectedException inner) =>
        new(GkrRejection.SumcheckFailed, inner.Message, layer, sumcheck, inner.Round, inner);
}
