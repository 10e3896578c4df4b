using System.Text.Json;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Gkr;

/// <summary>out[i] = in[i]² over 2^n values.</summary>
/// <remarks>Registered as a circuit layer kind by the tests that read it from circuit files (<see cref="Kind"/>).</remarks>
internal sealed class SquareLayer(int numVariables) : CircuitLayer(numVariables, numVariables), ILayerReducer
{
    /// <summary>The kind (tag 200, JSON type "square"): no fields of its own; the JSON object is just its type.</summary>
    public static CircuitLayerKind Kind { get; } = new(200, ["square"], typeof(SquareLayer), Decode, ReadJson, _ => "{\"type\":\"square\"}");

    public override int Width => 1 << NumVariables;

    public override long Size => 1L << NumVariables;

    public override byte KindTag => Kind.Tag;

    public override ILayerReducer Reducer => this;

    public override void Evaluate(Goldilocks[] input, Goldilocks[] output, SumcheckOptions options)
    {
        CheckSizes(input, output);
        for (int i = 0; i < input.Length; i++)
        {
            output[i] = input[i] * input[i];
        }
    }

    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
    }

    public int OutputClaimCount(int claimCount) => 1;

    public LayerProofShape Shape(int claimCount) => new([NumVariables], 3, 1);

    public (GkrLayerProof Proof, LayerClaim[] InputClaims) Prove(
        IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, Goldilocks[] input, Goldilocks[] output, Transcript transcript, SumcheckOptions options)
    {
        var state = new SquareState(Weights(claims, weights), [.. input.Select(GoldilocksExt2.FromBase)]);
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] r) = LayerSumcheck.Prove(state, 3, LayerSumcheck.Combined(claims, weights), transcript);
        GoldilocksExt2 value = state.FactorEvaluations()[1];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, value);
        return (new GkrLayerProof([proof], [value]), [new LayerClaim([.. r], value)]);
    }

    public LayerClaim[] Verify(int layerIndex, IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, GkrLayerProof proof, Transcript transcript)
    {
        (GoldilocksExt2[] r, GoldilocksExt2 last) = LayerSumcheck.Verify(layerIndex, 0, NumVariables, 3, LayerSumcheck.Combined(claims, weights), proof.Sumchecks[0], transcript);
        GoldilocksExt2 value = proof.Evaluations[0];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, value);
        GoldilocksExt2 w = GoldilocksExt2.Zero;
        for (int j = 0; j < claims.Count; j++)
        {
            w += weights[j] * EqTable.Evaluate<GoldilocksExt2>(claims[j].Point.AsSpan(), r);
        }

        return w * value * value == last
            ? [new LayerClaim([.. r], value)]
            : throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "W(r)·V(r)² differs from the last round", layerIndex);
    }

    private static void Decode(ref CircuitDescriptionReader reader, CircuitBuilder builder) => builder.AddLayer(new SquareLayer(builder.CurrentVariables));

    private static void ReadJson(JsonElement layer, string type, CircuitBuilder builder)
    {
        CircuitJson.Object(layer, $"layer {builder.LayerCount}", "type");
        builder.AddLayer(new SquareLayer(builder.CurrentVariables));
    }

    private GoldilocksExt2[] Weights(IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights)
    {
        var w = new GoldilocksExt2[1 << NumVariables];
        for (int j = 0; j < claims.Count; j++)
        {
            GoldilocksExt2[] eq = EqTable.Build<GoldilocksExt2>(claims[j].Point.AsSpan());
            for (int g = 0; g < w.Length; g++)
            {
                w[g] += weights[j] * eq[g];
            }
        }

        return w;
    }

    /// <summary>Σ_g W(g)·V(g)², degree 3, by folding both tables.</summary>
    private sealed class SquareState(GoldilocksExt2[] w, GoldilocksExt2[] v) : LayerSumcheckProver
    {
        private int _numVariables = Multilinear.NumVariablesOf(w.Length);

        public override int NumVariables => _numVariables;

        public override void RoundEvaluations(Span<GoldilocksExt2> destination, GoldilocksExt2 claim)
        {
            int half = 1 << (_numVariables - 1);
            destination.Clear();
            for (int i = 0; i < half; i++)
            {
                for (int t = 0; t < destination.Length; t++)
                {
                    GoldilocksExt2 x = GoldilocksExt2.FromUInt64((ulong)t);
                    GoldilocksExt2 wt = w[i] + (x * (w[half + i] - w[i])), vt = v[i] + (x * (v[half + i] - v[i]));
                    destination[t] += wt * vt * vt;
                }
            }
        }

        public override void Bind(GoldilocksExt2 r)
        {
            int half = 1 << (_numVariables - 1);
            Multilinear.Fold<GoldilocksExt2>(w.AsSpan(0, half), w.AsSpan(half, half), r, w.AsSpan(0, half));
            Multilinear.Fold<GoldilocksExt2>(v.AsSpan(0, half), v.AsSpan(half, half), r, v.AsSpan(0, half));
            _numVariables--;
        }

        public override GoldilocksExt2[] FactorEvaluations() => [w[0], v[0]];
    }
}
