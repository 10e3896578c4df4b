using System.Buffers.Binary;
using System.Text;
using Gkr.Cli;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Xunit.Abstractions;

namespace Gkr.Cli.Tests;

/// <summary>
/// Issue 6: malformed files and bad option values given to every command give one line on stderr,
/// <c>gkr: error: REASON</c>, exit 2 (bad input) or 1 (a rejected proof), and no stack trace.
/// </summary>
/// <remarks>
/// Each case names a command, a file-taking option and a malformation; the test starts from a valid
/// invocation (files from <see cref="ValidFiles"/>) and puts the malformed file in that one slot. Files
/// that state what is proved (circuit, input, output, commitment, committed table) are bad input, exit 2;
/// a proof file that is not a GKR proof at all (missing, a directory, too short for the header, another
/// magic, version or kind) or is larger than its statement allows is bad input too (issue 18: the file
/// boundary checks the header and the bound before the verifier sees a byte); proof bytes with a GKR proof
/// header that the verifier cannot decode or accept are a rejection, exit 1. An untyped exception anywhere
/// prints "internal error", which fails these tests. Huge, sparse, endless and FIFO files are in
/// <c>MalformedFileTests.Oversized.cs</c>.
/// </remarks>
[Collection(ConsoleCollection.Name)]
public sealed partial class MalformedFileTests(MalformedFileTests.ValidFiles files, ITestOutputHelper log) : IClassFixture<MalformedFileTests.ValidFiles>
{
    private const string P = "18446744069414584321";

    /// <summary>Malformations of any file read by a command.</summary>
    private static readonly string[] AnyFile = ["missing", "directory", "empty", "random-bytes", "truncated", "trailing-bytes", "nul-and-invalid-utf8"];

    /// <summary>Malformations of a value file (JSON array of field elements).</summary>
    private static readonly string[] ValueFile =
    [
        "json-object", "json-string", "json-null", "json-bool", "json-nested-array", "json-string-elements", "json-fraction", "json-exponent",
        "huge-number", "huge-negative", "exponent-overflow", "value-p", "value-2^64-1", "value-2^64", "below-minus-half-p",
        "deeply-nested", "wrong-count", "circuit-file", "proof-file", "commitment-file",
    ];

    /// <summary>Malformations of a circuit file.</summary>
    private static readonly string[] CircuitFileCases =
    [
        "json-array", "json-string", "json-null", "deeply-nested", "deeply-nested-layers", "version-string", "version-99", "format-wrong", "unknown-member", "missing-member",
        "inputs-zero", "inputs-negative", "inputs-huge", "inputs-int-max", "inputs-exponent-overflow", "gate-index-huge", "gate-index-negative", "gate-unknown-kind",
        "gate-arity", "cmul-constant-p", "cmul-constant-garbage", "matmul-overflow", "matmul-not-power-of-two", "matmul-huge-output", "copies-zero", "copies-three",
        "copies-huge", "layers-empty", "values-file", "proof-file", "commitment-file",
    ];

    /// <summary>Malformations of a GKR proof file.</summary>
    private static readonly string[] ProofFile =
    [
        "magic", "version", "kind-sumcheck", "kind-swapped", "element-size", "huge-layer-count", "huge-sumcheck-count", "non-canonical-element",
        "half", "commitment-file", "json-file",
    ];

    /// <summary>Malformations of a proof file that keep its GKR proof header and stay within its bound: the verifier's rejections.</summary>
    private static readonly string[] ProofRejections = ["truncated", "half", "kind-swapped", "element-size", "huge-layer-count", "huge-sumcheck-count", "non-canonical-element"];

    /// <summary>Malformations of a commitment file.</summary>
    private static readonly string[] CommitmentFile =
    [
        "magic", "version", "scheme", "bound", "huge-variables", "huge-target", "zero-target", "rate-out-of-range", "proof-file", "values-file", "other-size-commitment",
    ];

