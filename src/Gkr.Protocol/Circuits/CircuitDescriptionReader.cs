using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Circuits;

/// <summary>
/// Reads the little-endian integers of a binary circuit file, the mirror of <see cref="CircuitDescriptionWriter"/>:
/// a layer kind's decoder (<see cref="CircuitLayerDecoder"/>) reads its own fields with it, right after the
/// common layer header.
/// </summary>
/// <remarks>
/// Every read checks the remaining bytes first, and every failure is a <see cref="MalformedCircuitException"/>
/// naming the field (the <c>what</c> argument) and its byte offset in the file. Bound counts with
/// <see cref="Bounded"/> (and by <see cref="Remaining"/>) before allocating anything of that size.
/// </remarks>
public ref struct CircuitDescriptionReader
{
    private CanonicalReader _reader;

    internal CircuitDescriptionReader(ReadOnlySpan<byte> bytes) =>
        _reader = new CanonicalReader(bytes, static message => new MalformedCircuitException($"Circuit file: {message}"));

    /// <summary>The offset of the next byte in the file.</summary>
    public readonly int Offset => _reader.Offset;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _reader.Remaining;

    /// <summary>A u8.</summary>
    /// <exception cref="MalformedCircuitException">The file ends first.</exception>
    public byte Byte(string what) => _reader.UInt8(what);

    /// <summary>A u32, little-endian.</summary>
    /// <exception cref="MalformedCircuitException">The file ends first.</exception>
    public uint UInt32(string what) => _reader.UInt32(what);

    /// <summary>A u64, little-endian.</summary>
    /// <exception cref="MalformedCircuitException">The file ends first.</exception>
    public ulong UInt64(string what) => _reader.UInt64(what);

    /// <summary>A u32 that must not exceed <paramref name="maximum"/>.</summary>
    /// <exception cref="MalformedCircuitException">The file ends first, or the value exceeds <paramref name="maximum"/>.</exception>
    public int Bounded(string what, int maximum) => _reader.Bounded(what, maximum);

    /// <summary>The exception for a malformed field (the message gets the file's prefix).</summary>
    public readonly MalformedCircuitException Error(string message) => (MalformedCircuitException)_reader.Error(message);

    /// <summary>The header: magic, version, kind <see cref="EncodingKind.Circuit"/>, element size 8.</summary>
    internal void Header() => _reader.Header(EncodingKind.Circuit, Field.Goldilocks.EncodedLength);

    /// <summary>Requires that every byte was read.</summary>
    internal readonly void End() => _reader.End();
}
