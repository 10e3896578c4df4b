using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// Graph-circuit proofs through <see cref="GraphVerifier.Verify(GraphStatement, ReadOnlySpan{byte})"/> (kind 0x12:
/// witness root, LogUp lookups, layers, openings), with public and with committed model tables, and the binary
/// graph-circuit file (kind 0x32) through <see cref="GraphCircuitEncoding.Decode"/>.
/// </summary>
public static class GraphTargets
{
    private static readonly Lazy<Fixture> PublicCase = new(() => Fixture.Create(committed: false));

    private static readonly Lazy<Fixture> CommittedCase = new(() => Fixture.Create(committed: true));

    /// <summary><see cref="SampleGraphs.Small"/> with a public table.</summary>
    public static FuzzTarget Public { get; } = new(
        "graph",
        "GraphVerifier.Verify(statement, bytes): SampleGraphs.Small (gates, table gates, sum, clamp lookup, range lookup, matmul), public table",
        () => [PublicCase.Value.Honest],
        input => Verify(PublicCase.Value, input, "graph"));

    /// <summary>The same circuit with the table committed (model opening and witness opening).</summary>
    public static FuzzTarget Committed { get; } = new(
        "graph-committed",
        "GraphVerifier.Verify(statement, bytes): SampleGraphs.Small with the table committed",
        () => [CommittedCase.Value.Honest],
        input => Verify(CommittedCase.Value, input, "committed graph"));

    /// <summary>The binary graph-circuit file: decode (registries, builder rules, canonical re-encoding).</summary>
    public static FuzzTarget CircuitFile { get; } = new(
        "graph-circuit",
        "GraphCircuitEncoding.Decode(bytes): the binary graph-circuit file of SampleGraphs.Small",
        () => [GraphCircuitEncoding.Encode(SampleGraphs.Small())],
        input =>
        {
            GraphCircuit circuit = GraphCircuitEncoding.Decode(input);
            FuzzTargets.ReencodesExactly(input, GraphCircuitEncoding.Encode(circuit), "graph circuit");
            return true;
        });

    private static bool Verify(Fixture fixture, byte[] input, string what)
    {
        try
        {
            GraphVerifier.Verify(fixture.Statement, input);
        }
        catch (Protocol.ProofRejectedException ex) when (ex is not GkrRejectedException { Reason: GkrRejection.MalformedProof })
        {
            // The bytes decoded: they must have been the canonical encoding of what the verifier then rejected.
            FuzzTargets.ReencodesExactly(input, GraphProofEncoding.Encode(GraphProofEncoding.Decode(input, fixture.Statement)), what);
            throw;
        }

        return FuzzTargets.OnlyHonestAccepted(input, [fixture.Honest], what);
    }

    private sealed record Fixture(GraphStatement Statement, byte[] Honest)
    {
        public static Fixture Create(bool committed)
        {
            GraphCircuit circuit = SampleGraphs.Small();
            Goldilocks[][] tables = [SampleGraphs.SmallTable(160)];
            GraphModel model = committed ? GraphModel.Commit(circuit, tables, CommitmentTargets.BasefoldParameters) : GraphModel.Public(circuit, tables);
            GraphProverResult result = GraphProver.Prove(circuit, SampleGraphs.SmallValues(161, 16), model, SumcheckOptions.SingleThreaded, CommitmentTargets.BasefoldParameters);
            return new(result.Statement, GraphProofEncoding.Encode(result.Proof));
        }
    }
}
