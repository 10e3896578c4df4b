using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// The GKR verifier: statement and proof in, accept or a typed <see cref="GkrRejectedException"/> out.
/// It never calls the prover and never indexes by a proof-supplied length before checking it against
/// the circuit.
/// </summary>
/// <remarks>
/// <para>Steps (mirroring <see cref="GkrProver"/>): check the statement's lengths; check the proof has
/// one layer proof per circuit layer and each has the shape its reducer requires; absorb the statement;
/// squeeze r and compute the claim Ṽ_out(r) from the claimed output itself; for each layer from the
/// output: absorb its index, squeeze the claim weights, verify its reduction; finally check the input
/// claims (<see cref="IInputClaimChecker"/>).</para>
/// <para>Soundness: see <see cref="GkrSoundness"/> (Schwartz–Zippel over GoldilocksExt2 per sumcheck
/// round, per claim combination and for the output point).</para>
/// </remarks>
public static class GkrVerifier
{
    /// <summary>Verifies <paramref name="proof"/> for <paramref name="statement"/>; the input is checked by
    /// <paramref name="inputChecker"/> (default: the statement's public input, evaluated by the verifier).</summary>
    /// <exception cref="GkrRejectedException">The proof is rejected; <see cref="GkrRejectedException.Reason"/> says why.</exception>
    public static void Verify(GkrStatement statement, GkrProof proof, IInputClaimChecker? inputChecker = null, TranscriptRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(proof);
        LayeredCircuit circuit = statement.Circuit;
        if (statement.PublicInput.Length != statement.ExpectedPublicLength || statement.ClaimedOutput.Length != circuit.OutputWidth)
        {
            throw new GkrRejectedException(
                GkrRejection.StatementMismatch,
                $"the circuit takes {statement.ExpectedPublicLength} public inputs and gives {circuit.OutputWidth} outputs; the statement has {statement.PublicInput.Length} and {statement.ClaimedOutput.Length}");
        }

        if ((statement.Committed is null) != (proof.Committed is null))
        {
            throw new GkrRejectedException(GkrRejection.MalformedProof, statement.Committed is null ? "the proof carries committed-input openings the statement has no commitment for" : "the statement has committed inputs; the proof has no openings");
        }

        CheckShape(circuit, proof);
        Transcript transcript = statement.StartTranscript(recorder);
        LayerClaim[] claims = [statement.OutputClaim(transcript)];
        for (int i = circuit.Layers.Length - 1; i >= 0; i--)
        {
            transcript.AbsorbUInt64(TranscriptLabels.GkrLayer, (ulong)i);
            GoldilocksExt2[] weights = LayerClaims.Weights(claims.Length, transcript);
            try
            {
                claims = circuit.Layers[i].Reducer.Verify(i, claims, weights, proof.Layers[i], transcript);
            }
            catch (GkrRejectedException ex) when (i == circuit.Layers.Length - 1 && ex is { Reason: GkrRejection.SumcheckFailed, Sumcheck: 0, Round: 0, SumcheckReason: SumcheckRejection.ClaimMismatch })
            {
                // Round 0 of the output layer checks h(0) + h(1) against Ṽ_out(r), computed from the claimed output.
                throw new GkrRejectedException(GkrRejection.OutputClaimMismatch, "the proof does not match the claimed output (or the statement it was made for)", i, 0, 0, ex.InnerException);
            }
        }

        inputChecker ??= statement.Committed is { } committed
            ? new CommittedInputChecker(committed, statement.PublicInput.AsSpan(), circuit.InputVariables, proof.Committed)
            : new PublicInputChecker(statement.PublicInput.AsSpan(), circuit.InputVariables);
        inputChecker.Check(claims, transcript);
    }

    /// <summary>Decodes <paramref name="proofBytes"/> (canonical encoding only) and verifies it.</summary>
    /// <exception cref="GkrRejectedException">Malformed bytes (<see cref="GkrRejection.MalformedProof"/>,
    /// <see cref="GkrRejection.LayerCountMismatch"/>) or a rejected proof.</exception>
    public static void Verify(GkrStatement statement, ReadOnlySpan<byte> proofBytes, IInputClaimChecker? inputChecker = null)
    {
        ArgumentNullException.ThrowIfNull(statement);
        GkrProof proof = ProofBytes.Decode(proofBytes, b => GkrProofEncoding.Decode(b, statement), ex => new GkrRejectedException(GkrRejection.MalformedProof, ex.Message, inner: ex));
        Verify(statement, proof, inputChecker);
    }

    /// <summary>Layer count, then per layer the number of sumchecks and evaluations (round counts and degrees are the sumcheck verifier's).</summary>
    private static void CheckShape(LayeredCircuit circuit, GkrProof proof)
    {
        int count = proof.Layers.IsDefault ? 0 : proof.Layers.Length;
        if (count != circuit.Layers.Length)
        {
            throw new GkrRejectedException(GkrRejection.LayerCountMismatch, $"the circuit has {circuit.Layers.Length} layers, the proof {count}");
        }

        ImmutableArray<LayerProofShape> shapes = GkrShapes.Of(circuit);
        for (int i = 0; i < count; i++)
        {
            GkrLayerProof? layer = proof.Layers[i];
            int sumchecks = layer is null || layer.Sumchecks.IsDefault ? -1 : layer.Sumchecks.Length;
            int evaluations = layer is null || layer.Evaluations.IsDefault ? -1 : layer.Evaluations.Length;
            if (sumchecks != shapes[i].SumcheckRounds.Length || evaluations != shapes[i].Evaluations || layer!.Sumchecks.Any(s => s is null))
            {
                throw new GkrRejectedException(
                    GkrRejection.MalformedProof,
                    $"expected {shapes[i].SumcheckRounds.Length} sumchecks and {shapes[i].Evaluations} evaluations, got {sumchecks} and {evaluations}",
                    i);
            }
        }
    }
}

/// <summary>The proof shape of every layer of a circuit, from the claim counts the layer walk produces.</summary>
public static class GkrShapes
{
    /// <summary>Shapes indexed like <see cref="LayeredCircuit.Layers"/> (one claim enters the output layer).</summary>
    public static ImmutableArray<LayerProofShape> Of(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var shapes = new LayerProofShape[circuit.Layers.Length];
        int claims = 1;
        for (int i = circuit.Layers.Length - 1; i >= 0; i--)
        {
            ILayerReducer reducer = circuit.Layers[i].Reducer;
            shapes[i] = reducer.Shape(claims);
            claims = reducer.OutputClaimCount(claims);
        }

        return [.. shapes];
    }

    /// <summary>Number of claims entering each layer: entry 0 is the input layer, entry i + 1 is layer i.</summary>
    public static int[] ClaimCounts(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var counts = new int[circuit.Layers.Length + 1];
        int claims = 1;
        for (int i = circuit.Layers.Length - 1; i >= 0; i--)
        {
            counts[i + 1] = claims;
            claims = circuit.Layers[i].Reducer.OutputClaimCount(claims);
        }

        counts[0] = claims;
        return counts;
    }
}
