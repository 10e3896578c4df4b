using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Graph;

/// <summary>What the honest graph prover produces.</summary>
/// <param name="Statement">The statement proved.</param>
/// <param name="Proof">The proof.</param>
/// <param name="Values">Every polynomial's values.</param>
public sealed record GraphProverResult(GraphStatement Statement, GraphProof Proof, GraphValues Values);

/// <summary>
/// The prover of <see cref="GraphCircuit"/>s. Phases, mirrored by <see cref="GraphVerifier"/>: evaluate every
/// layer (outputs and witness columns) and count the lookups' multiplicities → absorb the statement →
/// commit the witness columns (one Basefold commitment over their packed table) and absorb its root →
/// per lookup: α, β, the fraction trees, the leaf claims → the output claim at a random point → the layer
/// walk from the output, each layer taking the claims on its values and adding claims on what it reads →
/// open the committed model and the witness at every claim left on them.
/// </summary>
public static class GraphProver
{
    /// <summary>Evaluates the circuit on <paramref name="publicInput"/> with <paramref name="model"/>'s tables and proves the result.</summary>
    /// <exception cref="ArgumentException">The input or the model does not fit the circuit.</exception>
    /// <exception cref="InvalidOperationException">A looked-up value is not in its table (the message names it): the computation is not one the circuit accepts.</exception>
    /// <param name="circuit">The circuit.</param>
    /// <param name="publicInput">The public input.</param>
    /// <param name="model">The model's tables, public or committed.</param>
    /// <param name="options">Threading options.</param>
    /// <param name="witnessParameters">The witness commitment's parameters (default: <see cref="BasefoldParameters.Default"/>).</param>
    /// <param name="context">The statement's <see cref="GraphStatement.Context"/> (e.g. a model digest).</param>
    public static GraphProverResult Prove(GraphCircuit circuit, ReadOnlySpan<Goldilocks> publicInput, GraphModel model, SumcheckOptions? options = null, BasefoldParameters? witnessParameters = null, ReadOnlySpan<byte> context = default)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(model);
        SumcheckOptions opts = options ?? SumcheckOptions.Default;
        GraphValues values = Evaluate(circuit, publicInput, model, opts);
        var statement = GraphStatement.For(circuit, publicInput.ToArray(), values.Output, model, witnessParameters, context);
        return new GraphProverResult(statement, Prove(statement, values, model, opts), values);
    }

    /// <summary>Evaluates every layer and the lookups' multiplicities.</summary>
    /// <exception cref="ArgumentException">The input or the model does not fit the circuit.</exception>
    /// <exception cref="InvalidOperationException">A looked-up value is not in its table.</exception>
    public static GraphValues Evaluate(GraphCircuit circuit, ReadOnlySpan<Goldilocks> publicInput, GraphModel model, SumcheckOptions? options = null) =>
        Evaluate(circuit, publicInput, model, options ?? SumcheckOptions.Default, allowInvalidLookups: false);

    /// <summary>Evaluates; with <paramref name="allowInvalidLookups"/> entries outside a table are left uncounted (tests model a cheating prover so).</summary>
    internal static GraphValues Evaluate(GraphCircuit circuit, ReadOnlySpan<Goldilocks> publicInput, GraphModel model, SumcheckOptions options, bool allowInvalidLookups)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(model);
        if (publicInput.Length != circuit.InputWidth)
        {
            throw new ArgumentException($"The circuit takes {circuit.InputWidth} inputs; got {publicInput.Length}.", nameof(publicInput));
        }

        if (model.Tables.Length != circuit.Tables.Length || model.Tables.Where((t, i) => t.Length != 1 << circuit.Tables[i].NumVariables).Any())
        {
            throw new ArgumentException("The model's tables do not match the circuit's.", nameof(model));
        }

        var input = new Goldilocks[1 << circuit.InputVariables];
        publicInput.CopyTo(input);
        var values = new GraphValues(circuit, input, model.Tables);
        for (int i = 0; i < circuit.Layers.Length; i++)
        {
            GraphLayer layer = circuit.Layers[i];
            var output = new Goldilocks[1 << layer.NumVariables];
            layer.Evaluate(new GraphEvaluationContext(values, layer, output, options));
            values.SetLayer(i, output);
        }

        for (int l = 0; l < circuit.Lookups.Length; l++)
        {
            values.SetWitness(circuit.Lookups[l].Multiplicities, LookupProver.Multiplicities(l, circuit.Lookups[l], values, allowInvalidLookups));
        }

        _ = values.WitnessColumns; // every column written
        return values;
    }

    /// <summary>
    /// Proves <paramref name="statement"/> from <paramref name="values"/>. Internal: tests use it to model a
    /// prover whose values differ from its statement.
    /// </summary>
    internal static GraphProof Prove(GraphStatement statement, GraphValues values, GraphModel model, SumcheckOptions options, TranscriptRecorder? recorder = null, GraphProverHooks? hooks = null)
    {
        GraphCircuit circuit = statement.Circuit;
        Transcript transcript = statement.StartTranscript(recorder);
        BasefoldCommittedPolynomial? witness = null;
        if (statement.WitnessLayout is { } layout)
        {
            IReadOnlyList<Goldilocks[]> columns = hooks?.WitnessToCommit?.Invoke(values.WitnessColumns) ?? values.WitnessColumns;
            witness = BasefoldProver.Commit(layout.Pack(columns), statement.WitnessParameters);
            transcript.AbsorbBytes(TranscriptLabels.GraphWitnessCommitment, witness.Commitment.Root.AsSpan());
        }

        var ledger = new ClaimLedger();
        var lookups = ImmutableArray.CreateBuilder<LookupProof>(circuit.Lookups.Length);
        foreach (LookupArgument lookup in hooks?.Lookups ?? circuit.Lookups)
        {
            lookups.Add(LookupProver.Prove(lookup, values, transcript, ledger));
        }

        GoldilocksExt2[] r = transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphOutputPoint, circuit.OutputVariables);
        ledger.Add(new Claim(PolynomialRef.Layer(circuit.Layers.Length - 1), [.. r], Polynomials.Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(values.Output, r)));
        var layers = new GkrLayerProof[circuit.Layers.Length];
        for (int i = circuit.Layers.Length - 1; i >= 0; i--)
        {
            IReadOnlyList<Claim> claims = ledger.Take(PolynomialRef.Layer(i));
            GoldilocksExt2[] weights = GraphWalk.Weights(i, claims.Count, transcript);
            (layers[i], Claim[] emitted) = circuit.Layers[i].Prove(new GraphProverContext(i, claims, weights, values, transcript, options));
            GraphWalk.CheckEmitted(circuit, i, claims.Count, emitted);
            ledger.AddRange(emitted);
        }

        _ = ledger.Take(PolynomialRef.Input); // the verifier evaluates the public input itself
        BasefoldOpeningProof? modelOpening = null;
        IReadOnlyList<Claim> tableClaims = ledger.TakeAll(PolynomialKind.Table);
        if (statement.ModelCommitment is { } mc && tableClaims.Count > 0)
        {
            modelOpening = BasefoldProver.Open(GraphWalk.Opening(mc.Layout, mc.Commitment, tableClaims), [model.Committed!], mc.Parameters, transcript);
        }

        BasefoldOpeningProof? witnessOpening = null;
        IReadOnlyList<Claim> witnessClaims = ledger.TakeAll(PolynomialKind.Witness);
        if (witness is not null)
        {
            witnessOpening = BasefoldProver.Open(GraphWalk.Opening(statement.WitnessLayout!, witness.Commitment, witnessClaims), [witness], statement.WitnessParameters, transcript);
        }

        return new GraphProof(witness?.Commitment.Root ?? [], lookups.MoveToImmutable(), [.. layers], modelOpening, witnessOpening);
    }
}

