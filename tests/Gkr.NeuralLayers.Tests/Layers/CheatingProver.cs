using Gkr.Field;
using Gkr.Protocol;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Tests.Layers;

/// <summary>The end of every layer attack: prove from values a test has changed, and return the verifier's rejection.</summary>
internal static class CheatingProver
{
    /// <summary>
    /// Recounts every lookup's multiplicities for the changed columns (entries outside a table stay uncounted, so only
    /// what the cheat really breaks can fail), states the changed output, proves and verifies.
    /// </summary>
    /// <returns>The rejection (the test asserts its type and reason).</returns>
    public static ProofRejectedException Rejection(GraphCircuit circuit, Goldilocks[] input, GraphModel model, GraphValues values)
    {
        for (int l = 0; l < circuit.Lookups.Length; l++)
        {
            values.ReplaceWitness(circuit.Lookups[l].Multiplicities, LookupProver.Multiplicities(l, circuit.Lookups[l], values, allowInvalid: true));
        }

        GraphStatement statement = GraphStatement.For(circuit, input, values.Output, model);
        return Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default)));
    }

    /// <summary>Asserts that layer <paramref name="layer"/>'s sumcheck or its final check rejected.</summary>
    public static void AssertLayerSumcheck(ProofRejectedException ex, int layer)
    {
        GkrRejectedException gkr = Assert.IsType<GkrRejectedException>(ex);
        Assert.Contains(gkr.Reason, new[] { GkrRejection.SumcheckFailed, GkrRejection.LayerFinalMismatch });
        Assert.Equal(layer, gkr.Layer);
    }

    /// <summary>Asserts that a lookup (a range check) rejected: its two fraction sums differ.</summary>
    public static void AssertRangeCheck(ProofRejectedException ex) => Assert.Equal(LookupRejection.SumMismatch, Assert.IsType<LookupRejectedException>(ex).Reason);
}