    /// <summary>Malformations of a statement file (gkr prove --statement).</summary>
    private static readonly string[] StatementFile =
    [
        "magic", "version", "kind-sumcheck", "element-size", "huge-segment-count", "non-canonical-element", "other-circuit-statement", "proof-file", "commitment-file", "values-file",
    ];

    /// <summary>Malformations of a binary circuit file.</summary>
    private static readonly string[] BinaryCircuitFile = ["magic", "version", "kind-sumcheck", "element-size", "huge-layer-count", "statement-file", "proof-file"];

    /// <summary>Malformations of a path a command writes.</summary>
    private static readonly string[] OutputFile = ["missing-parent", "directory"];

    public static TheoryData<string, string, string> FileCases()
    {
        var data = new TheoryData<string, string, string>();
        void Add(string command, string option, params string[][] kinds)
        {
            foreach (string malformation in kinds.SelectMany(k => k))
            {
                data.Add(command, option, malformation);
            }
        }

        Add("prove", "--circuit", AnyFile, CircuitFileCases);
        Add("prove", "--input", AnyFile, ValueFile);
        Add("prove", "--proof", OutputFile);
        Add("prove", "--output", OutputFile);
        Add("prove-committed", "--committed", AnyFile, ValueFile);
        Add("prove-committed", "--commitment", AnyFile, CommitmentFile);
        Add("verify", "--circuit", AnyFile, CircuitFileCases);
        Add("verify", "--input", AnyFile, ValueFile);
        Add("verify", "--output", AnyFile, ValueFile);
        Add("verify", "--proof", AnyFile, ProofFile);
        Add("verify-committed", "--proof", AnyFile, ProofFile);
        Add("verify-committed", "--commitment", AnyFile, CommitmentFile);
        Add("verify-statement", "--statement", AnyFile, StatementFile);
        Add("verify-statement", "--circuit", AnyFile, BinaryCircuitFile);
        Add("prove", "--statement", OutputFile);
        Add("commit", "--values", AnyFile, ValueFile);
        Add("commit", "--commitment", OutputFile);
        Add("demo", "--save", ["existing-file", "under-a-file"]);
        return data;
    }

    /// <summary>
    /// Bad option values, unknown options and commands, missing or repeated options: always bad input. Each
    /// case is (command, option, value) applied to the command's valid invocation: the option's value is
    /// replaced (split at spaces into words), or the option is dropped when the value is null; an option the
    /// invocation lacks is added.
    /// </summary>
    public static TheoryData<string, string, string?> ArgumentCases() => new()
    {
        { "prove", "--threads", "-1" },
        { "prove", "--threads", "0" },
        { "prove", "--threads", "abc" },
        { "prove", "--threads", "99999999999999" },
        { "prove", "--bogus", null },
        { "prove", "--circuit", null },
        { "prove", "--circuit", "{circuit} {circuit}" },
        { "prove", "--commitment", "{commitment}" },
        { "prove-committed", "--commitment", "{commitment} --commitment {commitment}" },
        { "verify", "--proof", null },
        { "verify", "--bogus", "1" },
        { "verify", "-circuit", null },
        { "verify-committed", "--commitment", null },
        { "verify-committed", "--commitment", "{commitment} --commitment {commitment}" },
        { "demo", "--threads", "-1" },
        { "demo", "--threads", "0" },
        { "demo", "--size", "-1" },
        { "demo", "--size", "12" },
        { "demo", "--size", "abc" },
        { "demo", "--size", "99999999999" },
        { "demo", "--bogus", null },
        { "demo", "extra", null },
        { "commit", "--values", null },
        { "commit", "--bogus", null },
        { "info", "--bogus", null },
        { "info", "extra", null },
        { "bench", "--bogus", null },
        { "bench", "no-such-suite", null },
        { "bench field", "--bogus", null },
        { "bench field", "--json", "maybe" },
        { "no-such-command", "--bogus", null },
        { "", "--bogus", null },
        { "", "", null },
    };

