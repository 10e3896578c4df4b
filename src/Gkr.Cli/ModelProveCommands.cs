using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Proving;
using Gkr.Protocol.Graph;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr model commit | prove | verify</c>: the model prover and verifier (<see cref="ModelProver"/>,
/// <see cref="ModelVerifier"/>) over files: a model file, an input (JSON: one sample as an array of integers, or a batch
/// as an array of arrays), a statement and a weight-commitment file (<see cref="ModelStatementFile"/>), and the proof.
/// Exit codes as everywhere: 0 accepted, 1 rejected (with the reason), 2 bad input.
/// </summary>
internal static class ModelProveCommands
{
    public static Command Commit(Option<string?> maxFileSize)
    {
        var model = new Option<string>("--model") { Description = "The model file.", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the weight commitment file (publish it to verifiers).", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("commit", "Commit to a model's weights once (Basefold); verifiers check statements against the commitment file.") { model, output, json };
        command.SetAction(parse =>
        {
            QuantizedModel m = ReadModel(parse, maxFileSize, parse.GetValue(model)!);
            var timer = Stopwatch.StartNew();
            ModelProver prover = ModelCommand.Compiled(parse.GetValue(model)!, () => new ModelProver(m, 1, commitWeights: true));
            byte[] bytes = ModelStatementFile.EncodeCommitment(prover.ModelDigest.AsSpan(), prover.WeightCommitment!);
            CliFiles.Write("--out", parse.GetValue(output)!, bytes);
            string digest = Convert.ToHexStringLower(prover.WeightCommitment!.Digest());
            Console.Out.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new Dictionary<string, object> { ["commitment_digest"] = digest, ["ms"] = timer.Elapsed.TotalMilliseconds, ["bytes"] = bytes.Length })
                : $"committed the weights of {parse.GetValue(model)} in {timer.Elapsed.TotalMilliseconds:F0} ms: commitment digest {digest}");
            return CliErrors.Ok;
        });
        return command;
    }

    public static Command Prove(Option<string?> maxFileSize)
    {
        var model = new Option<string>("--model") { Description = "The model file.", Required = true };
        var input = new Option<string>("--input") { Description = "The input: a JSON array of integers (one sample) or an array of such arrays (a batch).", Required = true };
        var proof = new Option<string>("--proof") { Description = "Where to write the proof.", Required = true };
        var statement = new Option<string>("--statement") { Description = "Where to write the statement (model digest, inputs, outputs, weight commitment).", Required = true };
        var publicWeights = new Option<bool>("--public-weights") { Description = "Prove with public weights (the verifier reads them from the model) instead of committed ones." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("prove", "Run a model on an input and prove the inference.") { model, input, proof, statement, publicWeights, json };
        command.SetAction(parse =>
        {
            FileLimits limits = FileLimits.From(parse, maxFileSize);
            QuantizedModel m = ReadModel(parse, maxFileSize, parse.GetValue(model)!);
            int[][] samples = CliFiles.ReadText("--input", parse.GetValue(input)!, FileSpec.Values(limits), ParseSamples);
            var timer = Stopwatch.StartNew();
            ModelProver prover = ModelCommand.Compiled(parse.GetValue(model)!, () => new ModelProver(m, samples.Length, !parse.GetValue(publicWeights)));
            double setupMs = timer.Elapsed.TotalMilliseconds;
            timer.Restart();
            ModelProof result = CliFiles.Guard("--input", parse.GetValue(input)!, () => prover.Prove(samples));
            double proveMs = timer.Elapsed.TotalMilliseconds;
            CliFiles.Write("--proof", parse.GetValue(proof)!, [.. result.ProofBytes]);
            CliFiles.Write("--statement", parse.GetValue(statement)!, ModelStatementFile.Encode(result.Statement));
            Report(result.Outputs, json: parse.GetValue(json), new() { ["setup_ms"] = setupMs, ["prove_ms"] = proveMs, ["proof_bytes"] = result.ProofBytes.Length },
                $"proved {samples.Length} sample(s) in {proveMs:F0} ms (compile and weights {setupMs:F0} ms); proof {result.ProofBytes.Length / 1024.0:F1} KiB");
            return CliErrors.Ok;
        });
        return command;
    }

    public static Command Verify(Option<string?> maxFileSize)
    {
        var model = new Option<string>("--model") { Description = "The model file (its architecture, and its weights for public-weight proofs).", Required = true };
        var statement = new Option<string>("--statement") { Description = "The statement file.", Required = true };
        var proof = new Option<string>("--proof") { Description = "The proof file.", Required = true };
        var commitment = new Option<string?>("--commitment") { Description = "The published weight commitment file; without it, the commitment is recomputed from the model's weights." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("verify", "Verify a model proof; prints the proven outputs (or classes).") { model, statement, proof, commitment, json };
        command.SetAction(parse =>
        {
            FileLimits limits = FileLimits.From(parse, maxFileSize);
            QuantizedModel m = ReadModel(parse, maxFileSize, parse.GetValue(model)!);
            ModelStatement s = CliFiles.ReadBytes("--statement", parse.GetValue(statement)!, FileSpec.ModelStatement(limits), bytes => ModelStatementFile.Decode(bytes));
            byte[] proofBytes = CliFiles.ReadBytes("--proof", parse.GetValue(proof)!, FileSpec.GraphProof(limits));
            GraphModelCommitment? published = null;
            if (parse.GetValue(commitment) is { } path)
            {
                (var digest, published) = CliFiles.ReadBytes("--commitment", path, FileSpec.ModelStatement(limits), bytes => ModelStatementFile.DecodeCommitment(bytes));
                if (!digest.AsSpan().SequenceEqual(ModelFile.Digest(m)))
                {
                    throw new CliInputException($"--commitment {path}: the commitment is for another model (digest {Convert.ToHexStringLower(digest.AsSpan())}).");
                }
            }
            else if (s.WeightsCommitted)
            {
                published = ModelCommand.Compiled(parse.GetValue(model)!, () => new ModelProver(m, s.Batch, commitWeights: true)).WeightCommitment; // the verifier has the weights: recompute
            }

            ModelVerifier verifier = ModelCommand.Compiled(parse.GetValue(model)!, () => new ModelVerifier(m, s.Batch, published));
            var timer = Stopwatch.StartNew();
            ModelOutputs outputs = verifier.Verify(s, proofBytes);
            Report(outputs, parse.GetValue(json), new() { ["verified"] = true, ["verify_ms"] = timer.Elapsed.TotalMilliseconds }, $"verified: ok ({timer.Elapsed.TotalMilliseconds:F1} ms)");
            return CliErrors.Ok;
        });
        return command;
    }

    private static QuantizedModel ReadModel(ParseResult parse, Option<string?> maxFileSize, string path) =>
        CliFiles.ReadBytes("--model", path, FileSpec.Model(FileLimits.From(parse, maxFileSize)), bytes => ModelFile.Decode(bytes));

    /// <summary>One sample ([1, 2, …]) or a batch ([[…], […]]) of integers.</summary>
    /// <exception cref="FormatException">Not JSON, or not such arrays, or a value that is not a 32-bit integer.</exception>
    internal static int[][] ParseSamples(string text)
    {
        try
        {
            using JsonDocument doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 4 });
            JsonElement root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Array || root.GetArrayLength() == 0)
            {
                throw new FormatException("the input is a non-empty JSON array of integers, or an array of such arrays (a batch).");
            }

            return root[0].ValueKind == JsonValueKind.Array
                ? [.. root.EnumerateArray().Select((s, b) => Sample(s, $"sample {b}"))]
                : [Sample(root, "the sample")];
        }
        catch (JsonException ex)
        {
            throw new FormatException($"the input is not valid JSON: {ex.Message}", ex);
        }
    }

    private static int[] Sample(JsonElement element, string what) =>
        element.ValueKind == JsonValueKind.Array
            ? [.. element.EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int x) ? x : throw new FormatException($"{what}, value {i}: {v.GetRawText()} is not a 32-bit integer."))]
            : throw new FormatException($"{what} is not an array of integers.");

    private static void Report(ModelOutputs outputs, bool json, Dictionary<string, object> extra, string line)
    {
        if (json)
        {
            extra["outputs"] = outputs.Values.Select(v => v.ToArray()).ToArray();
            if (outputs.Classes is { } classes)
            {
                extra["classes"] = classes.ToArray();
            }

            Console.Out.WriteLine(JsonSerializer.Serialize(extra));
            return;
        }

        Console.Out.WriteLine(line);
        for (int b = 0; b < outputs.Values.Length; b++)
        {
            Console.Out.WriteLine(outputs.Classes is { } c ? $"sample {b}: class {c[b]}" : $"sample {b}: [{string.Join(", ", outputs.Values[b])}]");
        }
    }
}
