using System.Text;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Fuzz.Targets;

/// <summary>
/// The JSON files <c>gkr prove</c> and <c>gkr verify</c> read: circuits (<see cref="CircuitFile.Parse"/>) and
/// value lists (<see cref="CircuitFile.ParseValues"/>).
/// </summary>
public static class FileTargets
{
    /// <summary>Largest parsed circuit (total layer size and input width) on which the harness also runs prove + verify.</summary>
    public const int CompletenessLimit = 1 << 12;

    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "-", ".", "e", "0", "1", "2", "-1", "3", "4", "7", "8", "16", "1024",
        "67108864", "67108865", "2147483647", "-2147483648", "4294967295", "9223372036854775807", "-9223372036854775807",
        "18446744069414584320", "18446744069414584321", "18446744073709551615", "-9223372034707292160", "-9223372034707292161", "1e3", "1.5",
        "\"format\"", "\"gkr-circuit\"", "\"version\"", "\"inputs\"", "\"layers\"", "\"type\"", "\"gates\"", "\"data-parallel\"", "\"copies\"",
        "\"matmul\"", "\"a\"", "\"b\"", "\"add\"", "\"sub\"", "\"mul\"", "\"cmul\"", "\"relay\"", "\"18446744069414584320\"", "\"7\"", "\"-1\"",
        "[\"add\",0,1]", "[\"relay\",0]", "[\"cmul\",\"3\",0]", "{\"type\":\"gates\",\"gates\":[[\"mul\",0,0]]}",
        "{\"type\":\"matmul\",\"a\":[0,1,1],\"b\":[1,1,1]}", "{\"type\":\"data-parallel\",\"copies\":2,\"gates\":[[\"add\",0,1]]}",
    ];

    /// <summary>Circuit files: parse; the canonical text must round-trip to the same digest; small circuits are then proved and must verify.</summary>
    public static FuzzTarget Circuit { get; } = new(
        "circuit-file",
        "CircuitFile.Parse; Write round trip; GkrProver.Prove + GkrVerifier.Verify on circuits up to 2^12 (completeness)",
        CircuitSeeds,
        input =>
        {
            LayeredCircuit circuit = CircuitFile.Parse(FuzzTargets.Text(input));
            string canonical = CircuitFile.Write(circuit);
            LayeredCircuit again = CircuitFile.Parse(canonical);
            FuzzTargets.Invariant(again.Digest.SequenceEqual(circuit.Digest) && CircuitFile.Write(again) == canonical, "circuit file: the canonical text does not parse back to the same circuit.");
            if (circuit.Size <= CompletenessLimit && circuit.InputWidth <= CompletenessLimit)
            {
                ProveAndVerify(circuit);
            }

            return true;
        },
        [.. Tokens.Select(Encoding.UTF8.GetBytes)]);

    /// <summary>Value files: parse; the canonical text must round-trip to the same values.</summary>
    public static FuzzTarget Values { get; } = new(
        "value-file",
        "CircuitFile.ParseValues; WriteValues round trip",
        () => [.. new[] { "[1,2,3]\n", "[]", "[-1,0,18446744069414584320,-9223372034707292160]", CircuitFile.WriteValues(SampleCircuits.RandomValues(9, 8)) }.Select(Encoding.UTF8.GetBytes)],
        input =>
        {
            Goldilocks[] values = CircuitFile.ParseValues(FuzzTargets.Text(input));
            FuzzTargets.Invariant(CircuitFile.ParseValues(CircuitFile.WriteValues(values)).SequenceEqual(values), "value file: the canonical text does not parse back to the same values.");
            return true;
        },
        [.. Tokens.Select(Encoding.UTF8.GetBytes)]);

    private static readonly Lazy<(LayeredCircuit Circuit, byte[] Statement, byte[] Proof)> StatementCase = new(() =>
    {
        LayeredCircuit circuit = SampleCircuits.Random(4, 3, 4);
        GkrProverResult honest = GkrProver.Prove(circuit, SampleCircuits.RandomValues(5, circuit.InputWidth), SumcheckOptions.SingleThreaded);
        return (circuit, GkrStatementEncoding.Encode(honest.Statement), GkrProofEncoding.Encode(honest.Proof));
    });

    /// <summary>Binary circuit files: decode; the circuit must re-encode to the input; small circuits are then proved and must verify.</summary>
    public static FuzzTarget BinaryCircuit { get; } = new(
        "circuit-binary",
        "CircuitEncoding.Decode; re-encoding is the input; GkrProver.Prove + GkrVerifier.Verify on circuits up to 2^12 (completeness)",
        () => [.. CircuitSeedCircuits().Select(CircuitEncoding.Encode)],
        input =>
        {
            LayeredCircuit circuit = CircuitEncoding.Decode(input);
            FuzzTargets.Invariant(CircuitEncoding.Encode(circuit).AsSpan().SequenceEqual(input), "binary circuit: decoded bytes that are not the circuit's encoding.");
            if (circuit.Size <= CompletenessLimit && circuit.InputWidth <= CompletenessLimit)
            {
                ProveAndVerify(circuit);
            }

            return true;
        });

    /// <summary>Statement files: decode against a fixed circuit, then verify the honest proof under the decoded statement; only the honest statement may be accepted.</summary>
    public static FuzzTarget Statement { get; } = new(
        "statement-file",
        "GkrStatementEncoding.Decode + GkrVerifier.Verify of the honest proof (only the honest statement accepted)",
        () => [StatementCase.Value.Statement],
        input =>
        {
            (LayeredCircuit circuit, byte[] statement, byte[] proof) = StatementCase.Value;
            GkrVerifier.Verify(GkrStatementEncoding.Decode(input, circuit), proof);
            FuzzTargets.Invariant(input.AsSpan().SequenceEqual(statement), "statement file: the honest proof was accepted for another statement.");
            return true;
        });

    private static LayeredCircuit[] CircuitSeedCircuits() =>
        [SampleCircuits.Demo(1), SampleCircuits.Random(1, 3, 3), SampleCircuits.Random(2, 4, 4), SampleCircuits.DataParallel(3, 2, 1, 2)];

    private static IReadOnlyList<byte[]> CircuitSeeds() =>
    [
        .. CircuitSeedCircuits().Select(c => Encoding.UTF8.GetBytes(CircuitFile.Write(c))),
    ];

    /// <summary>Completeness: an honest proof for a parsed circuit must verify (a rejection here is a harness failure, not a typed rejection).</summary>
    private static void ProveAndVerify(LayeredCircuit circuit)
    {
        GkrProverResult result = GkrProver.Prove(circuit, SampleCircuits.RandomValues(circuit.InputWidth, circuit.InputWidth), SumcheckOptions.SingleThreaded);
        try
        {
            GkrVerifier.Verify(result.Statement, GkrProofEncoding.Encode(result.Proof));
        }
        catch (GkrRejectedException ex)
        {
            throw new FuzzInvariantException($"circuit file: the honest proof of a parsed circuit was rejected: {ex.Message}", ex);
        }
    }
}