    [Theory]
    [MemberData(nameof(FileCases))]
    public void AMalformedFileIsOneLineAndTheRightExitCode(string command, string option, string malformation)
    {
        string bad = files.Malformed(command, option, malformation);
        (int exit, string error) = Run(files.Arguments(command, option, bad));
        // Proof bytes with a proof header that the verifier cannot decode or accept, and a valid commitment to
        // another table (a true statement the proof was not made for), are rejections; everything else is bad
        // input. Trailing bytes exceed the all-public proof's exact bound, not the committed proof's (its
        // openings may be longer than the honest ones).
        bool rejection = command.StartsWith("verify", StringComparison.Ordinal) && (option == "--proof"
            ? ProofRejections.Contains(malformation) || (malformation == "trailing-bytes" && command == "verify-committed")
            : malformation == "other-size-commitment");
        Assert.True(exit == (rejection ? CliErrors.Rejected : CliErrors.BadInput), $"exit {exit}: {error}");
        if (!rejection)
        {
            Assert.True(error.Contains(option, StringComparison.Ordinal) || error.Contains(bad, StringComparison.Ordinal), $"the reason names neither {option} nor the file: {error}");
        }
    }

    [Theory]
    [MemberData(nameof(ArgumentCases))]
    public void ABadArgumentIsOneLineAndBadInput(string command, string option, string? value)
    {
        (int exit, string error) = Run(files.Arguments(command, option, value));
        Assert.True(exit == CliErrors.BadInput, $"exit {exit}: {error}");
    }

    /// <summary>
    /// Seeded random edits of a valid proof (a byte changed, a run of bytes overwritten, bytes cut or inserted):
    /// every one is refused on one line, never accepted and never an untyped exception from the decoder: bad
    /// input when the edit broke the header (magic, version, a kind that is no GKR proof) or made the file
    /// longer than its statement allows, a rejection otherwise.
    /// </summary>
    [Theory]
    [InlineData("verify", 1)]
    [InlineData("verify-committed", 2)]
    public void SeededEditsOfAProofAreRejectedOnOneLine(string command, int seed)
    {
        byte[] valid = File.ReadAllBytes(files.Arguments(command, string.Empty, null).SkipWhile(a => a != "--proof").ElementAt(1));
        var rng = new Random(seed);
        for (int edit = 0; edit < 150; edit++)
        {
            byte[] bytes = Edit(valid, rng);
            string path = files.Write(bytes);
            (int exit, string error) = Run(files.Arguments(command, "--proof", path));
            bool proofHeader = bytes.Length >= 8 && bytes.AsSpan(0, 6).SequenceEqual(valid.AsSpan(0, 6)) && bytes[6] is 0x10 or 0x11;
            int expected = proofHeader && bytes.Length <= files.ProofLimit(command) ? CliErrors.Rejected : CliErrors.BadInput;
            Assert.True(exit == expected, $"seed {seed}, edit {edit}: exit {exit}: {error}");
        }
    }

    /// <summary>One random edit that changes the bytes.</summary>
    private static byte[] Edit(byte[] valid, Random rng)
    {
        int at = rng.Next(valid.Length);
        switch (rng.Next(4))
        {
            case 0:
                byte[] flipped = [.. valid];
                flipped[at] ^= (byte)rng.Next(1, 256);
                return flipped;
            case 1:
                byte[] overwritten = [.. valid];
                int length = Math.Min(rng.Next(1, 17), valid.Length - at);
                rng.NextBytes(overwritten.AsSpan(at, length));
                overwritten[at] = (byte)~valid[at];
                return overwritten;
            case 2:
                return [.. valid[..at], .. valid[Math.Min(valid.Length, at + rng.Next(1, 33))..]];
            default:
                byte[] inserted = new byte[rng.Next(1, 33)];
                rng.NextBytes(inserted);
                return [.. valid[..at], .. inserted, .. valid[at..]];
        }
    }

