using Gkr.Field;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Tests.Graph;

public class SampleGraphsTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SmallVerifiesInBothModes(bool committed)
    {
        GraphCircuit circuit = SampleGraphs.Small();
        Goldilocks[][] tables = [SampleGraphs.SmallTable(1)];
        GraphModel model = committed ? GraphModel.Commit(circuit, tables) : GraphModel.Public(circuit, tables);
        GraphProverResult result = GraphProver.Prove(circuit, SampleGraphs.SmallValues(2, 16), model);
        GraphVerifier.Verify(result.Statement, GraphProofEncoding.Encode(result.Proof));
        Assert.Equal(2, circuit.Lookups.Length);
        Assert.True(GraphCircuitEncoding.Decode(GraphCircuitEncoding.Encode(circuit)).Digest.SequenceEqual(circuit.Digest));
    }
}
