using System.CommandLine;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr commit --values W.json --commitment C.bin</c>: commits once to a table of 2^n values (a model's
/// weights) with Basefold under the default parameters, and writes the commitment file
/// (<see cref="BasefoldCommitmentFile"/>: 64 bytes, versioned, canonical). The prover needs only the
/// values file afterwards (the commitment is deterministic, so <c>gkr prove --committed W.json</c>
/// rebuilds the prover-side state and, given <c>--commitment</c>, checks it against the file); the
/// verifier needs only the commitment file.
/// </summary>
internal static class CommitCommand
{
    public static Command Create(Option<string?> maxFileSize)
    {
        var values = new Option<string>("--values") { Description = "The values to commit (JSON array of integers, a power-of-two count).", Required = true };
        var commitment = new Option<string>("--commitment") { Description = "Where to write the commitment file (binary Gkr format, kind BasefoldCommitment).", Required = true };
        var command = new Command("commit", "Commit to a table of values (e.g. model weights) once; proofs reuse the commitment.") { values, commitment };
        command.SetAction(parse => Commit(FileLimits.From(parse, maxFileSize), parse.GetValue(values)!, parse.GetValue(commitment)!, Console.Out));
        return command;
    }

    public static int Commit(FileLimits limits, string valuesPath, string commitmentPath, TextWriter log)
    {
        BasefoldCommittedPolynomial committed = Load(limits, "--values", valuesPath);
        CliFiles.Write("--commitment", commitmentPath, BasefoldCommitmentFile.Encode(committed.Commitment, BasefoldParameters.Default));
        log.WriteLine($"committed {committed.Table.Length} values: root {committed.Commitment.RootHex}");
        log.WriteLine(BasefoldParameters.Default.Describe(committed.Commitment.NumVariables));
        return CliErrors.Ok;
    }

    /// <summary>Reads the values file given to <paramref name="option"/> and commits to it under the default parameters (the prover-side state).</summary>
    /// <exception cref="CliInputException">The file is unreadable or malformed, or its count is not a power of two (or is too large to encode).</exception>
    public static BasefoldCommittedPolynomial Load(FileLimits limits, string option, string valuesPath)
    {
        Goldilocks[] table = CliFiles.ReadText(option, valuesPath, FileSpec.Values(limits), CircuitFile.ParseValues);
        if (table.Length == 0 || !int.IsPow2(table.Length))
        {
            throw new CliInputException($"{option} {valuesPath} has {table.Length} values; a committed table needs a power-of-two count.");
        }

        return BasefoldProver.Commit(table, BasefoldParameters.Default);
    }

    /// <summary>Reads a commitment file (given to <c>--commitment</c>).</summary>
    /// <exception cref="CliInputException">It is unreadable or not a canonical commitment file.</exception>
    public static (BasefoldCommitment Commitment, BasefoldParameters Parameters) Read(string commitmentPath) =>
        CliFiles.ReadBytes("--commitment", commitmentPath, FileSpec.Commitment, bytes => BasefoldCommitmentFile.Decode(bytes));
}
