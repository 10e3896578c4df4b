using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Graph.Layers;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Lookups;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Graph;

/// <summary>One attack per test on graph proofs (lookups, witness, model tables), each asserting its specific rejection.</summary>
public class GraphSoundnessTests
{
    private const int Shift = 4;

    /// <summary>Proves the sample with a cheating rescale layer (same circuit digest) and entries outside tables left uncounted.</summary>
    private static (GraphStatement Statement, GraphProof Proof) Cheat(Func<int, long, long, (long Q, long R)>? cheat, Action<GraphValues>? tamper = null, bool committed = false, GraphProverHooks? hooks = null)
    {
        (GraphCircuit honest, Goldilocks[][] tables) = GraphCompletenessTests.Sample(Shift);
        (GraphCircuit cheating, _) = GraphCompletenessTests.Sample(Shift, cheat);
        Assert.True(honest.Digest.SequenceEqual(cheating.Digest));
        GraphModel model = committed ? GraphModel.Commit(honest, tables) : GraphModel.Public(honest, tables);
        Goldilocks[] input = GraphCompletenessTests.SmallInput(7, 16);
        GraphValues values = GraphProver.Evaluate(cheating, input, model, SumcheckOptions.Default, allowInvalidLookups: true);
        tamper?.Invoke(values);
        GraphStatement statement = GraphStatement.For(honest, input, values.Output, model);
        return (statement, GraphProver.Prove(statement, values, model, SumcheckOptions.Default, hooks: hooks));
    }

    private static LookupRejectedException LookupRejected((GraphStatement Statement, GraphProof Proof) p, LookupRejection reason, int lookup)
    {
        LookupRejectedException ex = Assert.Throws<LookupRejectedException>(() => GraphVerifier.Verify(p.Statement, p.Proof));
        Assert.Equal(reason, ex.Reason);
        Assert.Equal(lookup, ex.Lookup);
        return ex;
    }

    private static GkrRejectedException GkrRejected((GraphStatement Statement, GraphProof Proof) p, GkrRejection reason)
    {
        GkrRejectedException ex = Assert.Throws<GkrRejectedException>(() => GraphVerifier.Verify(p.Statement, p.Proof));
        Assert.Equal(reason, ex.Reason);
        return ex;
    }

    [Fact]
    public void HonestProofOfTheCheatHarnessVerifies() => GraphVerifier.Verify(Cheat(null).Statement, Cheat(null).Proof);

    [Fact]
    public void NegativeRemainderIsRejected() =>
        LookupRejected(Cheat((x, q, r) => x == 3 ? (q + 1, r - (1L << Shift)) : (q, r)), LookupRejection.SumMismatch, 0);

    [Fact]
    public void RemainderMinusOneIsRejected()
    {
        // r = p − 1 (−1) with q + 1 keeps 2^s·q + r = w·a wherever the true remainder is 2^s − 1.
        int cheated = -1;
        (GraphStatement, GraphProof) proof = Cheat((x, q, r) =>
        {
            if (cheated < 0 && r == (1L << Shift) - 1)
            {
                cheated = x;
                return (q + 1, -1);
            }

            return (q, r);
        });
        Assert.True(cheated >= 0, "the sample input has no remainder 2^s − 1 to cheat on");
        LookupRejected(proof, LookupRejection.SumMismatch, 0);
    }

    [Fact]
    public void RemainderEqualToTwoToTheShiftIsRejected() =>
        LookupRejected(Cheat((x, q, r) => x == 2 ? (q - 1, r + (1L << Shift)) : (q, r)), LookupRejection.SumMismatch, 0);

    [Fact]
    public void QuotientOffByOneWithTheRemainderMovedIsRejected() =>
        LookupRejected(Cheat((x, q, r) => x == 9 ? (q - 2, r + (2L << Shift)) : (q, r)), LookupRejection.SumMismatch, 0);

    [Fact]
    public void MultiplicityOffByOneIsRejected() =>
        LookupRejected(Cheat(null, v => Bump(v, 0, m => m.SetValue(((Goldilocks)m.GetValue(3)!) + Goldilocks.One, 3))), LookupRejection.SumMismatch, 0);

    [Fact]
    public void MultiplicityMovedBetweenEntriesIsRejected() =>
        LookupRejected(Cheat(null, v => Bump(v, 0, m =>
        {
            int from = Array.FindIndex((Goldilocks[])m, c => !c.IsZero);
            ((Goldilocks[])m)[from] -= Goldilocks.One;
            ((Goldilocks[])m)[(from + 1) % m.Length] += Goldilocks.One;
        })), LookupRejection.SumMismatch, 0);

    [Fact]
    public void MultiplicityMinusOneIsRejected() =>
        LookupRejected(Cheat(null, v => Bump(v, 0, m =>
        {
            int empty = Array.FindIndex((Goldilocks[])m, c => c.IsZero);
            ((Goldilocks[])m)[empty] = Goldilocks.MinusOne;
        })), LookupRejection.SumMismatch, 0);

    [Fact]
    public void ClampOutputOutsideTheRelationIsRejected()
    {
        // The copy layer's outputs are tied to its input only by the (x, clamp(x)) lookup: write one wrong output.
        (GraphStatement statement, GraphProof proof) = Cheat(null, v =>
        {
            PolynomialRef y = v.Circuit.Layers[2].Writes[0];
            Goldilocks[] column = v.Get(y);
            column[4] += Goldilocks.One;
        });
        // The tampered witness column no longer equals the copy layer's output: the opening catches it
        // unless the lookup does first; here the lookup's column tree sees the tampered pair.
        LookupRejected((statement, proof), LookupRejection.SumMismatch, 1);
    }

