using System.CommandLine;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr prove</c> and <c>gkr verify</c> for a circuit file (<see cref="CircuitFile"/>, JSON version 1)
/// and value files (JSON arrays of integers). The proof is the canonical binary encoding
/// (<see cref="GkrProofEncoding"/>).
/// </summary>
internal static class ProveVerifyCommands
{
    public static Command CreateProve()
    {
        var circuit = new Option<string>("--circuit") { Description = "Circuit file (JSON, format gkr-circuit version 1).", Required = true };
        var input = new Option<string>("--input") { Description = "Input values (JSON array of integers).", Required = true };
        var proof = new Option<string>("--proof") { Description = "Where to write the proof (binary).", Required = true };
        var output = new Option<string?>("--output") { Description = "Where to write the output values (default: print them)." };
        var threads = new Option<int>("--threads") { Description = "Prover threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("prove", "Evaluate a circuit file on an input and write a GKR proof of the output.") { circuit, input, proof, output, threads };
        command.SetAction(parse => Prove(
            parse.GetValue(circuit)!, parse.GetValue(input)!, parse.GetValue(proof)!, parse.GetValue(output), parse.GetValue(threads), Console.Out));
        return command;
    }

    public static Command CreateVerify()
    {
        var circuit = new Option<string>("--circuit") { Description = "Circuit file (JSON, format gkr-circuit version 1).", Required = true };
        var input = new Option<string>("--input") { Description = "Public input values (JSON array of integers).", Required = true };
        var output = new Option<string>("--output") { Description = "Claimed output values (JSON array of integers).", Required = true };
        var proof = new Option<string>("--proof") { Description = "The proof file.", Required = true };
        var command = new Command("verify", "Check a GKR proof that a circuit file maps an input to a claimed output (exit 0 accepted, 1 rejected, 2 bad input).")
        {
            circuit, input, output, proof,
        };
        command.SetAction(parse => Verify(parse.GetValue(circuit)!, parse.GetValue(input)!, parse.GetValue(output)!, parse.GetValue(proof)!, Console.Out));
        return command;
    }

    public static int Prove(string circuitPath, string inputPath, string proofPath, string? outputPath, int threads, TextWriter log)
    {
        if (threads < 1)
        {
            throw new ArgumentException($"--threads must be at least 1, got {threads}.");
        }

        LayeredCircuit circuit = CircuitFile.Parse(File.ReadAllText(circuitPath));
        Goldilocks[] input = CircuitFile.ParseValues(File.ReadAllText(inputPath));
        if (input.Length != circuit.InputWidth)
        {
            throw new ArgumentException($"The circuit takes {circuit.InputWidth} inputs; {inputPath} has {input.Length}.");
        }

        GkrProverResult result = GkrProver.Prove(circuit, input, new SumcheckOptions { MaxThreads = threads });
        byte[] bytes = GkrProofEncoding.Encode(result.Proof);
        File.WriteAllBytes(proofPath, bytes);
        string values = CircuitFile.WriteValues(result.Statement.ClaimedOutput.AsSpan());
        if (outputPath is null)
        {
            log.Write(values);
        }
        else
        {
            File.WriteAllText(outputPath, values);
        }

        Console.Error.WriteLine($"gkr: wrote {bytes.Length} bytes of proof to {proofPath} ({circuit.Layers.Length} layers, {result.Statement.ClaimedOutput.Length} outputs)");
        return CliErrors.Ok;
    }

    public static int Verify(string circuitPath, string inputPath, string outputPath, string proofPath, TextWriter log)
    {
        LayeredCircuit circuit = CircuitFile.Parse(File.ReadAllText(circuitPath));
        var statement = new GkrStatement(circuit, CircuitFile.ParseValues(File.ReadAllText(inputPath)), CircuitFile.ParseValues(File.ReadAllText(outputPath)));
        GkrVerifier.Verify(statement, File.ReadAllBytes(proofPath));
        log.WriteLine($"proof accepted ({circuit.Layers.Length} layers, {statement.ClaimedOutput.Length} outputs, {GkrSoundness.Bits(circuit):0.0} bits)");
        return CliErrors.Ok;
    }
}
