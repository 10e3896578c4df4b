using System.CommandLine;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr prove</c> and <c>gkr verify</c> for a circuit file (<see cref="CircuitFile"/>, JSON version 1)
/// and value files (JSON arrays of integers). The proof is the canonical binary encoding
/// (<see cref="GkrProofEncoding"/>).
/// </summary>
/// <remarks>
/// Committed inputs: the circuit's input is the public input followed by the committed tables, each
/// placed at the next offset aligned to its (power-of-two) size, zeros in between
/// (<see cref="GkrInputLayout.Packed"/>). The prover takes the tables (<c>--committed W.json</c>, in
/// order), the verifier their commitment files (<c>--commitment C.bin</c>, same order, written by
/// <c>gkr commit</c>).
/// </remarks>
internal static class ProveVerifyCommands
{
    public static Command CreateProve(Option<string?> maxFileSize)
    {
        var circuit = new Option<string>("--circuit") { Description = "Circuit file (JSON gkr-circuit version 1, or the binary circuit file).", Required = true };
        var input = new Option<string>("--input") { Description = "Input values (JSON array of integers); with --committed, the public part only.", Required = true };
        var proof = new Option<string>("--proof") { Description = "Where to write the proof (binary).", Required = true };
        var output = new Option<string?>("--output") { Description = "Where to write the output values (default: print them)." };
        var threads = new Option<int>("--threads") { Description = "Prover threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var committed = new Option<string[]>("--committed") { Description = "A committed table (JSON array, power-of-two count) following the public input; repeat in input order.", AllowMultipleArgumentsPerToken = false };
        var commitment = new Option<string[]>("--commitment") { Description = "Optional: the commitment file of each --committed table, checked before proving." };
        var statement = new Option<string?>("--statement") { Description = "Optional: where to write the statement file (binary: circuit digest, public input, output, commitments) for gkr verify --statement." };
        var command = new Command("prove", "Evaluate a circuit file on an input and write a GKR proof of the output.") { circuit, input, proof, output, threads, committed, commitment, statement };
        command.SetAction(parse => Prove(
            FileLimits.From(parse, maxFileSize), parse.GetValue(circuit)!, parse.GetValue(input)!, parse.GetValue(proof)!, parse.GetValue(output), parse.GetValue(threads), Console.Out, parse.GetValue(committed) ?? [], parse.GetValue(commitment) ?? [], parse.GetValue(statement)));
        return command;
    }

    public static Command CreateVerify(Option<string?> maxFileSize)
    {
        var circuit = new Option<string>("--circuit") { Description = "Circuit file (JSON gkr-circuit version 1, or the binary circuit file).", Required = true };
        var input = new Option<string?>("--input") { Description = "Public input values (JSON array of integers); required unless --statement." };
        var output = new Option<string?>("--output") { Description = "Claimed output values (JSON array of integers); required unless --statement." };
        var proof = new Option<string>("--proof") { Description = "The proof file.", Required = true };
        var commitment = new Option<string[]>("--commitment") { Description = "Commitment file (from gkr commit) of each committed input table, in input order." };
        var statement = new Option<string?>("--statement") { Description = "The statement file written by gkr prove --statement, instead of --input, --output and --commitment." };
        var command = new Command("verify", "Check a GKR proof that a circuit file maps an input to a claimed output (exit 0 accepted, 1 rejected, 2 bad input).")
        {
            circuit, input, output, proof, commitment, statement,
        };
        command.SetAction(parse => parse.GetValue(statement) is { } statementPath
            ? VerifyStatement(FileLimits.From(parse, maxFileSize), parse.GetValue(circuit)!, statementPath, parse.GetValue(proof)!, Console.Out, parse.GetValue(input), parse.GetValue(output), parse.GetValue(commitment) ?? [])
            : Verify(
                FileLimits.From(parse, maxFileSize),
                parse.GetValue(circuit)!,
                parse.GetValue(input) ?? throw new ArgumentException("verify needs --input (or --statement)."),
                parse.GetValue(output) ?? throw new ArgumentException("verify needs --output (or --statement)."),
                parse.GetValue(proof)!,
                Console.Out,
                parse.GetValue(commitment) ?? []));
        return command;
    }

    public static int Prove(FileLimits limits, string circuitPath, string inputPath, string proofPath, string? outputPath, int threads, TextWriter log, string[]? committedPaths = null, string[]? commitmentPaths = null, string? statementPath = null)
    {
        if (threads < 1)
        {
            throw new ArgumentException($"--threads must be at least 1, got {threads}.");
        }

        committedPaths ??= [];
        commitmentPaths ??= [];
        LayeredCircuit circuit = ReadCircuit(limits, circuitPath);
        Goldilocks[] input = CliFiles.ReadText("--input", inputPath, FileSpec.Values(limits), CircuitFile.ParseValues);
        var options = new SumcheckOptions { MaxThreads = threads };
        GkrProverResult result;
        if (committedPaths.Length == 0)
        {
            if (commitmentPaths.Length != 0)
            {
                throw new ArgumentException("--commitment needs the committed tables (--committed).");
            }

            if (input.Length != circuit.InputWidth)
            {
                throw new CliInputException($"--input {inputPath}: the circuit takes {circuit.InputWidth} inputs, the file has {input.Length}.");
            }

            result = GkrProver.Prove(circuit, input, options);
        }
        else
        {
            BasefoldCommittedPolynomial[] tables = [.. committedPaths.Select(path => CommitCommand.Load(limits, "--committed", path))];
            CheckCommitments(tables, commitmentPaths);
            GkrInputLayout layout = GkrInputLayout.Packed(input.Length, [.. tables.Select(t => t.Commitment.NumVariables)]);
            layout.CheckFits(circuit);
            result = GkrProver.Prove(circuit, input, layout, tables, BasefoldParameters.Default, options);
        }

        byte[] bytes = GkrProofEncoding.Encode(result.Proof);
        CliFiles.Write("--proof", proofPath, bytes);
        if (statementPath is not null)
        {
            CliFiles.Write("--statement", statementPath, GkrStatementEncoding.Encode(result.Statement));
        }

        string values = CircuitFile.WriteValues(result.Statement.ClaimedOutput.AsSpan());
        if (outputPath is null)
        {
            log.Write(values);
        }
        else
        {
            CliFiles.Write("--output", outputPath, values);
        }

        Console.Error.WriteLine($"gkr: wrote {bytes.Length} bytes of proof to {proofPath} ({circuit.Layers.Length} layers, {result.Statement.ClaimedOutput.Length} outputs, {committedPaths.Length} committed tables)");
        return CliErrors.Ok;
    }

    public static int Verify(FileLimits limits, string circuitPath, string inputPath, string outputPath, string proofPath, TextWriter log, string[]? commitmentPaths = null)
    {
        commitmentPaths ??= [];
        LayeredCircuit circuit = ReadCircuit(limits, circuitPath);
        Goldilocks[] input = CliFiles.ReadText("--input", inputPath, FileSpec.Values(limits), CircuitFile.ParseValues);
        Goldilocks[] output = CliFiles.ReadText("--output", outputPath, FileSpec.Values(limits), CircuitFile.ParseValues);
        GkrStatement statement;
        if (commitmentPaths.Length == 0)
        {
            statement = new GkrStatement(circuit, input, output);
        }
        else
        {
            (BasefoldCommitment Commitment, BasefoldParameters Parameters)[] files = [.. commitmentPaths.Select(CommitCommand.Read)];
            BasefoldParameters parameters = files[0].Parameters;
            if (files.Any(f => f.Parameters != parameters))
            {
                throw new ArgumentException("The commitment files were made under different parameters.");
            }

            GkrInputLayout layout = GkrInputLayout.Packed(input.Length, [.. files.Select(f => f.Commitment.NumVariables)]);
            statement = new GkrStatement(circuit, input, output, new GkrCommittedInput(layout, files.Select(f => f.Commitment), parameters));
        }

        // The statement's shape is known before the proof is read: a mismatch is bad input, not a rejection.
        if (input.Length != statement.ExpectedPublicLength)
        {
            throw new CliInputException($"--input {inputPath}: the circuit takes {statement.ExpectedPublicLength} public inputs, the file has {input.Length}.");
        }

        if (output.Length != circuit.OutputWidth)
        {
            throw new CliInputException($"--output {outputPath}: the circuit gives {circuit.OutputWidth} outputs, the file has {output.Length}.");
        }

        return Check(statement, proofPath, log);
    }

    /// <summary><c>gkr verify --statement</c>: the statement file replaces the input, output and commitment files.</summary>
    public static int VerifyStatement(FileLimits limits, string circuitPath, string statementPath, string proofPath, TextWriter log, string? inputPath = null, string? outputPath = null, string[]? commitmentPaths = null)
    {
        if (inputPath is not null || outputPath is not null || commitmentPaths is { Length: > 0 })
        {
            throw new ArgumentException("--statement replaces --input, --output and --commitment; give either the statement file or those.");
        }

        LayeredCircuit circuit = ReadCircuit(limits, circuitPath);
        GkrStatement statement = CliFiles.ReadBytes("--statement", statementPath, FileSpec.Statement(circuit), bytes => GkrStatementEncoding.Decode(bytes, circuit));
        return Check(statement, proofPath, log);
    }

    /// <summary>Reads a circuit file, JSON or binary.</summary>
    public static LayeredCircuit ReadCircuit(FileLimits limits, string path) => CliFiles.ReadBytes("--circuit", path, FileSpec.Circuit(limits), bytes => CircuitFile.Load(bytes));

    private static int Check(GkrStatement statement, string proofPath, TextWriter log)
    {
        GkrVerifier.Verify(statement, CliFiles.ReadBytes("--proof", proofPath, FileSpec.Proof(statement)));
        string committed = string.Empty;
        if (statement.Committed is { } c)
        {
            committed = $", {c.Commitments.Length} committed tables" + string.Concat(c.Commitments.Select(x => x.NumVariables).Distinct().Select(n => $"; {c.Parameters.Describe(n)}"));
        }

        log.WriteLine($"proof accepted ({statement.Circuit.Layers.Length} layers, {statement.ClaimedOutput.Length} outputs{committed}; statement soundness {GkrSoundness.Bits(statement):0.0} bits)");
        return CliErrors.Ok;
    }

    /// <summary>Checks each rebuilt table against its commitment file (when given).</summary>
    private static void CheckCommitments(BasefoldCommittedPolynomial[] tables, string[] commitmentPaths)
    {
        if (commitmentPaths.Length == 0)
        {
            return;
        }

        if (commitmentPaths.Length != tables.Length)
        {
            throw new ArgumentException($"{tables.Length} --committed tables but {commitmentPaths.Length} --commitment files.");
        }

        for (int j = 0; j < tables.Length; j++)
        {
            if (!CommitCommand.Read(commitmentPaths[j]).Commitment.Equals(tables[j].Commitment))
            {
                throw new ArgumentException($"{commitmentPaths[j]} is not the commitment to committed table {j}.");
            }
        }
    }
}