    [Fact]
    public void HelpStillWorks()
    {
        foreach (string[] args in new[] { new[] { "--help" }, ["verify", "--help"], ["prove", "-h"], ["bench", "field", "--help"] })
        {
            (int exit, string output, string error) = GkrRunner.Run(args);
            Assert.Equal(CliErrors.Ok, exit);
            Assert.Contains("Usage:", output);
            Assert.Equal(string.Empty, error);
        }
    }

    /// <summary>Runs the CLI and checks the error policy: exactly one non-empty stderr line "gkr: error: …", no stack trace, no internal error.</summary>
    private (int Exit, string Error) Run(string[] args)
    {
        (int exit, _, string error) = GkrRunner.Run(args);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToArray();
        string shown = $"gkr {string.Join(' ', args)} wrote: {error}";
        Assert.True(lines.Length == 1, $"expected one stderr line; {shown}");
        Assert.StartsWith(CliErrors.Prefix, lines[0]);
        Assert.True(lines[0].Length > CliErrors.Prefix.Length, shown);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("internal error", error);
        Assert.NotEqual(CliErrors.Ok, exit);
        log.WriteLine($"exit {exit}: {lines[0]}");
        return (exit, lines[0]);
    }

    /// <summary>Valid files for every command (written once per test class) and the malformed variants.</summary>
    public sealed partial class ValidFiles : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("gkr-malformed-tests-").FullName;
        private int _next;

        public ValidFiles()
        {
            Expect(GkrRunner.Run("demo", "--size", "1", "--threads", "1", "--save", _directory));

            // Committed: 64 inputs, 8 public values, a 32-entry table at [32, 64).
            LayeredCircuit circuit = new CircuitBuilder(64)
                .AddGates(SampleCircuits.RandomGates(new Random(31), 16, 64))
                .AddGates(SampleCircuits.RandomGates(new Random(32), 4, 16))
                .Build();
            File.WriteAllText(PathOf("ccircuit.json"), CircuitFile.Write(circuit));
            File.WriteAllText(PathOf("public.json"), CircuitFile.WriteValues(SampleCircuits.RandomValues(1, 8)));
            File.WriteAllText(PathOf("w.json"), CircuitFile.WriteValues(SampleCircuits.RandomValues(2, 32)));
            File.WriteAllText(PathOf("small.json"), CircuitFile.WriteValues(SampleCircuits.RandomValues(3, 16)));
            Expect(GkrRunner.Run("commit", "--values", PathOf("w.json"), "--commitment", PathOf("w.bin")));
            Expect(GkrRunner.Run("commit", "--values", PathOf("small.json"), "--commitment", PathOf("small.bin")));
            Expect(GkrRunner.Run(
                "prove", "--circuit", PathOf("ccircuit.json"), "--input", PathOf("public.json"), "--committed", PathOf("w.json"), "--commitment", PathOf("w.bin"),
                "--proof", PathOf("cproof.bin"), "--output", PathOf("coutput.json"), "--threads", "1", "--statement", PathOf("cstatement.bin")));
            Expect(GkrRunner.Run(Arguments("verify-committed", string.Empty, null)));
            Expect(GkrRunner.Run(Arguments("verify", string.Empty, null)));
        }

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        /// <summary>
        /// A valid invocation of <paramref name="command"/> with <paramref name="value"/> (split at spaces, {circuit} and
        /// {commitment} standing for the valid files) in place of <paramref name="option"/>'s value; a null value drops
        /// the option; an option the invocation lacks is added.
        /// </summary>
        public string[] Arguments(string command, string option, string? value)
        {
            string fresh = PathOf($"out-{Interlocked.Increment(ref _next)}");
            (string Option, string Value)[] valid = command switch
            {
                "prove" => [("--circuit", PathOf("circuit.json")), ("--input", PathOf("input.json")), ("--proof", fresh + ".bin"), ("--output", fresh + ".json"), ("--threads", "1")],
                "prove-committed" => [("--circuit", PathOf("ccircuit.json")), ("--input", PathOf("public.json")), ("--committed", PathOf("w.json")), ("--commitment", PathOf("w.bin")), ("--proof", fresh + ".bin"), ("--threads", "1")],
                "verify" => [("--circuit", PathOf("circuit.json")), ("--input", PathOf("input.json")), ("--output", PathOf("output.json")), ("--proof", PathOf("proof.bin"))],
                "verify-committed" => [("--circuit", PathOf("ccircuit.json")), ("--input", PathOf("public.json")), ("--output", PathOf("coutput.json")), ("--proof", PathOf("cproof.bin")), ("--commitment", PathOf("w.bin"))],
                "verify-statement" => [("--circuit", PathOf("circuit.bin")), ("--statement", PathOf("statement.bin")), ("--proof", PathOf("proof.bin"))],
                "commit" => [("--values", PathOf("w.json")), ("--commitment", fresh + ".bin")],
                "demo" => [("--size", "1"), ("--threads", "1"), ("--save", fresh)],
                "inspect" => [(Positional, PathOf("proof.bin")), ("--circuit", PathOf("circuit.json"))],
                _ => [],
            };
            string[] words = value?.Split(' ').Select(w => w switch { "{circuit}" => PathOf("circuit.json"), "{commitment}" => PathOf("w.bin"), _ => w }).ToArray() ?? [];
            var args = new List<string>(command.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split('-')[0] is "prove" or "verify" ? c.Split('-')[0] : c));
            foreach ((string name, string current) in valid)
            {
                string[] given = name != option ? [current] : value is null ? [] : words;
                args.AddRange(name == Positional || given.Length == 0 ? given : [name, .. given]);
            }

