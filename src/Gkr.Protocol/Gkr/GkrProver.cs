using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>What the honest prover produces.</summary>
/// <param name="Statement">The statement proved (circuit, input, the computed output).</param>
/// <param name="Proof">The proof.</param>
/// <param name="Values">Every layer's values.</param>
public sealed record GkrProverResult(GkrStatement Statement, GkrProof Proof, CircuitValues Values);

/// <summary>
/// The GKR prover for layered circuits (Goldwasser–Kalai–Rothblum; Thaler 2013; Libra 2019): evaluates
/// the circuit, then walks the layers from the output to the input, each layer's reducer turning
/// claims on its output into claims on its input.
/// </summary>
/// <remarks>
/// Mirrors <see cref="GkrVerifier"/>: statement → output point r → per layer (output first): absorb
/// the layer index, squeeze the claim weights, run the reducer. The input claims are left to the
/// <see cref="IInputClaimChecker"/> (for a public input there is nothing to prove).
/// </remarks>
public static class GkrProver
{
    /// <summary>Evaluates <paramref name="circuit"/> on <paramref name="input"/> and proves the result.</summary>
    /// <exception cref="ArgumentException">The input does not have the circuit's input width.</exception>
    public static GkrProverResult Prove(LayeredCircuit circuit, ReadOnlySpan<Goldilocks> input, SumcheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        SumcheckOptions opts = options ?? SumcheckOptions.Default;
        CircuitValues values = circuit.Evaluate(input, opts);
        var statement = new GkrStatement(circuit, input.ToArray(), values.Output);
        return new GkrProverResult(statement, Prove(statement, values, opts), values);
    }

    /// <summary>
    /// Evaluates <paramref name="circuit"/> on the input <paramref name="layout"/> assembles from
    /// <paramref name="publicInput"/> and the committed <paramref name="tables"/> (committed once by
    /// <see cref="BasefoldProver.Commit"/>, reused by many proofs), and proves the result; the proof carries
    /// the segment evaluations and their batched openings.
    /// </summary>
    /// <exception cref="ArgumentException">The public input, tables or layout do not fit the circuit or the parameters.</exception>
    public static GkrProverResult Prove(LayeredCircuit circuit, ReadOnlySpan<Goldilocks> publicInput, GkrInputLayout layout, IReadOnlyList<BasefoldCommittedPolynomial> tables, BasefoldParameters? parameters = null, SumcheckOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(tables);
        SumcheckOptions opts = options ?? SumcheckOptions.Default;
        Goldilocks[] input = layout.Assemble(publicInput, tables, circuit.InputWidth);
        var committed = new GkrCommittedInput(layout, tables.Select(t => t.Commitment), parameters ?? BasefoldParameters.Default);
        CircuitValues values = circuit.Evaluate(input, opts);
        var statement = new GkrStatement(circuit, publicInput.ToArray(), values.Output, committed);
        return new GkrProverResult(statement, Prove(statement, values, opts, tables: tables), values);
    }

    /// <summary>
    /// Proves <paramref name="statement"/> from layer values <paramref name="values"/>. Internal: an honest
    /// caller uses <see cref="Prove(LayeredCircuit, ReadOnlySpan{Goldilocks}, SumcheckOptions?)"/>; tests use
    /// this to model a prover whose witness differs from its statement.
    /// </summary>
    internal static GkrProof Prove(GkrStatement statement, CircuitValues values, SumcheckOptions options, TranscriptRecorder? recorder = null, IReadOnlyList<BasefoldCommittedPolynomial>? tables = null)
    {
        LayeredCircuit circuit = statement.Circuit;
        Transcript transcript = statement.StartTranscript(recorder);
        GoldilocksExt2[] r = transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GkrOutputPoint, circuit.OutputVariables);
        LayerClaim[] claims = [new LayerClaim([.. r], ExtensionKernels.Evaluate(values.LayerArray(circuit.Layers.Length - 1), r))];
        var proofs = new GkrLayerProof[circuit.Layers.Length];
        for (int i = circuit.Layers.Length - 1; i >= 0; i--)
        {
            transcript.AbsorbUInt64(TranscriptLabels.GkrLayer, (ulong)i);
            GoldilocksExt2[] weights = LayerClaims.Weights(claims.Length, transcript);
            (proofs[i], claims) = circuit.Layers[i].Reducer.Prove(claims, weights, values.LayerArray(i - 1), values.LayerArray(i), transcript, options);
        }

        if (statement.Committed is null)
        {
            return new GkrProof([.. proofs]);
        }

        ArgumentNullException.ThrowIfNull(tables);
        return new GkrProof([.. proofs], CommittedInputProver.Prove(statement.Committed, tables, claims, values.LayerArray(-1), transcript));
    }
}
