using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Graph;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>Every part of a graph statement is bound: change one, keep the proof, and the verifier rejects.</summary>
public class GraphStatementBindingTests
{
    private static readonly (GraphCircuit Circuit, Goldilocks[][] Tables) Sample = GraphCompletenessTests.Sample();

    private static GraphProverResult Honest(bool committed) =>
        GraphProver.Prove(Sample.Circuit, GraphCompletenessTests.SmallInput(13, 16), committed ? GraphModel.Commit(Sample.Circuit, Sample.Tables) : GraphModel.Public(Sample.Circuit, Sample.Tables));

    private static void Rejects(GraphStatement statement, GraphProof proof) =>
        Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(statement, proof));

    [Fact]
    public void EveryPublicInputValueIsBound()
    {
        GraphProverResult r = Honest(false);
        for (int i = 0; i < r.Statement.PublicInput.Length; i++)
        {
            Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput.SetItem(i, r.Statement.PublicInput[i] + Goldilocks.One), r.Statement.ClaimedOutput, Sample.Tables), r.Proof);
        }
    }

    [Fact]
    public void EveryOutputValueIsBound()
    {
        GraphProverResult r = Honest(true);
        for (int i = 0; i < r.Statement.ClaimedOutput.Length; i++)
        {
            Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput.SetItem(i, r.Statement.ClaimedOutput[i] + Goldilocks.One), r.Statement.ModelCommitment!), r.Proof);
        }
    }

    [Fact]
    public void EveryPublicTableValueIsBound()
    {
        GraphProverResult r = Honest(false);
        for (int i = 0; i < Sample.Tables[0].Length; i++)
        {
            Goldilocks[] changed = (Goldilocks[])Sample.Tables[0].Clone();
            changed[i] += Goldilocks.One;
            Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput, [changed]), r.Proof);
        }
    }

    [Fact]
    public void AnotherModelOfTheSameShapesIsRejected()
    {
        GraphProverResult r = Honest(true);
        Goldilocks[] other = [.. Sample.Tables[0].Select(v => v + Goldilocks.One)];
        GraphModelCommitment b = GraphModel.Commit(Sample.Circuit, [other]).Commitment!;
        Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput, b), r.Proof);
    }

    [Fact]
    public void EveryModelRootByteIsBound()
    {
        GraphProverResult r = Honest(true);
        GraphModelCommitment mc = r.Statement.ModelCommitment!;
        for (int i = 0; i < mc.Commitment.Root.Length; i++)
        {
            ImmutableArray<byte> root = mc.Commitment.Root.SetItem(i, (byte)(mc.Commitment.Root[i] ^ 1));
            var changed = new GraphModelCommitment(mc.Layout, new BasefoldCommitment(mc.Commitment.NumVariables, mc.Commitment.LogInverseRate, mc.Commitment.LogArity, root), mc.Parameters);
            Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput, changed), r.Proof);
        }
    }

    [Fact]
    public void PublicAndCommittedModesAreNotInterchangeable()
    {
        GraphProverResult committed = Honest(true), open = Honest(false);
        Rejects(new GraphStatement(Sample.Circuit, committed.Statement.PublicInput, committed.Statement.ClaimedOutput, Sample.Tables), committed.Proof);
        Rejects(new GraphStatement(Sample.Circuit, open.Statement.PublicInput, open.Statement.ClaimedOutput, GraphModel.Commit(Sample.Circuit, Sample.Tables).Commitment!), open.Proof);
    }

    [Fact]
    public void AnotherCircuitOfTheSameShapesIsRejected()
    {
        GraphProverResult r = Honest(false);
        (GraphCircuit other, _) = GraphCompletenessTests.Sample(clampLow: -7);
        Assert.False(other.Digest.SequenceEqual(Sample.Circuit.Digest));
        Rejects(new GraphStatement(other, r.Statement.PublicInput, r.Statement.ClaimedOutput, Sample.Tables), r.Proof);
    }

    [Fact]
    public void WitnessParametersAreBound()
    {
        GraphProverResult r = Honest(false);
        BasefoldParameters weaker = BasefoldParameters.ForSecurity(80);
        Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput, Sample.Tables, weaker), r.Proof);
    }

    [Fact]
    public void TheContextIsBound()
    {
        byte[] context = [1, 2, 3, 4];
        GraphProverResult r = GraphProver.Prove(Sample.Circuit, GraphCompletenessTests.SmallInput(13, 16), GraphModel.Public(Sample.Circuit, Sample.Tables), context: context);
        Assert.Equal(context, r.Statement.Context);
        GraphVerifier.Verify(r.Statement, r.Proof);
        Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput, Sample.Tables), r.Proof);
        Rejects(new GraphStatement(Sample.Circuit, r.Statement.PublicInput, r.Statement.ClaimedOutput, Sample.Tables, context: [1, 2, 3, 5]), r.Proof);
    }
}
