using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Cli;

/// <summary>
/// <c>gkr demo</c>: builds the default circuit (two matrix products and three gate layers, fixed seed),
/// proves, verifies the encoded proof, and prints sizes, timings, proof size and soundness.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "log2 of the matrix dimension d (matrices are d×d).", DefaultValueFactory = _ => 7 };
        var threads = new Option<int>("--threads") { Description = "Threads for evaluation and proving (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var save = new Option<string?>("--save") { Description = "Write circuit.json (and the binary circuit.bin), input.json, output.json, statement.bin and proof.bin to this directory." };
        var command = new Command("demo", "Build the default circuit (matrix products and gate layers, fixed seed), prove, verify, and print sizes, timings, proof size and soundness.")
        {
            size, threads, save,
        };
        command.SetAction(parse => Run(parse.GetValue(size), parse.GetValue(threads), parse.GetValue(save), Console.Out));
        return command;
    }

    public static int Run(int dimensionLog, int threads, string? saveDirectory, TextWriter output)
    {
        if (dimensionLog is < 0 or > 11)
        {
            throw new ArgumentException($"--size must be in 0..11 (d = 2^size), got {dimensionLog}.");
        }

        if (threads < 1)
        {
            throw new ArgumentException($"--threads must be at least 1, got {threads}.");
        }

        if (File.Exists(saveDirectory))
        {
            throw new CliInputException($"--save {saveDirectory}: is a file; give a directory.");
        }

        var options = new SumcheckOptions { MaxThreads = threads };
        LayeredCircuit circuit = SampleCircuits.Demo(dimensionLog);
        Goldilocks[] input = SampleCircuits.RandomValues(2026, circuit.InputWidth);
        int d = 1 << dimensionLog;
        output.WriteLine($"gkr demo: d = {d}, {threads} thread(s)");
        output.WriteLine($"circuit: {circuit.Layers.Length} layers, {circuit.InputWidth} inputs, {circuit.OutputWidth} outputs, digest {Convert.ToHexStringLower(circuit.Digest)[..16]}…");
        for (int i = 0; i < circuit.Layers.Length; i++)
        {
            output.WriteLine($"  layer {i}: {Describe(circuit.Layers[i])}");
        }

        // Compile every code path on a 2×2 instance first, so that the timings below are not JIT time.
        LayeredCircuit small = SampleCircuits.Demo(1);
        GkrProverResult warmup = GkrProver.Prove(small, SampleCircuits.RandomValues(1, small.InputWidth), options);
        GkrVerifier.Verify(warmup.Statement, GkrProofEncoding.Encode(warmup.Proof));

        long start = Stopwatch.GetTimestamp();
        circuit.Evaluate(input, options);
        double evaluateMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        GkrProverResult result = GkrProver.Prove(circuit, input, options);
        double proveMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        byte[] proof = GkrProofEncoding.Encode(result.Proof);

        start = Stopwatch.GetTimestamp();
        GkrVerifier.Verify(result.Statement, proof);
        double verifyMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"evaluate:  {evaluateMs,10:0.00} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"prove:     {proveMs,10:0.00} ms  (includes evaluation; {proveMs / evaluateMs:0.0}× evaluation)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"verify:    {verifyMs,10:0.00} ms  (decodes the proof bytes, evaluates the input's extension itself)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"proof:     {proof.Length,10} bytes ({proof.Length / 1024.0:0.0} KiB)"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"soundness: {GkrSoundness.Bits(circuit),10:0.0} bits (challenges from GoldilocksExt2; interactive bound, see GkrSoundness)"));
        output.WriteLine($"output[0..4]: {string.Join(", ", result.Statement.ClaimedOutput.Take(4))}");
        output.WriteLine("verified: ok");

        if (saveDirectory is not null)
        {
            CliFiles.Guard("--save", saveDirectory, () =>
            {
                Directory.CreateDirectory(saveDirectory);
                File.WriteAllText(Path.Combine(saveDirectory, "circuit.json"), CircuitFile.Write(circuit));
                File.WriteAllText(Path.Combine(saveDirectory, "input.json"), CircuitFile.WriteValues(input));
                File.WriteAllText(Path.Combine(saveDirectory, "output.json"), CircuitFile.WriteValues(result.Statement.ClaimedOutput.AsSpan()));
                File.WriteAllBytes(Path.Combine(saveDirectory, "proof.bin"), proof);
                File.WriteAllBytes(Path.Combine(saveDirectory, "circuit.bin"), CircuitEncoding.Encode(circuit));
                File.WriteAllBytes(Path.Combine(saveDirectory, "statement.bin"), GkrStatementEncoding.Encode(result.Statement));
            });
            output.WriteLine($"saved circuit.json, circuit.bin, input.json, output.json, statement.bin, proof.bin to {saveDirectory}; check with:");
            output.WriteLine($"  gkr verify --circuit {Path.Combine(saveDirectory, "circuit.json")} --input {Path.Combine(saveDirectory, "input.json")} --output {Path.Combine(saveDirectory, "output.json")} --proof {Path.Combine(saveDirectory, "proof.bin")}");
        }

        return CliErrors.Ok;
    }

    /// <summary>One line describing a layer's kind and size.</summary>
    public static string Describe(CircuitLayer layer) => layer switch
    {
        MatMulLayer m => $"matmul  ({m.A.Rows}×{m.A.Cols})·({m.B.Rows}×{m.B.Cols}) -> {m.Width} values, {m.Size} multiply-adds",
        GateLayer { CopyVariables: > 0 } g => $"gates   {1 << g.CopyVariables} copies × {g.Gates.Length} gates -> 2^{g.NumVariables} values",
        GateLayer g => $"gates   {g.Gates.Length} gates ({Histogram(g)}) -> 2^{g.NumVariables} values",
        _ => $"{layer.GetType().Name} -> 2^{layer.NumVariables} values",
    };

    private static string Histogram(GateLayer layer)
    {
        var counts = new Dictionary<GateKind, int>();
        foreach (Gate gate in layer.Gates)
        {
            counts[gate.Kind] = counts.GetValueOrDefault(gate.Kind) + 1;
        }

        return string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} {c.Key.ToString().ToLowerInvariant()}"));
    }
}
