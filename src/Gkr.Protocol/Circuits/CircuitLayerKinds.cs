using System.Collections.Concurrent;
using System.Text.Json;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// Reads one layer's kind-specific fields from a binary circuit file (the bytes
/// <see cref="CircuitLayer.WriteDescription"/> wrote, after the common header u8 tag, u8 input variables,
/// u8 output variables) and adds the layer to <paramref name="builder"/>, whose last layer it reads.
/// </summary>
/// <remarks>The layer goes through the builder (<see cref="CircuitBuilder.AddLayer"/> or a typed Add method) so
/// that it is validated against the layer before and its errors name the layer. The header's sizes need no
/// check here: the decoded circuit must re-encode to exactly the file's bytes.</remarks>
/// <exception cref="MalformedCircuitException">Bad fields.</exception>
public delegate void CircuitLayerDecoder(ref CircuitDescriptionReader reader, CircuitBuilder builder);

/// <summary>
/// Reads one layer of a JSON circuit file (an object whose "type" is <paramref name="type"/>, one of the
/// kind's <see cref="CircuitLayerKind.JsonTypes"/>) and adds it to <paramref name="builder"/> (the layer's
/// index is <see cref="CircuitBuilder.LayerCount"/>); <see cref="CircuitJson"/> has the member checks.
/// </summary>
/// <exception cref="MalformedCircuitException">Bad members.</exception>
public delegate void CircuitLayerJsonReader(JsonElement layer, string type, CircuitBuilder builder);

/// <summary>A registered layer kind of <see cref="LayeredCircuit"/>: its tag, its JSON type names and its codecs.</summary>
/// <param name="Tag">The unique tag (<see cref="CircuitLayer.KindTag"/>) written first in the layer's description.</param>
/// <param name="JsonTypes">The unique "type" names of the JSON circuit file (one or more: gate layers are "gates" and "data-parallel").</param>
/// <param name="Type">The layer class (a <see cref="CircuitLayer"/>).</param>
/// <param name="Decode">Reads the layer from a binary circuit file.</param>
/// <param name="ReadJson">Reads the layer from a JSON circuit file.</param>
/// <param name="WriteJson">The layer's canonical JSON object text (no whitespace, "type" first), given a layer of <paramref name="Type"/>.</param>
public sealed record CircuitLayerKind(
    byte Tag, IReadOnlyList<string> JsonTypes, Type Type, CircuitLayerDecoder Decode, CircuitLayerJsonReader ReadJson, Func<CircuitLayer, string> WriteJson)
{
    /// <summary>"tag name/name", for messages.</summary>
    public override string ToString() => $"{Tag} {string.Join('/', JsonTypes)}";

    /// <summary>The same kind: tag, names and type (the codecs may be other delegate instances of the same code).</summary>
    internal bool SameAs(CircuitLayerKind other) => Tag == other.Tag && Type == other.Type && JsonTypes.SequenceEqual(other.JsonTypes);
}

/// <summary>
/// The registry of <see cref="LayeredCircuit"/> layer kinds: other assemblies register theirs (tags and JSON
/// type names unique), and the binary circuit file (<see cref="CircuitEncoding"/>) and the JSON circuit file
/// (<see cref="CircuitFile"/>) read and write only registered kinds. Registering the same kind twice is
/// allowed; a second kind under a taken tag or name is refused. Gate layers (tag 1) and matrix products
/// (tag 2) are registered from the start.
/// </summary>
/// <remarks>Encoding and digests need no registration (<see cref="LayeredCircuit.CanonicalBytes"/> asks each layer
/// for its description); decoding does, so a file of an unregistered kind is a clear error, never a guess.</remarks>
public static class CircuitLayerKinds
{
    private static readonly ConcurrentDictionary<byte, CircuitLayerKind> ByTag = new();
    private static readonly ConcurrentDictionary<string, CircuitLayerKind> ByJsonType = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    static CircuitLayerKinds()
    {
        Register(GateLayerCodec.Kind);
        Register(MatMulLayerCodec.Kind);
    }

    /// <summary>Every registered kind, by tag.</summary>
    public static IReadOnlyCollection<CircuitLayerKind> All => [.. ByTag.Values.OrderBy(k => k.Tag)];

