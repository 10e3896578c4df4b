using System.Text.Json;
using Gkr.Cli;

namespace Gkr.Cli.Tests;

/// <summary><c>gkr model zoo</c> and <c>gkr model inspect</c>: files written and read, JSON keys, one-line errors with exit 2.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ModelCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gkr-model-cli").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void ZooWritesAModelThatInspectDescribes()
    {
        (int exit, string output, string error) = GkrRunner.Run("model", "zoo", "tiny-cnn", "--out", PathOf("tiny.gkrm"));
        Assert.Equal(CliErrors.Ok, exit);
        Assert.Empty(error);
        Assert.Contains("digest", output);
        (exit, output, _) = GkrRunner.Run("model", "inspect", PathOf("tiny.gkrm"));
        Assert.Equal(CliErrors.Ok, exit);
        Assert.Contains("Conv2d", output);
        Assert.Contains("MaxPool2d", output);
        Assert.Contains("witness values", output);
    }

    [Fact]
    public void InspectJsonHasTheDocumentedKeys()
    {
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "zoo", "lenet5", "--out", PathOf("lenet5.gkrm"), "--json").Exit);
        (int exit, string output, _) = GkrRunner.Run("model", "inspect", PathOf("lenet5.gkrm"), "--json", "--batch", "2");
        Assert.Equal(CliErrors.Ok, exit);
        using JsonDocument doc = JsonDocument.Parse(output);
        foreach (string key in new[] { "digest", "parameters", "macs", "circuit_layers", "witness_values", "table_values", "layers" })
        {
            Assert.True(doc.RootElement.TryGetProperty(key, out _), key);
        }

        Assert.Equal(422_824, doc.RootElement.GetProperty("macs").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("batch").GetInt32());
        Assert.Equal(13, doc.RootElement.GetProperty("layers").GetArrayLength());
    }

    [Fact]
    public void AnUnknownZooNameIsBadInput()
    {
        (int exit, _, string error) = GkrRunner.Run("model", "zoo", "alexnet", "--out", PathOf("x.gkrm"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains("lenet5", error);
        Assert.False(File.Exists(PathOf("x.gkrm")));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not a model")]
    [InlineData("trailing byte")]
    public void AMalformedModelFileIsOneLineAndExitTwo(string how)
    {
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "zoo", "tiny-cnn", "--out", PathOf("m.gkrm")).Exit);
        byte[] bytes = File.ReadAllBytes(PathOf("m.gkrm"));
        byte[] bad = how switch
        {
            "truncated" => bytes[..(bytes.Length / 2)],
            "not a model" => "{\"layers\": []}"u8.ToArray(),
            _ => [.. bytes, 0],
        };
        File.WriteAllBytes(PathOf("bad.gkrm"), bad);
        (int exit, _, string error) = GkrRunner.Run("model", "inspect", PathOf("bad.gkrm"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.StartsWith("gkr: error: model ", error);
    }
}
