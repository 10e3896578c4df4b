using System.CommandLine;
using System.Text.Json;
using Gkr.NeuralLayers.Compiler;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Zoo;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr model zoo NAME --out FILE</c> writes a synthetic zoo model (<see cref="ModelZoo"/>) as a model file;
/// <c>gkr model inspect FILE</c> prints its layers (kind, output shape, parameters, multiply-adds, quantization) and the
/// size of the circuit it compiles to; <c>commit</c>, <c>prove</c> and <c>verify</c> are in <see cref="ModelProveCommands"/>.
/// <c>--json</c> on every command for scripts.
/// </summary>
internal static class ModelCommand
{
    public static Command Create(Option<string?> maxFileSize)
    {
        var command = new Command("model", "Quantized models: write a zoo model, inspect a model file, commit its weights, prove and verify an inference.");
        command.Subcommands.Add(Zoo());
        command.Subcommands.Add(Inspect(maxFileSize));
        command.Subcommands.Add(ModelProveCommands.Commit(maxFileSize));
        command.Subcommands.Add(ModelProveCommands.Prove(maxFileSize));
        command.Subcommands.Add(ModelProveCommands.Verify(maxFileSize));
        return command;
    }

    private static Command Zoo()
    {
        var name = new Argument<string>("name") { Description = $"The model: {string.Join(", ", ModelZoo.Names)}." };
        var output = new Option<string>("--out") { Description = "Where to write the model file.", Required = true };
        var seed = new Option<int>("--seed") { Description = "The seed of the synthetic weights and calibration inputs.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("zoo", "Write a deterministic synthetic model (seeded He weights, calibrated requantization) as a model file.") { name, output, seed, json };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            QuantizedModel model = CliFiles.Guard("name", parse.GetValue(name)!, () => ModelZoo.Create(parse.GetValue(name)!, parse.GetValue(seed)));
            byte[] bytes = ModelFile.Encode(model);
            CliFiles.Write("--out", path, bytes);
            string digest = Convert.ToHexStringLower(ModelFile.Digest(model));
            Console.Out.WriteLine(parse.GetValue(json)
                ? JsonSerializer.Serialize(new Dictionary<string, object> { ["model"] = parse.GetValue(name)!, ["path"] = path, ["bytes"] = bytes.Length, ["digest"] = digest, ["layers"] = model.Layers.Count })
                : $"wrote {path}: {parse.GetValue(name)}, {model.Layers.Count} layers, {bytes.Length:N0} bytes, digest {digest}");
            return CliErrors.Ok;
        });
        return command;
    }

    private static Command Inspect(Option<string?> maxFileSize)
    {
        var file = new Argument<string>("file") { Description = "A model file." };
        var batch = new Option<int>("--batch") { Description = "The batch the circuit is compiled for.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("inspect", "Print a model's layers, shapes, parameters, multiply-adds and the size of its circuit.") { file, batch, json };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(file)!;
            QuantizedModel model = CliFiles.ReadBytes("model", path, FileSpec.Model(FileLimits.From(parse, maxFileSize)), bytes => ModelFile.Decode(bytes));
            return Print(model, path, Compiled(path, () => ModelCircuit.Compile(model, parse.GetValue(batch))), parse.GetValue(json), Console.Out);
        });
        return command;
    }

    /// <summary>
    /// Runs a compilation of the model at <paramref name="path"/> (a prover, a verifier, a circuit): a model the circuit
    /// compiler refuses (a layout it cannot express, a value that could overflow the field, a batch out of range) is bad
    /// input naming the file, not an internal error.
    /// </summary>
    public static T Compiled<T>(string path, Func<T> compile)
    {
        try
        {
            return compile();
        }
        catch (Exception ex) when (ex is NotSupportedException or Gkr.NeuralLayers.Analysis.ModelOverflowException or ArgumentException)
        {
            throw new CliInputException($"--model {path}: {ex.Message}", ex);
        }
    }

    /// <summary>The report: one line per layer, then the circuit's totals.</summary>
    public static int Print(QuantizedModel model, string path, ModelCircuit circuit, bool json, TextWriter output)
    {
        var layers = new List<Dictionary<string, object>>();
        long totalMacs = 0, totalParameters = 0;
        for (int i = 0; i < model.Layers.Count; i++)
        {
            ModelLayer layer = model.Layers[i];
            ValueSpec spec = model.Values[i];
            (long parameters, long macs, string detail) = Describe(layer, model.ValueOf(i - 1), spec);
            totalMacs += macs;
            totalParameters += parameters;
            layers.Add(new() { ["index"] = i, ["kind"] = layer.Kind.ToString(), ["output"] = spec.ToString(), ["parameters"] = parameters, ["macs"] = macs, ["detail"] = detail });
        }

        long witness = circuit.Circuit.Witness.Sum(w => 1L << w.NumVariables), tables = circuit.Circuit.Tables.Sum(t => 1L << t.NumVariables);
        var summary = new Dictionary<string, object>
        {
            ["path"] = path,
            ["digest"] = Convert.ToHexStringLower(ModelFile.Digest(model)),
            ["input"] = model.Input.ToString(),
            ["output"] = model.Output.ToString(),
            ["parameters"] = totalParameters,
            ["macs"] = totalMacs,
            ["batch"] = circuit.Batch,
            ["circuit_layers"] = circuit.Circuit.Layers.Length,
            ["circuit_lookups"] = circuit.Circuit.Lookups.Length,
            ["witness_values"] = witness,
            ["table_values"] = tables,
            ["magnitude_bits"] = circuit.Bounds.MagnitudeBits,
            ["layers"] = layers,
        };
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(summary));
            return CliErrors.Ok;
        }

        output.WriteLine($"model {path}  digest {summary["digest"]}");
        output.WriteLine($"input {model.Input}, output {model.Output}");
        foreach (Dictionary<string, object> l in layers)
        {
            output.WriteLine($"  {l["index"],3} {l["kind"],-12} {l["output"],-44} params {l["parameters"],10:N0}  MACs {l["macs"],12:N0}  {l["detail"]}");
        }

        output.WriteLine($"total: {totalParameters:N0} parameters, {totalMacs:N0} multiply-adds per sample");
        output.WriteLine($"circuit (batch {circuit.Batch}): {circuit.Circuit.Layers.Length} layers, {circuit.Circuit.Lookups.Length} lookup tables, {witness:N0} witness values committed per proof, {tables:N0} model-table values (padded), values within ±2^{circuit.Bounds.MagnitudeBits}");
        return CliErrors.Ok;
    }

    private static (long Parameters, long Macs, string Detail) Describe(ModelLayer layer, ValueSpec input, ValueSpec output) => layer switch
    {
        Conv2d c => (c.Weights.Shape.ElementCount + c.OutputChannels, (long)output.Shape.ElementCount * c.InputChannels * c.Window.Area, $"{c.Window}, input zero point {c.InputZeroPoint}"),
        Dense d => (d.Weights.Shape.ElementCount + d.OutFeatures, (long)d.OutFeatures * d.InFeatures, $"input zero point {d.InputZeroPoint}"),
        Requantize r => (r.Parameters.Scales.Count, 0, $"{r.Parameters.Scales.Count} scale(s), {r.Parameters.Rounding}, zero point {r.Parameters.ZeroPoint}, clamp [{r.Parameters.Min}, {r.Parameters.Max}]"),
        Pool2d p => (0, (long)output.Shape.ElementCount * p.Window.Area, p.Window.ToString()),
        ResidualAdd a => (0, input.Shape.ElementCount, $"skip from {a.SkipFrom}, multipliers {a.MainMultiplier} and {a.SkipMultiplier}"),
        _ => (0, 0, string.Empty),
    };
}
