using System.CommandLine;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr inspect FILE [--circuit C]</c>: what a file is and whether it decodes. Every binary file of the
/// library starts with the common header (<see cref="GkrFormat"/>); self-contained kinds (circuits,
/// commitments) are decoded in full, statements and GKR proofs when the circuit is given, and the other
/// proofs, whose decoding needs their statement, are described by their header.
/// </summary>
internal static class InspectCommand
{
    public static Command Create(Option<string?> maxFileSize)
    {
        var file = new Argument<string>("file") { Description = "A Gkr file: proof, statement, circuit (binary or JSON) or commitment." };
        var circuit = new Option<string?>("--circuit") { Description = "The circuit, to decode a statement or an all-public GKR proof." };
        var command = new Command("inspect", "Describe a Gkr file (kind, sizes, digest) and check that it decodes (exit 0 ok, 2 malformed).") { file, circuit };
        command.SetAction(parse => Inspect(FileLimits.From(parse, maxFileSize), parse.GetValue(file)!, parse.GetValue(circuit), Console.Out));
        return command;
    }

    public static int Inspect(FileLimits limits, string path, string? circuitPath, TextWriter log)
    {
        // The circuit first: it bounds the statement or proof the file may be.
        LayeredCircuit? circuit = circuitPath is null ? null : ProveVerifyCommands.ReadCircuit(limits, circuitPath);
        byte[] bytes = CliFiles.ReadBytes("file", path, FileSpec.Any(limits, circuit));
        log.WriteLine($"file: {path} ({bytes.Length} bytes)");
        if (!bytes.AsSpan().StartsWith(GkrFormat.Magic))
        {
            LayeredCircuit json = CliFiles.Guard("file", path, () => CircuitFile.Load(bytes));
            log.WriteLine("kind: JSON circuit file (gkr-circuit version 1)");
            Describe(json, log);
            return CliErrors.Ok;
        }

        (EncodingKind kind, int elementSize) = CliFiles.Guard("file", path, () => GkrFormat.ReadHeader(bytes));
        log.WriteLine($"format: Gkr binary format version {GkrFormat.Version}; kind {kind} (0x{(byte)kind:x2}); element size {elementSize}");
        CliFiles.Guard("file", path, () => Body(kind, bytes, circuit, log));
        return CliErrors.Ok;
    }

    private static void Body(EncodingKind kind, byte[] bytes, LayeredCircuit? circuit, TextWriter log)
    {
        switch (kind)
        {
            case EncodingKind.Circuit:
                Describe(CircuitEncoding.Decode(bytes), log);
                break;
            case EncodingKind.BasefoldCommitment:
                (BasefoldCommitment commitment, BasefoldParameters parameters) = BasefoldCommitmentFile.Decode(bytes);
                log.WriteLine($"basefold commitment: 2^{commitment.NumVariables} values, root {commitment.RootHex}");
                log.WriteLine(parameters.Describe(commitment.NumVariables));
                break;
            case EncodingKind.LigeroCommitment:
                LigeroCommitment ligero = LigeroEncoding.DecodeCommitment(bytes);
                log.WriteLine($"ligero commitment: {ligero.Shape}, root {Convert.ToHexStringLower(ligero.Root.AsSpan())}");
                break;
            case EncodingKind.GkrStatement when circuit is not null:
                GkrStatement statement = GkrStatementEncoding.Decode(bytes, circuit);
                log.WriteLine($"gkr statement: {statement.PublicInput.Length} public inputs, {statement.ClaimedOutput.Length} outputs, {statement.Committed?.Commitments.Length ?? 0} committed tables; statement soundness {GkrSoundness.Bits(statement):0.0} bits");
                break;
            case EncodingKind.Gkr when circuit is not null:
                GkrProof proof = GkrProofEncoding.Decode(bytes, circuit);
                log.WriteLine($"gkr proof: {proof.Layers.Length} layers, {proof.Layers.Sum(l => l.Sumchecks.Sum(s => s.RoundPolynomials.Length))} sumcheck rounds, {proof.Layers.Sum(l => l.Evaluations.Length)} claimed evaluations; decodes for this circuit (verify it with gkr verify)");
                break;
            case EncodingKind.GkrStatement or EncodingKind.Gkr:
                log.WriteLine("give --circuit to decode it");
                break;
            default:
                log.WriteLine("a proof whose decoding needs its statement: check it with the verifier");
                break;
        }
    }

    private static void Describe(LayeredCircuit circuit, TextWriter log) =>
        log.WriteLine($"circuit: {circuit.InputWidth} inputs, {circuit.Layers.Length} layers, {circuit.OutputWidth} outputs, size {circuit.Size}; digest {Convert.ToHexStringLower(circuit.Digest)}; {GkrSoundness.Bits(circuit):0.0} bits");
}
