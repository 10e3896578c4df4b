using System.Collections.Concurrent;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;

namespace Gkr.Protocol.Graph;

/// <summary>The common part of a graph layer's description, which the circuit encoding reads before the kind's own bytes.</summary>
/// <param name="NumVariables">Output variables.</param>
/// <param name="Reads">The polynomials it reads.</param>
/// <param name="Writes">The witness columns it writes.</param>
public sealed record GraphLayerHeader(int NumVariables, IReadOnlyList<PolynomialRef> Reads, IReadOnlyList<PolynomialRef> Writes);

/// <summary>A registered graph layer kind: its tag, its name and the decoder of its description.</summary>
/// <param name="Tag">The unique tag written first in the layer's description.</param>
/// <param name="Name">The unique name (reports, JSON type names).</param>
/// <param name="Type">The layer class.</param>
/// <param name="Decode">Rebuilds the layer from its header and kind-specific bytes; throws <see cref="MalformedCircuitException"/> on bad bytes.</param>
public sealed record GraphLayerKind(byte Tag, string Name, Type Type, Func<GraphLayerHeader, byte[], GraphLayer> Decode);

/// <summary>
/// The registry of graph layer kinds: other assemblies register theirs (tags and names unique), and a
/// circuit's binary description decodes only registered kinds. Registering the same kind twice is allowed;
/// a second kind under a taken tag or name is refused.
/// </summary>
public static class GraphLayerKinds
{
    private static readonly ConcurrentDictionary<byte, GraphLayerKind> ByTag = new();
    private static readonly ConcurrentDictionary<string, GraphLayerKind> ByName = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    static GraphLayerKinds()
    {
        Register(CircuitLayerNode.Kind);
        Register(Layers.SumLayer.Kind);
        Register(Layers.ClampLayer.Kind);
    }

    /// <summary>Every registered kind.</summary>
    public static IReadOnlyCollection<GraphLayerKind> All => [.. ByTag.Values.OrderBy(k => k.Tag)];

    /// <summary>Registers <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">Its tag or name belongs to another kind.</exception>
    public static void Register(GraphLayerKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (Gate)
        {
            GraphLayerKind? other = ByTag.TryGetValue(kind.Tag, out GraphLayerKind? byTag) && byTag.Type != kind.Type ? byTag
                : ByName.TryGetValue(kind.Name, out GraphLayerKind? byName) && byName.Type != kind.Type ? byName : null;
            if (other is not null)
            {
                throw new ArgumentException($"Layer kind {kind.Name} (tag {kind.Tag}) collides with the registered kind {other.Name} (tag {other.Tag}).", nameof(kind));
            }

            ByTag[kind.Tag] = kind;
            ByName[kind.Name] = kind;
        }
    }

    /// <summary>The kind with <paramref name="tag"/>.</summary>
    /// <exception cref="MalformedCircuitException">No kind has it.</exception>
    public static GraphLayerKind Get(byte tag) =>
        ByTag.TryGetValue(tag, out GraphLayerKind? kind) ? kind
        : throw new MalformedCircuitException($"Layer kind tag {tag} is not registered (registered: {string.Join(", ", All.Select(k => $"{k.Tag} {k.Name}"))}).");
}
