using System.Collections.Concurrent;
using Gkr.Protocol.Circuits;

namespace Gkr.Protocol.Lookups;

/// <summary>A registered lookup-table kind.</summary>
/// <param name="Tag">The unique tag.</param>
/// <param name="Name">The unique name.</param>
/// <param name="Type">The table class.</param>
/// <param name="Decode">Rebuilds the table from its description bytes; throws <see cref="MalformedCircuitException"/> on bad bytes.</param>
public sealed record LookupTableKind(byte Tag, string Name, Type Type, Func<byte[], LookupTable> Decode);

/// <summary>The registry of lookup-table kinds (ranges and clamps built in); tags and names are unique.</summary>
public static class LookupTableKinds
{
    private static readonly ConcurrentDictionary<byte, LookupTableKind> ByTag = new();
    private static readonly object Gate = new();

    static LookupTableKinds()
    {
        Register(new LookupTableKind(RangeTable.Tag, "range", typeof(RangeTable), bytes => bytes.Length == 1 && bytes[0] <= LookupTable.MaxVariables
            ? new RangeTable(bytes[0]) : throw new MalformedCircuitException("A range table's description is one byte of at most 24 bits.")));
        Register(new LookupTableKind(ClampTable.Tag, "clamp", typeof(ClampTable), DecodeClamp));
    }

    /// <summary>Every registered kind.</summary>
    public static IReadOnlyCollection<LookupTableKind> All => [.. ByTag.Values.OrderBy(k => k.Tag)];

    /// <summary>Registers <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">Its tag or name belongs to another kind.</exception>
    public static void Register(LookupTableKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        lock (Gate)
        {
            LookupTableKind? other = ByTag.TryGetValue(kind.Tag, out LookupTableKind? t) && t.Type != kind.Type ? t : ByTag.Values.FirstOrDefault(k => k.Name == kind.Name && k.Type != kind.Type);
            if (other is not null)
            {
                throw new ArgumentException($"Table kind {kind.Name} (tag {kind.Tag}) collides with the registered kind {other.Name} (tag {other.Tag}).", nameof(kind));
            }

            ByTag[kind.Tag] = kind;
        }
    }

    /// <summary>The kind with <paramref name="tag"/>.</summary>
    /// <exception cref="MalformedCircuitException">No kind has it.</exception>
    public static LookupTableKind Get(byte tag) =>
        ByTag.TryGetValue(tag, out LookupTableKind? kind) ? kind
        : throw new MalformedCircuitException($"Lookup table tag {tag} is not registered (registered: {string.Join(", ", All.Select(k => $"{k.Tag} {k.Name}"))}).");

    private static ClampTable DecodeClamp(byte[] bytes)
    {
        if (bytes.Length != 25 || bytes[0] > LookupTable.MaxVariables)
        {
            throw new MalformedCircuitException("A clamp table's description is a bit count (at most 24) and three 64-bit bounds.");
        }

        long Word(int at) => System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(at));
        try
        {
            return new ClampTable(Word(1), bytes[0], Word(9), Word(17));
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new MalformedCircuitException($"Clamp table: {ex.Message}");
        }
    }
}
