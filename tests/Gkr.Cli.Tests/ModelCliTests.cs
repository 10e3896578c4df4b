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

    private (string Model, string Input) TinyModelAndInput(int batch = 1)
    {
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "zoo", "tiny-cnn", "--out", PathOf("tiny.gkrm")).Exit);
        var rng = new Random(3);
        string sample() => "[" + string.Join(",", Enumerable.Range(0, 64).Select(_ => rng.Next(-128, 128))) + "]";
        File.WriteAllText(PathOf("in.json"), batch == 1 ? sample() : "[" + string.Join(",", Enumerable.Range(0, batch).Select(_ => sample())) + "]");
        return (PathOf("tiny.gkrm"), PathOf("in.json"));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public void ProveThenVerifyAccepts(int batch, bool publicWeights)
    {
        (string model, string input) = TinyModelAndInput(batch);
        string[] prove = ["model", "prove", "--model", model, "--input", input, "--proof", PathOf("p.bin"), "--statement", PathOf("s.bin"), "--json"];
        (int exit, string output, string error) = GkrRunner.Run(publicWeights ? [.. prove, "--public-weights"] : prove);
        Assert.True(exit == CliErrors.Ok, error);
        using JsonDocument proved = JsonDocument.Parse(output);
        Assert.Equal(batch, proved.RootElement.GetProperty("outputs").GetArrayLength());
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "commit", "--model", model, "--out", PathOf("c.bin")).Exit);
        string[] verify = ["model", "verify", "--model", model, "--statement", PathOf("s.bin"), "--proof", PathOf("p.bin"), "--json"];
        (exit, output, error) = GkrRunner.Run(publicWeights ? verify : [.. verify, "--commitment", PathOf("c.bin")]);
        Assert.True(exit == CliErrors.Ok, error);
        using JsonDocument verified = JsonDocument.Parse(output);
        Assert.Equal(proved.RootElement.GetProperty("outputs").GetRawText(), verified.RootElement.GetProperty("outputs").GetRawText());
    }

    [Fact]
    public void AFlippedProofByteIsRejectedWithExitOne()
    {
        (string model, string input) = TinyModelAndInput();
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "prove", "--model", model, "--input", input, "--proof", PathOf("p.bin"), "--statement", PathOf("s.bin")).Exit);
        byte[] proof = File.ReadAllBytes(PathOf("p.bin"));
        proof[proof.Length / 2] ^= 4;
        File.WriteAllBytes(PathOf("p.bin"), proof);
        (int exit, _, string error) = GkrRunner.Run("model", "verify", "--model", model, "--statement", PathOf("s.bin"), "--proof", PathOf("p.bin"));
        Assert.Equal(CliErrors.Rejected, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AStatementForAnotherModelIsRejected()
    {
        (string model, string input) = TinyModelAndInput();
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "prove", "--model", model, "--input", input, "--proof", PathOf("p.bin"), "--statement", PathOf("s.bin")).Exit);
        Assert.Equal(CliErrors.Ok, GkrRunner.Run("model", "zoo", "tiny-cnn", "--seed", "2", "--out", PathOf("other.gkrm")).Exit);
        (int exit, _, string error) = GkrRunner.Run("model", "verify", "--model", PathOf("other.gkrm"), "--statement", PathOf("s.bin"), "--proof", PathOf("p.bin"));
        Assert.Equal(CliErrors.Rejected, exit);
        Assert.Contains("another model", error);
    }

    [Theory]
    [InlineData("[1, 2, 3]", "64")]
    [InlineData("[1, 2.5]", "not a 32-bit integer")]
    [InlineData("{}", "JSON array")]
    [InlineData("[", "JSON")]
    public void ABadInputIsOneLineAndExitTwo(string text, string named)
    {
        (string model, _) = TinyModelAndInput();
        File.WriteAllText(PathOf("bad.json"), text);
        (int exit, _, string error) = GkrRunner.Run("model", "prove", "--model", model, "--input", PathOf("bad.json"), "--proof", PathOf("p.bin"), "--statement", PathOf("s.bin"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains(named, error);
        Assert.Single(error.TrimEnd().Split('\n'));
    }

    [Fact]
    public void AModelThatCouldOverflowIsBadInputNamingTheLayer()
    {
        var conv = new Gkr.NeuralLayers.Model.Conv2d(new Gkr.NeuralLayers.Model.QuantizedTensor(new Gkr.NeuralLayers.Model.TensorShape(1, 1, 3, 3), [.. Enumerable.Repeat((sbyte)127, 9)]), [int.MaxValue - 10_000], 0, 1, 1);
        var requantize = new Gkr.NeuralLayers.Model.Requantize(Gkr.NeuralLayers.Model.Requantization.PerTensor(new Gkr.NeuralLayers.Model.ChannelScale(int.MaxValue, 40), Gkr.NeuralLayers.Model.RoundingMode.RoundHalfUp, Gkr.NeuralLayers.Model.QuantizedType.Int8, 0));
        var model = new Gkr.NeuralLayers.Model.QuantizedModel(Gkr.NeuralLayers.Model.TensorShape.Chw(1, 4, 4), Gkr.NeuralLayers.Model.QuantizedType.Int8, 0, [conv, requantize]);
        File.WriteAllBytes(PathOf("overflow.gkrm"), Gkr.NeuralLayers.Model.ModelFile.Encode(model));
        File.WriteAllText(PathOf("in.json"), "[" + string.Join(",", Enumerable.Repeat(1, 16)) + "]");
        (int exit, _, string error) = GkrRunner.Run("model", "prove", "--model", PathOf("overflow.gkrm"), "--input", PathOf("in.json"), "--proof", PathOf("p.bin"), "--statement", PathOf("s.bin"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains("layer 1 (Requantize)", error);
        (exit, _, error) = GkrRunner.Run("model", "inspect", PathOf("overflow.gkrm"));
        Assert.Equal(CliErrors.BadInput, exit);
        Assert.Contains("layer 1 (Requantize)", error);
    }
}
