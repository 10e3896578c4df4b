using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// GKR proofs through <see cref="GkrVerifier.Verify(GkrStatement, ReadOnlySpan{byte}, IInputClaimChecker?)"/>:
/// an all-public circuit (kind 0x10) and a circuit with committed input segments (kind 0x11, Basefold openings).
/// </summary>
public static class GkrTargets
{
    private static readonly Lazy<Fixture> PublicCase = new(() => Fixture.Create(GkrProver.Prove(PublicCircuit(), SampleCircuits.RandomValues(3, 16), SumcheckOptions.SingleThreaded)));

    private static readonly Lazy<Fixture> CommittedCase = new(() =>
    {
        GkrInputLayout layout = GkrInputLayout.Packed(8, 4, 5);
        BasefoldCommittedPolynomial[] tables = [.. layout.Segments.Select((s, j) => BasefoldProver.Commit(SampleCircuits.RandomValues(140 + j, (int)s.Length), CommitmentTargets.BasefoldParameters))];
        return Fixture.Create(GkrProver.Prove(CommittedCircuit(), SampleCircuits.RandomValues(40, layout.PublicLength), layout, tables, CommitmentTargets.BasefoldParameters, SumcheckOptions.SingleThreaded));
    });

    /// <summary>A 16-input circuit with a gate layer, a data-parallel layer, a matrix product and a 3-wide output.</summary>
    public static FuzzTarget Public { get; } = new(
        "gkr",
        "GkrVerifier.Verify(statement, bytes): 16 inputs; gates, data-parallel, matmul, gates (3 outputs)",
        () => [PublicCase.Value.Honest],
        input => Verify(PublicCase.Value, input, "gkr"));

    /// <summary>64 inputs laid out as public 8 ‖ committed 2^4 ‖ committed 2^5 (two Basefold openings).</summary>
    public static FuzzTarget Committed { get; } = new(
        "gkr-committed",
        "GkrVerifier.Verify(statement, bytes) with committed input (kind 0x11): layout public 8 | 2^4 | 2^5",
        () => [CommittedCase.Value.Honest],
        input => Verify(CommittedCase.Value, input, "committed gkr"));

    private static bool Verify(Fixture fixture, byte[] input, string what)
    {
        try
        {
            GkrVerifier.Verify(fixture.Statement, input);
        }
        catch (GkrRejectedException ex) when (ex.Reason is not (GkrRejection.MalformedProof or GkrRejection.LayerCountMismatch))
        {
            // The bytes decoded: they must have been the canonical encoding of what the verifier then rejected.
            FuzzTargets.ReencodesExactly(input, GkrProofEncoding.Encode(GkrProofEncoding.Decode(input, fixture.Statement)), what);
            throw;
        }

        return FuzzTargets.OnlyHonestAccepted(input, [fixture.Honest], what);
    }

    private static LayeredCircuit PublicCircuit()
    {
        var rng = new Random(5);
        return new CircuitBuilder(16)
            .AddGates(SampleCircuits.RandomGates(rng, 16, 16))
            .AddDataParallel(2, SampleCircuits.RandomGates(rng, 4, 8))
            .AddMatMul(new MatrixSlice(0, 2, 2), new MatrixSlice(4, 2, 2))
            .AddGates(SampleCircuits.RandomGates(rng, 3, 4))
            .Build();
    }

    private static LayeredCircuit CommittedCircuit() => new CircuitBuilder(64)
        .AddGates(SampleCircuits.RandomGates(new Random(11), 64, 64))
        .AddMatMul(new MatrixSlice(0, 4, 8), new MatrixSlice(32, 8, 4))
        .AddGates(SampleCircuits.RandomGates(new Random(12), 8, 16))
        .Build();

    private sealed record Fixture(GkrStatement Statement, byte[] Honest)
    {
        public static Fixture Create(GkrProverResult result) => new(result.Statement, GkrProofEncoding.Encode(result.Proof));
    }
}
