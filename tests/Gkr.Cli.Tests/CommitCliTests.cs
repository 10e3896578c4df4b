using Gkr.Cli;
using Gkr.Field;
using Gkr.Protocol.Circuits;

namespace Gkr.Cli.Tests;

/// <summary>
/// Committed inputs through the CLI: commit → prove → verify, a verify against the wrong commitment
/// (exit 1 with the reason), and malformed or mismatched commitment files (exit 2, one line).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CommitCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gkr-commit-tests-").FullName;

    public CommitCliTests()
    {
        // 64 inputs: 8 public values, a 16-entry table at [16, 32) and a 32-entry table at [32, 64).
        LayeredCircuit circuit = new CircuitBuilder(64)
            .AddGates(SampleCircuits.RandomGates(new Random(21), 32, 64))
            .AddGates(SampleCircuits.RandomGates(new Random(22), 8, 32))
            .Build();
        File.WriteAllText(PathOf("circuit.json"), CircuitFile.Write(circuit));
        Write("public.json", SampleCircuits.RandomValues(1, 8));
        Write("w1.json", SampleCircuits.RandomValues(2, 16));
        Write("w2.json", SampleCircuits.RandomValues(3, 32));
        Write("other.json", SampleCircuits.RandomValues(4, 32));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private void Write(string name, Goldilocks[] values) => File.WriteAllText(PathOf(name), CircuitFile.WriteValues(values));

    private static (int Exit, string Output, string Error) Gkr(params string[] args) => GkrRunner.Run(args);

    private void CommitAndProve()
    {
        foreach (string name in new[] { "w1", "w2", "other" })
        {
            (int exit, string output, string error) = Gkr("commit", "--values", PathOf($"{name}.json"), "--commitment", PathOf($"{name}.bin"));
            Assert.True(exit == 0, error);
            Assert.Contains("basefold-pcs:", output);
        }

        (int proveExit, _, string proveError) = Gkr(
            "prove", "--circuit", PathOf("circuit.json"), "--input", PathOf("public.json"), "--committed", PathOf("w1.json"), "--committed", PathOf("w2.json"),
            "--commitment", PathOf("w1.bin"), "--commitment", PathOf("w2.bin"), "--proof", PathOf("proof.bin"), "--output", PathOf("output.json"), "--threads", "1");
        Assert.True(proveExit == 0, proveError);
    }

    private (int Exit, string Output, string Error) Verify(string first = "w1.bin", string second = "w2.bin") =>
        Gkr("verify", "--circuit", PathOf("circuit.json"), "--input", PathOf("public.json"), "--output", PathOf("output.json"), "--proof", PathOf("proof.bin"),
            "--commitment", PathOf(first), "--commitment", PathOf(second));

    [Fact]
    public void CommitProveVerifyRoundTrips()
    {
        CommitAndProve();
        (int exit, string output, string error) = Verify();
        Assert.True(exit == 0, error);
        Assert.Contains("proof accepted", output);
        Assert.Contains("2 committed tables", output);
        Assert.Contains("basefold-pcs:", output);
        Assert.Contains("codeword 2^7", output);
        Assert.Contains("codeword 2^8", output);
    }

    [Fact]
    public void VerifyingAgainstAnotherCommitmentIsRejected()
    {
        CommitAndProve();
        (int exit, _, string error) = Verify(second: "other.bin");
        Assert.Equal(CliErrors.Rejected, exit);
        Assert.Contains("OutputClaimMismatch", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void AMalformedCommitmentFileIsBadInput()
    {
        CommitAndProve();
        byte[] bytes = File.ReadAllBytes(PathOf("w2.bin"));
        File.WriteAllBytes(PathOf("short.bin"), bytes[..^1]);
        byte[] version = [.. bytes];
        version[4] = 2;
        File.WriteAllBytes(PathOf("version.bin"), version);
        foreach (string file in new[] { "short.bin", "version.bin", "w2.json" })
        {
            (int exit, _, string error) = Verify(second: file);
            Assert.Equal(CliErrors.BadInput, exit);
            Assert.StartsWith("gkr: error:", error);
            Assert.Single(error.Trim().Split('\n'));
        }
    }

    [Fact]
    public void MismatchedCommitmentsAreBadInput()
    {
        CommitAndProve();

        // The prover's table is not the one the commitment file commits to.
        (int exit, _, string error) = Gkr(
            "prove", "--circuit", PathOf("circuit.json"), "--input", PathOf("public.json"), "--committed", PathOf("w1.json"), "--committed", PathOf("w2.json"),
            "--commitment", PathOf("w1.bin"), "--commitment", PathOf("other.bin"), "--proof", PathOf("x.bin"), "--threads", "1");
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains("is not the commitment", error);

        // Segments that do not fit the circuit's 64 inputs: 8 public, 32 at [32, 64), then 32 more.
        (exit, _, error) = Verify(first: "w2.bin", second: "other.bin");
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains("past the circuit's 64 inputs", error);
    }
}