    [Fact]
    public void LookupIntoAnotherTableIsRejected()
    {
        (GraphCircuit circuit, _) = GraphCompletenessTests.Sample(Shift);
        LookupArgument original = circuit.Lookups[1];
        var other = original with { Table = new ClampTable(-512, 10, -4, 7) };
        var hooks = new GraphProverHooks { Lookups = [circuit.Lookups[0], other] };
        LookupRejectedException ex = LookupRejected(Cheat(null, hooks: hooks), LookupRejection.LeafMismatch, 1);
        Assert.Equal(0, ex.Tree);
    }

    [Fact]
    public void WitnessCommitmentOfAnotherWitnessIsRejected()
    {
        var hooks = new GraphProverHooks { WitnessToCommit = columns => [.. columns.Select((c, i) => i == 0 ? c.Select(v => v + Goldilocks.One).ToArray() : c)] };
        GkrRejected(Cheat(null, hooks: hooks, committed: true), GkrRejection.WitnessOpeningFailed);
    }

    [Fact]
    public void WitnessRootSwappedForAnotherProofsIsRejected()
    {
        (GraphStatement statement, GraphProof proof) = Cheat(null);
        (GraphCircuit circuit, Goldilocks[][] tables) = GraphCompletenessTests.Sample(Shift);
        GraphProof other = GraphProver.Prove(circuit, GraphCompletenessTests.SmallInput(99, 16), GraphModel.Public(circuit, tables)).Proof;
        Assert.False(other.WitnessRoot.SequenceEqual(proof.WitnessRoot));
        // Every challenge changes with the root, so the first lookup's table tree fails at its first layer check.
        LookupRejectedException ex = Assert.Throws<LookupRejectedException>(() => GraphVerifier.Verify(statement, proof with { WitnessRoot = other.WitnessRoot }));
        Assert.Equal(0, ex.Lookup);
        Assert.Equal(0, ex.Tree);
        Assert.Contains(ex.Reason, new[] { LookupRejection.LayerMismatch, LookupRejection.SumcheckFailed });
    }

    [Fact]
    public void CommittedTableClaimAnsweredWithAnotherTablesValuesIsRejected()
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = GraphCompletenessTests.Sample(Shift);
        GraphModel committed = GraphModel.Commit(circuit, tables);
        Goldilocks[] changed = (Goldilocks[])tables[0].Clone();
        changed[6] += Goldilocks.One;
        GraphModel lying = GraphModel.WithTables(committed, [changed]);
        Goldilocks[] input = GraphCompletenessTests.SmallInput(8, 16);
        GraphValues values = GraphProver.Evaluate(circuit, input, lying);
        GraphStatement statement = GraphStatement.For(circuit, input, values.Output, committed);
        GkrRejected((statement, GraphProver.Prove(statement, values, lying, SumcheckOptions.Default)), GkrRejection.ModelOpeningFailed);
    }

    [Fact]
    public void PublicTableChangedUnderTheProofIsRejected()
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = GraphCompletenessTests.Sample(Shift);
        GraphProverResult result = GraphProver.Prove(circuit, GraphCompletenessTests.SmallInput(9, 16), GraphModel.Public(circuit, tables));
        Goldilocks[] changed = (Goldilocks[])tables[0].Clone();
        changed[1] += Goldilocks.One;
        var statement = new GraphStatement(circuit, result.Statement.PublicInput, result.Statement.ClaimedOutput, [changed]);
        Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(statement, result.Proof));
    }

    [Fact]
    public void ClaimedOutputChangedIsRejected()
    {
        (GraphCircuit circuit, Goldilocks[][] tables) = GraphCompletenessTests.Sample(Shift);
        GraphProverResult result = GraphProver.Prove(circuit, GraphCompletenessTests.SmallInput(10, 16), GraphModel.Public(circuit, tables));
        var statement = new GraphStatement(circuit, result.Statement.PublicInput, result.Statement.ClaimedOutput.SetItem(0, result.Statement.ClaimedOutput[0] + Goldilocks.One), result.Statement.PublicTables.Select(t => (IEnumerable<Goldilocks>)t));
        Assert.ThrowsAny<ProofRejectedException>(() => GraphVerifier.Verify(statement, result.Proof));
    }

    [Fact]
    public void HonestProverRefusesAValueOutsideItsTable()
    {
        (GraphCircuit cheating, Goldilocks[][] tables) = GraphCompletenessTests.Sample(Shift, (x, q, r) => x == 3 ? (q + 1, r - (1L << Shift)) : (q, r));
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => GraphProver.Prove(cheating, GraphCompletenessTests.SmallInput(7, 16), GraphModel.Public(cheating, tables)));
        Assert.Contains("Lookup 0", ex.Message);
        Assert.Contains("entry 3", ex.Message);
    }

    private static void Bump(GraphValues values, int lookup, Action<Array> change)
    {
        PolynomialRef m = values.Circuit.Lookups[lookup].Multiplicities;
        Goldilocks[] copy = (Goldilocks[])values.Get(m).Clone();
        change(copy);
        values.ReplaceWitness(m, copy);
    }
}
