using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Tests.Gkr;

/// <summary>Honest proofs verify: fixed shapes of every kind and FsCheck-generated random circuits.</summary>
public class GkrCompletenessTests
{
    /// <summary>Proves, round-trips the encoding, verifies the typed and the byte proof.</summary>
    internal static GkrProverResult ProveAndVerify(LayeredCircuit circuit, int inputSeed, SumcheckOptions? options = null)
    {
        Goldilocks[] input = SampleCircuits.RandomValues(inputSeed, circuit.InputWidth);
        GkrProverResult result = GkrProver.Prove(circuit, input, options);
        Assert.Equal(circuit.Evaluate(input).Output, result.Statement.ClaimedOutput.ToArray());
        byte[] bytes = GkrProofEncoding.Encode(result.Proof);
        GkrVerifier.Verify(result.Statement, result.Proof);
        GkrVerifier.Verify(result.Statement, bytes);
        Assert.Equal(bytes, GkrProofEncoding.Encode(GkrProofEncoding.Decode(bytes, circuit)));

        // The file limits of untrusted proof and statement files admit every honest one; an all-public proof has exactly its bound.
        Assert.Equal(bytes.Length, GkrProofEncoding.MaxLength(result.Statement));
        Assert.InRange(GkrStatementEncoding.Encode(result.Statement).Length, 0, GkrStatementEncoding.MaxLength(circuit));
        return result;
    }

    [Fact]
    public void SingleGateCircuits()
    {
        foreach (Gate gate in new[] { Gate.Add(0, 1), Gate.Sub(0, 1), Gate.Mul(0, 1), Gate.ConstMul(Goldilocks.FromUInt64(5), 1), Gate.Relay(0) })
        {
            LayeredCircuit circuit = new CircuitBuilder(2).AddGates([gate]).Build();
            GkrProverResult result = ProveAndVerify(circuit, 7);
            Assert.Single(result.Statement.ClaimedOutput);
        }
    }

    [Fact]
    public void WidthOneEverywhere()
    {
        LayeredCircuit circuit = new CircuitBuilder(1).AddGates([Gate.Mul(0, 0)]).AddGates([Gate.Add(0, 0)]).AddMatMul(new(0, 1, 1), new(0, 1, 1)).Build();
        GkrProverResult result = ProveAndVerify(circuit, 3);
        Goldilocks x = result.Statement.PublicInput[0];
        Goldilocks y = (x * x) + (x * x);
        Assert.Equal(y * y, result.Statement.ClaimedOutput[0]);
    }

    [Fact]
    public void MatMulMatchesSchoolbookProduct()
    {
        // A (4×2) at offset 0 and B (2×8) at offset 16 of a 32-value input.
        LayeredCircuit circuit = new CircuitBuilder(32).AddMatMul(new(0, 4, 2), new(16, 2, 8)).Build();
        GkrProverResult result = ProveAndVerify(circuit, 11);
        Goldilocks[] x = [.. result.Statement.PublicInput];
        for (int i = 0; i < 4; i++)
        {
            for (int j = 0; j < 8; j++)
            {
                Goldilocks expected = (x[(i * 2) + 0] * x[16 + j]) + (x[(i * 2) + 1] * x[16 + 8 + j]);
                Assert.Equal(expected, result.Statement.ClaimedOutput[(i * 8) + j]);
            }
        }
    }

    [Fact]
    public void ConsecutiveMatMulsMultiplyClaims()
    {
        LayeredCircuit circuit = new CircuitBuilder(64)
            .AddMatMul(new(0, 4, 4), new(16, 4, 4))
            .AddMatMul(new(0, 4, 2), new(8, 2, 4))
            .AddMatMul(new(0, 2, 2), new(4, 2, 2))
            .Build();
        Assert.Equal([8, 4, 2, 1], GkrShapes.ClaimCounts(circuit));
        ProveAndVerify(circuit, 5);
    }

    [Fact]
    public void DataParallelLayers()
    {
        for (int seed = 0; seed < 6; seed++)
        {
            ProveAndVerify(SampleCircuits.DataParallel(seed, 3, seed % 4, 3 + (seed % 3)), seed);
        }
    }

    [Fact]
    public void DemoCircuit()
    {
        GkrProverResult result = ProveAndVerify(SampleCircuits.Demo(3), 1);
        Assert.Equal(5, result.Proof.Layers.Length);
    }

    [Fact]
    public void MultiThreadedProverMatchesSingleThreaded()
    {
        LayeredCircuit circuit = SampleCircuits.Random(99, 4, 15, SampleCircuits.Kinds.Gates | SampleCircuits.Kinds.DataParallel);
        Goldilocks[] input = SampleCircuits.RandomValues(1, circuit.InputWidth);
        GkrProof parallel = GkrProver.Prove(circuit, input, new SumcheckOptions { MaxThreads = 4, ParallelThreshold = 16 }).Proof;
        GkrProof single = GkrProver.Prove(circuit, input, SumcheckOptions.SingleThreaded).Proof;
        Assert.Equal(GkrProofEncoding.Encode(single), GkrProofEncoding.Encode(parallel));
    }

    [Fact]
    public void ProverAndVerifierTranscriptsAgree()
    {
        LayeredCircuit circuit = SampleCircuits.Random(7, 6, 6);
        Goldilocks[] input = SampleCircuits.RandomValues(2, circuit.InputWidth);
        CircuitValues values = circuit.Evaluate(input);
        var statement = new GkrStatement(circuit, input, values.Output);
        var proverLog = new TranscriptRecorder();
        var verifierLog = new TranscriptRecorder();
        GkrProof proof = GkrProver.Prove(statement, values, SumcheckOptions.Default, proverLog);
        GkrVerifier.Verify(statement, proof, recorder: verifierLog);
        Assert.Equal(proverLog.Events, verifierLog.Events);

        // The statement is absorbed before the first challenge, and every layer's evaluations before the next layer starts.
        int firstChallenge = proverLog.Events.ToList().FindIndex(e => e.Operation == TranscriptOperation.Challenge);
        string[] beforeChallenge = [.. proverLog.Events.Take(firstChallenge).Select(e => e.Label)];
        Assert.Contains(TranscriptLabels.GkrCircuitDigest, beforeChallenge);
        Assert.Contains(TranscriptLabels.GkrPublicInput, beforeChallenge);
        Assert.Contains(TranscriptLabels.GkrClaimedOutput, beforeChallenge);
    }

    /// <summary>FsCheck: depth 1..12, widths 1..2^12, random wiring, every layer kind mixed.</summary>
    [Property(MaxTest = 100, Replay = "(20261124,1)")]
    public Property RandomCircuitsVerify() =>
        Prop.ForAll(
            Arb.From(
                from seed in Gen.Choose(0, int.MaxValue)
                from depth in Gen.Choose(1, 12)
                from maxWidthLog in Gen.Frequency((3, Gen.Choose(0, 6)), (1, Gen.Choose(7, 12)))
                select (seed, depth, maxWidthLog)),
            p =>
            {
                LayeredCircuit circuit = SampleCircuits.Random(p.seed, p.depth, p.maxWidthLog);
                ProveAndVerify(circuit, p.seed);
                return true;
            });
}