/// <summary>Test hooks that model a cheating prover: a witness committed other than the one proven, lookups into other tables.</summary>
internal sealed class GraphProverHooks
{
    /// <summary>Replaces the witness columns that are committed (the rest of the proof uses the real ones).</summary>
    public Func<IReadOnlyList<Goldilocks[]>, IReadOnlyList<Goldilocks[]>>? WitnessToCommit { get; init; }

    /// <summary>Replaces the circuit's lookups in the prover's lookup phase.</summary>
    public ImmutableArray<LookupArgument>? Lookups { get; init; }
}

/// <summary>Steps of the layer walk that prover and verifier share.</summary>
internal static class GraphWalk
{
    /// <summary>Absorbs the layer index and draws the claim weights (1, or ρ^j after the claims' values are absorbed).</summary>
    public static GoldilocksExt2[] Weights(int layer, int count, Transcript transcript)
    {
        transcript.AbsorbUInt64(TranscriptLabels.GraphLayer, (ulong)layer);
        return LayerClaims.Weights(count, transcript, TranscriptLabels.GraphClaimWeight);
    }

    /// <summary>A reducer's claims must be on its declared targets with points of the right length: a reducer that breaks this is a bug.</summary>
    public static void CheckEmitted(GraphCircuit circuit, int layer, int claimCount, Claim[] emitted)
    {
        IReadOnlyList<PolynomialRef> targets = circuit.Layers[layer].ClaimTargets(claimCount);
        if (emitted is null || emitted.Length != targets.Count)
        {
            throw new InvalidOperationException($"Layer {layer}'s reducer returned {emitted?.Length} claims; it declares {targets.Count}.");
        }

        for (int j = 0; j < emitted.Length; j++)
        {
            if (emitted[j] is null || emitted[j].On != targets[j] || emitted[j].Point.Length != circuit.NumVariables(targets[j]))
            {
                throw new InvalidOperationException($"Layer {layer}'s reducer returned claim {j} on {emitted[j]?.On} with {emitted[j]?.Point.Length} coordinates; it declares {targets[j]} of {circuit.NumVariables(targets[j])} variables.");
            }
        }
    }

    /// <summary>The opening statement of claims on packed polynomials: every point lifted to the packed table.</summary>
    public static BasefoldOpeningStatement Opening(PackedLayout layout, BasefoldCommitment commitment, IReadOnlyList<Claim> claims) =>
        new([commitment], [.. claims.Select(c => layout.Lift(c.On.Index, c.Point.AsSpan()))], [[.. claims.Select(c => c.Value)]]);
}