    /// <summary>Every registered JSON type name, in tag order.</summary>
    public static IReadOnlyList<string> JsonTypes => [.. All.SelectMany(k => k.JsonTypes)];

    /// <summary>Registers <paramref name="kind"/> (a no-op if this kind is registered already).</summary>
    /// <exception cref="ArgumentException">Its tag or one of its names belongs to another kind (the message names both), it has no
    /// name or a name twice, or its type is not a <see cref="CircuitLayer"/>.</exception>
    public static void Register(CircuitLayerKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(kind.JsonTypes);
        ArgumentNullException.ThrowIfNull(kind.Type);
        ArgumentNullException.ThrowIfNull(kind.Decode);
        ArgumentNullException.ThrowIfNull(kind.ReadJson);
        ArgumentNullException.ThrowIfNull(kind.WriteJson);
        if (kind.JsonTypes.Count == 0 || kind.JsonTypes.Any(string.IsNullOrEmpty) || kind.JsonTypes.Distinct(StringComparer.Ordinal).Count() != kind.JsonTypes.Count)
        {
            throw new ArgumentException($"Layer kind {kind} needs one or more distinct, non-empty JSON type names.", nameof(kind));
        }

        if (!kind.Type.IsSubclassOf(typeof(CircuitLayer)))
        {
            throw new ArgumentException($"Layer kind {kind}: {kind.Type.Name} is not a {nameof(CircuitLayer)}.", nameof(kind));
        }

        lock (Gate)
        {
            if (ByTag.TryGetValue(kind.Tag, out CircuitLayerKind? byTag))
            {
                if (!byTag.SameAs(kind))
                {
                    throw Collision(kind, byTag, $"tag {kind.Tag}");
                }

                return;
            }

            foreach (string name in kind.JsonTypes)
            {
                if (ByJsonType.TryGetValue(name, out CircuitLayerKind? byName))
                {
                    throw Collision(kind, byName, $"JSON type \"{name}\"");
                }
            }

            ByTag[kind.Tag] = kind;
            foreach (string name in kind.JsonTypes)
            {
                ByJsonType[name] = kind;
            }
        }
    }

    /// <summary>The kind with <paramref name="tag"/>.</summary>
    /// <exception cref="MalformedCircuitException">No kind has it.</exception>
    public static CircuitLayerKind Get(byte tag) =>
        TryGet(tag, out CircuitLayerKind? kind) ? kind : throw new MalformedCircuitException($"Layer kind tag {tag} is not registered (registered: {Registered()}).");

    /// <summary>The kind with <paramref name="tag"/>, if one is registered.</summary>
    public static bool TryGet(byte tag, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CircuitLayerKind? kind) => ByTag.TryGetValue(tag, out kind);

    /// <summary>The kind with the JSON type name <paramref name="type"/>, if one is registered.</summary>
    public static bool TryGetByJsonType(string type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CircuitLayerKind? kind) =>
        ByJsonType.TryGetValue(type ?? throw new ArgumentNullException(nameof(type)), out kind);

    /// <summary>"1 gates/data-parallel, 2 matmul, ...", for messages.</summary>
    internal static string Registered() => string.Join(", ", All);

    /// <summary>Requires that a kind's reader added exactly one layer of its own kind to <paramref name="builder"/>.</summary>
    /// <exception cref="InvalidOperationException">It did not (a bug in the kind, not a malformed file).</exception>
    internal static void CheckAdded(CircuitLayerKind kind, CircuitBuilder builder, int layersBefore)
    {
        if (builder.LayerCount != layersBefore + 1 || builder.LastLayer.KindTag != kind.Tag || !kind.Type.IsInstanceOfType(builder.LastLayer))
        {
            throw new InvalidOperationException($"The reader of layer kind {kind} must add one {kind.Type.Name} to the builder.");
        }
    }

    private static ArgumentException Collision(CircuitLayerKind kind, CircuitLayerKind other, string what) =>
        new($"Layer kind {kind} ({kind.Type.Name}) collides with the registered kind {other} ({other.Type.Name}): both use {what}.", nameof(kind));
}