            if (option.Length > 0 && valid.All(v => v.Option != option))
            {
                args.AddRange([option, .. words]);
            }

            return [.. args];
        }

        /// <summary>Writes <paramref name="bytes"/> to a new file and returns its path.</summary>
        public string Write(byte[] bytes)
        {
            string path = PathOf($"edit-{Interlocked.Increment(ref _next)}");
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>Writes the malformed file for the case and returns its path.</summary>
        public string Malformed(string command, string option, string malformation)
        {
            string path = PathOf($"bad-{Interlocked.Increment(ref _next)}");
            byte[] bytes = File.ReadAllBytes(ValidFileFor(command, option));
            if (malformation == "directory")
            {
                Directory.CreateDirectory(path);
            }

            byte[]? content = malformation switch
            {
                // Any file.
                "missing" or "directory" => null,
                "empty" => [],
                "random-bytes" => RandomBytes(20261124 + option.Length, 300),
                "truncated" => bytes[..(bytes.Length / 2)],
                "trailing-bytes" => [.. bytes, 0x00, 0xFF, (byte)'x', (byte)']'],
                "nul-and-invalid-utf8" => [0xFF, 0xFE, (byte)'[', 0x00, (byte)'1', 0xC3, 0x28, (byte)']'],
                "half" => bytes[..^1],

                // Another kind of file in the slot.
                "circuit-file" => File.ReadAllBytes(PathOf("circuit.json")),
                "values-file" => File.ReadAllBytes(PathOf("input.json")),
                "json-file" => File.ReadAllBytes(PathOf("output.json")),
                "proof-file" => File.ReadAllBytes(PathOf("proof.bin")),
                "commitment-file" => File.ReadAllBytes(PathOf("w.bin")),
                "statement-file" => File.ReadAllBytes(PathOf("statement.bin")),
                "other-circuit-statement" => File.ReadAllBytes(PathOf("cstatement.bin")),
                "other-size-commitment" => File.ReadAllBytes(PathOf("small.bin")),

                // Output paths.
                "missing-parent" or "under-a-file" => null,
                "existing-file" => Encoding.UTF8.GetBytes("not a directory"),

                _ => Json(malformation) is { } json ? Encoding.UTF8.GetBytes(json) : Binary(malformation, bytes),
            };

            if (content is not null)
            {
                File.WriteAllBytes(path, content);
            }

            return malformation switch
            {
                "missing-parent" => Path.Combine(path, "sub", "file"),
                "under-a-file" => Path.Combine(PathOf("circuit.json"), "sub"),
                _ => path,
            };
        }

        /// <summary>JSON malformations (value and circuit files); null when the name is not one.</summary>
        private static string? Json(string malformation) => malformation switch
        {
            "json-object" => "{\"values\": [1, 2]}",
            "json-string" => "\"1, 2, 3\"",
            "json-null" => "null",
            "json-bool" => "true",
            "json-array" => "[1, 2, 3]",
            "json-nested-array" => "[[1, 2], [3, 4]]",
            "json-string-elements" => "[\"1\", \"2\"]",
            "json-fraction" => "[1.5, 2]",
            "json-exponent" => "[1e3, 2]",
            "huge-number" => "[123456789012345678901234567890123456789012345678901234567890]",
            "huge-negative" => "[-123456789012345678901234567890123456789012345678901234567890]",
            "exponent-overflow" => "[1e400]",
            "value-p" => $"[{P}]",
            "value-2^64-1" => "[18446744073709551615]",
            "value-2^64" => "[18446744073709551616]",
            "below-minus-half-p" => "[-9223372034707292161]",
            "deeply-nested" => new string('[', 100_000) + new string(']', 100_000),
            "wrong-count" => "[1, 2, 3]",
            "deeply-nested-layers" => Circuit(layers: new string('[', 10_000) + new string(']', 10_000)),
            "version-string" => Circuit("\"version\": \"1\""),
            "version-99" => Circuit("\"version\": 99"),
            "format-wrong" => Circuit("\"format\": \"gkr-model\""),
            "unknown-member" => Circuit("\"extra\": 1"),
            "missing-member" => "{\"format\": \"gkr-circuit\", \"version\": 1, \"inputs\": 2}",
            "inputs-zero" => Circuit("\"inputs\": 0"),
            "inputs-negative" => Circuit("\"inputs\": -8"),
            "inputs-huge" => Circuit("\"inputs\": 99999999999999999999"),
            "inputs-int-max" => Circuit("\"inputs\": 2147483647"),
            "inputs-exponent-overflow" => Circuit("\"inputs\": 1e400"),
            "gate-index-huge" => Circuit(layers: "{\"type\": \"gates\", \"gates\": [[\"add\", 2147483647, 0]]}"),
            "gate-index-negative" => Circuit(layers: "{\"type\": \"gates\", \"gates\": [[\"add\", -1, 0]]}"),
            "gate-unknown-kind" => Circuit(layers: "{\"type\": \"gates\", \"gates\": [[\"xor\", 0, 1]]}"),
            "gate-arity" => Circuit(layers: "{\"type\": \"gates\", \"gates\": [[\"add\", 0]]}"),
            "cmul-constant-p" => Circuit(layers: $"{{\"type\": \"gates\", \"gates\": [[\"cmul\", \"{P}\", 0]]}}"),
            "cmul-constant-garbage" => Circuit(layers: "{\"type\": \"gates\", \"gates\": [[\"cmul\", \"12ab\", 0]]}"),
            "matmul-overflow" => Circuit(layers: "{\"type\": \"matmul\", \"a\": [2147483647, 65536, 65536], \"b\": [0, 65536, 1]}"),
            "matmul-not-power-of-two" => Circuit(layers: "{\"type\": \"matmul\", \"a\": [0, 3, 1], \"b\": [0, 1, 1]}"),
            "matmul-huge-output" => Circuit(layers: "{\"type\": \"matmul\", \"a\": [0, 1073741824, 1], \"b\": [0, 1, 1073741824]}"),
            "copies-zero" => Circuit(layers: "{\"type\": \"data-parallel\", \"copies\": 0, \"gates\": [[\"add\", 0, 1]]}"),
            "copies-three" => Circuit(layers: "{\"type\": \"data-parallel\", \"copies\": 3, \"gates\": [[\"add\", 0, 1]]}"),
            "copies-huge" => Circuit(layers: "{\"type\": \"data-parallel\", \"copies\": 1073741824, \"gates\": [[\"add\", 0, 1]]}"),
            "layers-empty" => Circuit(layers: string.Empty),
            _ => null,
        };

        /// <summary>A small circuit file with one member replaced (or added) and the given layers.</summary>
        private static string Circuit(string member = "\"inputs\": 8", string layers = "{\"type\": \"gates\", \"gates\": [[\"add\", 0, 1]]}")
        {
            var members = new Dictionary<string, string>
            {
                ["format"] = "\"format\": \"gkr-circuit\"",
                ["version"] = "\"version\": 1",
                ["inputs"] = "\"inputs\": 8",
                ["layers"] = $"\"layers\": [{layers}]",
            };
            members[member.Split(':')[0].Trim('"', ' ')] = member;
            return "{" + string.Join(", ", members.Values) + "}";
        }

        /// <summary>Binary malformations of a valid proof, statement, circuit or commitment file (common header: magic 0..3,
        /// u16 version 4..5, kind 6, element size 7; a commitment file then has u32 bound, n, rate, arity, target, PoW bits;
        /// a statement the 32-byte circuit digest, then the u32 segment count).</summary>
        private static byte[] Binary(string malformation, byte[] valid)
        {
            byte[] bytes = [.. valid];
            switch (malformation)
            {
                case "magic": bytes[0] ^= 0x20; break;
                case "version": bytes[4] = 2; break;
                case "kind-sumcheck": bytes[6] = 1; break;
                case "kind-swapped": bytes[6] ^= 0x10 ^ 0x11; break; // the all-public kind for the committed one and vice versa
                case "element-size": bytes[7] = (byte)(bytes[7] == 8 ? 16 : 8); break;
                case "huge-layer-count": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), uint.MaxValue); break;
                case "huge-sumcheck-count": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), 0x7FFFFFFF); break;
                case "non-canonical-element": bytes.AsSpan(bytes.Length - 16).Fill(0xFF); break;
                case "scheme": bytes[6] = 0x21; break; // a Ligero commitment's kind
                case "bound": bytes[8] = 9; break;
                case "huge-variables": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), uint.MaxValue); break;
                case "rate-out-of-range": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), 1000); break;
                case "huge-target": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 0x80000000); break;
                case "zero-target": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(24), 0); break;
                case "huge-segment-count": BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(40), 0x7FFFFFFF); break;
                default: throw new ArgumentException($"unknown malformation {malformation}", nameof(malformation));
            }

            return bytes;
        }

        private static byte[] RandomBytes(int seed, int length)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }

        private static void Expect((int Exit, string Output, string Error) run) => Assert.True(run.Exit == CliErrors.Ok, run.Error);

        private string PathOf(string name) => Path.Combine(_directory, name);

        /// <summary>The valid file a malformation starts from.</summary>
        private string ValidFileFor(string command, string option) => (command, option) switch
        {
            ("verify-statement", "--circuit") => PathOf("circuit.bin"),
            ("inspect", Positional) => PathOf("proof.bin"),
            (_, "--circuit") => PathOf("circuit.json"),
            (_, "--statement") => PathOf("statement.bin"),
            ("verify", "--output") => PathOf("output.json"),
            (_, "--input") => PathOf("input.json"),
            ("verify", "--proof") => PathOf("proof.bin"),
            ("verify-committed", "--proof") => PathOf("cproof.bin"),
            (_, "--commitment") => PathOf("w.bin"),
            _ => PathOf("w.json"),
        };
    }
}
