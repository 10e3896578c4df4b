using System.CommandLine;
using System.Text.Json;
using Gkr.Cli;
using Gkr.Cli.Bench;

namespace Gkr.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class CliTests
{
    [Fact]
    public void InfoPrintsTierAndFieldAndPassesSelfCheck()
    {
        var output = new StringWriter();
        int exit = InfoCommand.Run(output);
        string text = output.ToString();
        Assert.Equal(CliErrors.Ok, exit);
        Assert.Contains("simd tier:", text);
        Assert.Contains("18446744069414584321", text);
        Assert.Contains("self-check passed", text);
    }

    [Fact]
    public void BenchFieldJsonHasTheDocumentedKeys()
    {
        var output = new StringWriter();
        int exit = BenchCommand.Run(new FieldBench(), json: true, output, TextWriter.Null);
        Assert.Equal(CliErrors.Ok, exit);
        using JsonDocument doc = JsonDocument.Parse(output.ToString());
        foreach (string key in new[] { "mul_ns_scalar", "mul_ns_packed", "packed_speedup", "inner_product_ns", "ntt_2_20_ms", "simd_tier" })
        {
            Assert.True(doc.RootElement.TryGetProperty(key, out _), $"missing key {key}");
        }

        Assert.True(doc.RootElement.GetProperty("mul_ns_packed").GetDouble() > 0);
    }

    [Fact]
    public void UnknownCommandIsANonZeroExitWithoutStackTrace()
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(InfoCommand.Create());
        var error = new StringWriter();
        TextWriter saved = Console.Error;
        Console.SetError(error);
        try
        {
            int exit = CliErrors.Run(root, ["no-such-command"]);
            Assert.Equal(CliErrors.BadInput, exit);
        }
        finally
        {
            Console.SetError(saved);
        }

        Assert.DoesNotContain("   at ", error.ToString());
        Assert.Contains("gkr: error:", error.ToString());
    }
}
