using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Gkr.Protocol.Tests.Graph;

public class GraphCompletenessTests
{
    /// <summary>input (16) → gates → rescale by table w (witness r, range-checked) → clamp (two-column lookup) → matmul.</summary>
    internal static (GraphCircuit Circuit, Goldilocks[][] Tables) Sample(int shift = 4, Func<int, long, long, (long Q, long R)>? cheat = null, int clampLow = -8)
    {
        var b = new GraphCircuitBuilder(16);
        PolynomialRef w = b.AddTable("w", 4);
        PolynomialRef r = b.AddWitness("remainder", 4);
        var rng = new Random(5);
        PolynomialRef gates = b.AddLayer(new CircuitLayerNode(new CircuitBuilder(16).AddGates(SampleCircuits.RandomGates(rng, 16, 16)).Build().Layers[0], PolynomialRef.Input));
        PolynomialRef scaled = b.AddLayer(new RescaleLayer(gates, w, r, 4, shift, cheat));
        b.AddLookup(new RangeTable(shift), new LookupColumn(r));
        PolynomialRef copy = b.AddClamp(scaled, 10, clampLow, 7);
        b.AddLayer(new CircuitLayerNode(new CircuitBuilder(16).AddMatMul(new MatrixSlice(0, 2, 2), new MatrixSlice(4, 2, 2)).Build().Layers[0], copy));
        Goldilocks[] table = [.. Enumerable.Range(0, 16).Select(i => Goldilocks.FromInt64(rng.Next(-3, 4)))];
        return (b.Build(), [table]);
    }

    internal static Goldilocks[] SmallInput(int seed, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Goldilocks.FromInt64(new Random(seed + i).Next(-4, 5)))];

    [Fact]
    public void SampleVerifiesWithPublicTables()
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = Sample();
        GraphProverResult result = GraphProver.Prove(circuit, SmallInput(1, 16), GraphModel.Public(circuit, tables));
        GraphVerifier.Verify(result.Statement, result.Proof);
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
    }

    [Fact]
    public void SampleVerifiesWithCommittedTables()
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = Sample();
        GraphProverResult result = GraphProver.Prove(circuit, SmallInput(2, 16), GraphModel.Commit(circuit, tables));
        GraphVerifier.Verify(result.Statement, result.Proof);
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
    }

    /// <summary>FsCheck: random graph circuits (every layer kind, tables at random layers, witness columns, range and clamp lookups), public and committed models; 10^3 proofs.</summary>
    [Property(MaxTest = 1000, Replay = "(20261202,1)")]
    public Property RandomGraphCircuitsVerify() =>
        Prop.ForAll(
            Arb.From(Gen.Choose(0, int.MaxValue)),
            seed =>
            {
                RandomGraph g = RandomGraphs.Create(seed);
                GraphModel model = g.Tables.Length > 0 && seed % 2 == 0 ? GraphModel.Commit(g.Circuit, g.Tables) : GraphModel.Public(g.Circuit, g.Tables);
                GraphProverResult result = GraphProver.Prove(g.Circuit, g.Input, model, SumcheckOptions.SingleThreaded);
                byte[] bytes = GraphProofEncoding.Encode(result.Proof);
                GraphVerifier.Verify(result.Statement, bytes);
                return true;
            });
}
