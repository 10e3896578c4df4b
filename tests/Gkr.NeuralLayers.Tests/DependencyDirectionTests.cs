using System.Reflection;

namespace Gkr.NeuralLayers.Tests;

/// <summary>The layering of the design: Cli → NeuralLayers → Protocol → Field, never backwards.</summary>
public sealed class DependencyDirectionTests
{
    private static string[] GkrReferences(string assemblyName) =>
        [.. Assembly.Load(assemblyName).GetReferencedAssemblies()
            .Select(a => a.Name!)
            .Where(n => n.StartsWith("Gkr.", StringComparison.Ordinal))
            .Order()];

    [Fact]
    public void FieldDependsOnNoOtherGkrAssembly() => Assert.Empty(GkrReferences("Gkr.Field"));

    [Fact]
    public void ProtocolDependsOnlyOnField()
    {
        string[] references = GkrReferences("Gkr.Protocol");
        Assert.All(references, r => Assert.Equal("Gkr.Field", r));
    }

    [Fact]
    public void NeuralLayersDependsOnlyOnProtocolAndField()
    {
        Assert.All(GkrReferences("Gkr.NeuralLayers"), r => Assert.Contains(r, new[] { "Gkr.Field", "Gkr.Protocol" }));
    }
}
