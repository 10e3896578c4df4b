using System.Collections.Immutable;
using System.Text;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// What a GKR proof proves: "<see cref="Circuit"/> maps <see cref="PublicInput"/> to <see cref="ClaimedOutput"/>".
/// The verifier needs this and the proof, nothing else.
/// </summary>
/// <remarks>
/// Absorbed into the transcript before any challenge, in this order: the statement tag, the circuit's
/// digest (<see cref="LayeredCircuit.Digest"/>), for committed inputs the layout and commitments
/// (<see cref="GkrCommittedInput"/>), the public input, the claimed output. Changing any of them changes
/// every challenge.
/// </remarks>
public sealed class GkrStatement
{
    /// <summary>The transcript's protocol id.</summary>
    public const string ProtocolId = "gkr/layered-circuit";

    /// <summary>A statement (lengths are checked by the verifier, which rejects with <see cref="GkrRejection.StatementMismatch"/>).</summary>
    public GkrStatement(LayeredCircuit circuit, IEnumerable<Goldilocks> publicInput, IEnumerable<Goldilocks> claimedOutput)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(publicInput);
        ArgumentNullException.ThrowIfNull(claimedOutput);
        Circuit = circuit;
        PublicInput = [.. publicInput];
        ClaimedOutput = [.. claimedOutput];
    }

    /// <summary>A statement whose input layer is <paramref name="publicInput"/> (the layout's public part) and committed segments.</summary>
    /// <exception cref="ArgumentException">The layout does not fit the circuit's input.</exception>
    public GkrStatement(LayeredCircuit circuit, IEnumerable<Goldilocks> publicInput, IEnumerable<Goldilocks> claimedOutput, GkrCommittedInput committed)
        : this(circuit, publicInput, claimedOutput)
    {
        ArgumentNullException.ThrowIfNull(committed);
        committed.Layout.CheckFits(circuit);
        Committed = committed;
    }

    /// <summary>The committed part of the input (null: the whole input is public).</summary>
    public GkrCommittedInput? Committed { get; }

    /// <summary>The number of public input values the statement must carry.</summary>
    public int ExpectedPublicLength => Committed?.Layout.PublicLength ?? Circuit.InputWidth;

    /// <summary>The circuit.</summary>
    public LayeredCircuit Circuit { get; }

    /// <summary>The public input (<see cref="LayeredCircuit.InputWidth"/> values, or the layout's public part when <see cref="Committed"/> is set).</summary>
    public ImmutableArray<Goldilocks> PublicInput { get; }

    /// <summary>The claimed output (<see cref="LayeredCircuit.OutputWidth"/> values).</summary>
    public ImmutableArray<Goldilocks> ClaimedOutput { get; }

    /// <summary>A fresh transcript with the statement absorbed.</summary>
    internal Transcript StartTranscript(TranscriptRecorder? recorder = null)
    {
        var transcript = new Transcript(ProtocolId, recorder);
        transcript.AbsorbBytes(TranscriptLabels.GkrStatement, Encoding.UTF8.GetBytes(ProtocolId));
        transcript.AbsorbBytes(TranscriptLabels.GkrCircuitDigest, Circuit.Digest);
        Committed?.Absorb(transcript);
        transcript.AbsorbFields(TranscriptLabels.GkrPublicInput, PublicInput.AsSpan());
        transcript.AbsorbFields(TranscriptLabels.GkrClaimedOutput, ClaimedOutput.AsSpan());
        return transcript;
    }

    /// <summary>The output point r (squeezed) and the claim Ṽ_out(r) computed from the claimed output padded with zeros.</summary>
    internal LayerClaim OutputClaim(Transcript transcript)
    {
        GoldilocksExt2[] r = transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GkrOutputPoint, Circuit.OutputVariables);
        var padded = new Goldilocks[1 << Circuit.OutputVariables];
        ClaimedOutput.CopyTo(padded);
        return new LayerClaim([.. r], ExtensionKernels.Evaluate(padded, r));
    }
}

/// <summary>
/// The check of the claims that reach the input layer: the seam where committed inputs plug in.
/// </summary>
/// <remarks>
/// When the whole input is public, <see cref="PublicInputChecker"/> evaluates its multilinear extension
/// itself. With committed parts (model weights, auxiliary witness), the input layer is laid out as
/// "public ‖ aligned committed sub-cubes" (<see cref="GkrInputLayout"/>), a claim Ṽ_in(z) splits into
/// Ṽ_pub(z) + Σ_s eq(z_head, prefix_s)·Ṽ_s(z_tail), and <see cref="CommittedInputChecker"/> evaluates
/// the public part and checks the committed parts with batched Basefold openings.
/// </remarks>
public interface IInputClaimChecker
{
    /// <summary>Checks every claim on the input layer.</summary>
    /// <exception cref="GkrRejectedException">A claim is false (<see cref="GkrRejection.FinalInputMismatch"/>).</exception>
    void Check(IReadOnlyList<LayerClaim> claims, Transcript transcript);
}

/// <summary>Checks input claims by evaluating the public input's multilinear extension (O(2^n) per claim).</summary>
public sealed class PublicInputChecker : IInputClaimChecker
{
    private readonly Goldilocks[] _padded;

    /// <summary>A checker for <paramref name="input"/> padded with zeros to 2^<paramref name="numVariables"/>.</summary>
    public PublicInputChecker(ReadOnlySpan<Goldilocks> input, int numVariables)
    {
        if (input.Length > 1 << numVariables)
        {
            throw new ArgumentException($"{input.Length} inputs do not fit 2^{numVariables}.", nameof(input));
        }

        _padded = new Goldilocks[1 << numVariables];
        input.CopyTo(_padded);
    }

    /// <inheritdoc />
    public void Check(IReadOnlyList<LayerClaim> claims, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(claims);
        for (int j = 0; j < claims.Count; j++)
        {
            GoldilocksExt2 actual = ExtensionKernels.Evaluate(_padded, claims[j].Point.AsSpan());
            if (actual != claims[j].Value)
            {
                throw new GkrRejectedException(GkrRejection.FinalInputMismatch, $"claim {j} on the input says {claims[j].Value}, the input's extension gives {actual}", expected: actual.ToString(), actual: claims[j].Value.ToString());
            }
        }
    }
}
