using Gkr.Cli;

namespace Gkr.Cli.Tests;

/// <summary>
/// Statement files (<c>gkr prove --statement</c>, <c>gkr verify --statement</c>), binary circuit files, and
/// <c>gkr inspect</c> on every kind of file the tool writes.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class StatementInspectCliTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gkr-statement-tests-").FullName;

    public StatementInspectCliTests()
    {
        (int exit, _, string error) = GkrRunner.Run("demo", "--size", "2", "--threads", "1", "--save", _directory);
        Assert.True(exit == 0, error);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string PathOf(string name) => Path.Combine(_directory, name);

    [Theory]
    [InlineData("circuit.json")]
    [InlineData("circuit.bin")]
    public void TheStatementFileReplacesInputOutputAndCommitments(string circuit)
    {
        (int exit, string output, string error) = GkrRunner.Run("verify", "--circuit", PathOf(circuit), "--statement", PathOf("statement.bin"), "--proof", PathOf("proof.bin"));
        Assert.True(exit == CliErrors.Ok, error);
        Assert.Contains("proof accepted", output, StringComparison.Ordinal);
        Assert.Contains("statement soundness", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ProveWritesAStatementThatVerifies()
    {
        Assert.Equal(CliErrors.Ok, GkrRunner.Run(
            "prove", "--circuit", PathOf("circuit.bin"), "--input", PathOf("input.json"), "--proof", PathOf("p2.bin"), "--output", PathOf("o2.json"), "--statement", PathOf("s2.bin"), "--threads", "1").Exit);
        Assert.Equal(File.ReadAllBytes(PathOf("statement.bin")), File.ReadAllBytes(PathOf("s2.bin")));
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("verify", "--circuit", PathOf("circuit.json"), "--statement", PathOf("s2.bin"), "--proof", PathOf("p2.bin")).Exit);
    }

    [Fact]
    public void AChangedClaimedOutputInTheStatementIsRejected()
    {
        byte[] statement = File.ReadAllBytes(PathOf("statement.bin"));
        statement[^8] ^= 1; // the last output's low byte: still canonical, so it decodes
        File.WriteAllBytes(PathOf("lie.bin"), statement);
        (int exit, _, string error) = GkrRunner.Run("verify", "--circuit", PathOf("circuit.json"), "--statement", PathOf("lie.bin"), "--proof", PathOf("proof.bin"));
        Assert.Equal(CliErrors.Rejected, exit);
        Assert.Contains("OutputClaimMismatch", error, StringComparison.Ordinal);
    }

    [Fact]
    public void StatementAndInputFilesTogetherAreBadInput()
    {
        (int exit, _, string error) = GkrRunner.Run("verify", "--circuit", PathOf("circuit.json"), "--statement", PathOf("statement.bin"), "--input", PathOf("input.json"), "--proof", PathOf("proof.bin"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("proof.bin", false, "kind Gkr (0x10)")]
    [InlineData("proof.bin", true, "decodes for this circuit")]
    [InlineData("statement.bin", true, "gkr statement: 32 public inputs, 16 outputs")]
    [InlineData("circuit.bin", false, "kind Circuit (0x30)")]
    [InlineData("circuit.json", false, "JSON circuit file")]
    public void InspectDescribesEveryKind(string file, bool withCircuit, string expected)
    {
        string[] args = withCircuit ? ["inspect", PathOf(file), "--circuit", PathOf("circuit.json")] : ["inspect", PathOf(file)];
        (int exit, string output, string error) = GkrRunner.Run(args);
        Assert.True(exit == CliErrors.Ok, error);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    [Fact]
    public void InspectDecodesCommitmentFiles()
    {
        File.WriteAllText(PathOf("w.json"), "[1, 2, 3, 4, 5, 6, 7, 8]");
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("commit", "--values", PathOf("w.json"), "--commitment", PathOf("w.bin")).Exit);
        (int exit, string output, _) = GkrRunner.Run("inspect", PathOf("w.bin"));
        Assert.Equal(CliErrors.Ok, exit);
        Assert.Contains("basefold commitment: 2^3 values", output, StringComparison.Ordinal);
        Assert.Contains("basefold-pcs:", output, StringComparison.Ordinal);
    }

    public static TheoryData<string> BadFiles => ["missing", "empty", "garbage", "truncated-proof", "trailing-byte", "bad-magic", "bad-version", "unknown-kind", "truncated-commitment"];

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void InspectRejectsMalformedFilesInOneLine(string malformation)
    {
        byte[] proof = File.ReadAllBytes(PathOf("proof.bin"));
        byte[] circuit = File.ReadAllBytes(PathOf("circuit.bin"));
        byte[]? content = malformation switch
        {
            "missing" => null,
            "empty" => [],
            "garbage" => [0xFF, 0x00, 0x13, 0x37],
            "truncated-proof" => proof[..(proof.Length / 2)],
            "trailing-byte" => [.. circuit, 0],
            "bad-magic" => [(byte)'G', (byte)'K', (byte)'R', (byte)'X', .. proof[4..]],
            "bad-version" => [.. proof[..4], 9, 0, .. proof[6..]],
            "unknown-kind" => [.. proof[..6], 0x7F, .. proof[7..]],
            _ => circuit[..20],
        };
        string path = PathOf("bad-" + malformation);
        if (content is not null)
        {
            File.WriteAllBytes(path, content);
        }

        (int exit, _, string error) = GkrRunner.Run("inspect", path, "--circuit", PathOf("circuit.json"));
        Assert.Equal(CliErrors.BadInput, exit);
        string[] lines = error.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith(CliErrors.Prefix, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
