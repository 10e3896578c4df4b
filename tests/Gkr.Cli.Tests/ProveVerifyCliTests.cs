using Gkr.Cli;

namespace Gkr.Cli.Tests;

/// <summary>
/// The CLI as a user drives it: demo → files → verify, and what verify says about tampered or
/// malformed files (exit 0 accepted, 1 rejected, 2 bad input; one line on stderr, no stack trace).
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class ProveVerifyCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gkr-cli-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    private static (int Exit, string Output, string Error) Gkr(params string[] args) => GkrRunner.Run(args);

    private (int Exit, string Output, string Error) VerifySaved(string? proof = null, string? output = null, string? circuit = null) =>
        Gkr("verify", "--circuit", circuit ?? PathOf("circuit.json"), "--input", PathOf("input.json"), "--output", output ?? PathOf("output.json"), "--proof", proof ?? PathOf("proof.bin"));

    private void SaveDemo()
    {
        (int exit, string output, string error) = Gkr("demo", "--size", "3", "--threads", "1", "--save", _directory);
        Assert.True(exit == 0, error);
        Assert.Contains("verified: ok", output);
    }

    [Fact]
    public void DemoSavesFilesThatVerify()
    {
        SaveDemo();
        foreach (string file in new[] { "circuit.json", "input.json", "output.json", "proof.bin" })
        {
            Assert.True(File.Exists(PathOf(file)), file);
        }

        (int exit, string output, _) = VerifySaved();
        Assert.Equal(CliErrors.Ok, exit);
        Assert.Contains("proof accepted", output);
    }

    [Fact]
    public void ProveThenVerifyRoundTrips()
    {
        SaveDemo();
        (int exit, _, string error) = Gkr("prove", "--circuit", PathOf("circuit.json"), "--input", PathOf("input.json"), "--proof", PathOf("again.bin"), "--output", PathOf("again.json"), "--threads", "1");
        Assert.True(exit == 0, error);
        Assert.Equal(CliErrors.Ok, VerifySaved(proof: PathOf("again.bin"), output: PathOf("again.json")).Exit);
    }

    [Fact]
    public void AChangedOutputIsRejectedWithItsReason()
    {
        SaveDemo();
        // One output element changed by one (still a canonical field element).
        ulong[] values = System.Text.Json.JsonSerializer.Deserialize<ulong[]>(File.ReadAllText(PathOf("output.json")))!;
        values[0] = (values[0] + 1) % Field.Goldilocks.Modulus;
        File.WriteAllText(PathOf("tampered.json"), System.Text.Json.JsonSerializer.Serialize(values));
        (int exit, _, string error) = VerifySaved(output: PathOf("tampered.json"));
        Assert.Equal(CliErrors.Rejected, exit);
        Assert.Contains("OutputClaimMismatch", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void ATruncatedProofIsRejectedAsMalformed()
    {
        SaveDemo();
        byte[] proof = File.ReadAllBytes(PathOf("proof.bin"));
        File.WriteAllBytes(PathOf("short.bin"), proof[..(proof.Length / 2)]);
        (int exit, _, string error) = VerifySaved(proof: PathOf("short.bin"));
        Assert.NotEqual(CliErrors.Ok, exit);
        Assert.Contains("MalformedProof", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void AMalformedCircuitFileIsBadInput()
    {
        SaveDemo();
        File.WriteAllText(PathOf("broken.json"), "{\"format\": \"gkr-circuit\", \"version\": 99}");
        (int exit, _, string error) = VerifySaved(circuit: PathOf("broken.json"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.StartsWith("gkr: error:", error);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void AnOutOfRangeValueIsBadInput()
    {
        SaveDemo();
        File.WriteAllText(PathOf("huge.json"), "[18446744073709551615]");
        (int exit, _, string error) = VerifySaved(output: PathOf("huge.json"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.StartsWith("gkr: error:", error);
    }

    [Fact]
    public void AMissingFileIsBadInput()
    {
        (int exit, _, string error) = VerifySaved(proof: PathOf("does-not-exist.bin"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.StartsWith("gkr: error:", error);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
