using System.Buffers.Binary;
using Gkr.Field;

namespace Gkr.Protocol.Serialization;

/// <summary>What a span of an encoding holds (for mutation testing and inspection).</summary>
internal enum FieldRole
{
    /// <summary>The 8-byte <see cref="GkrFormat"/> header.</summary>
    Header,

    /// <summary>A u32 count or length the decoder checks against the statement.</summary>
    Count,

    /// <summary>Any other integer: a nonce, a gate's kind or wire, a layout offset.</summary>
    Integer,

    /// <summary>One canonical field element.</summary>
    Element,

    /// <summary>One 32-byte digest (Merkle root, sibling, circuit digest).</summary>
    Digest,
}

/// <summary>A span of an encoding and what it holds.</summary>
internal readonly record struct EncodedField(int Offset, int Length, FieldRole Role);

/// <summary>
/// Writes a <see cref="GkrFormat"/> encoding; every encoder of the library uses it, so the conventions
/// (little-endian, canonical elements) live in one place. With <c>record: true</c> it also lists every
/// field it wrote (<see cref="Fields"/>), which the mutation suite uses to change each field element.
/// </summary>
internal sealed class CanonicalWriter(int capacity = 256, bool record = false)
{
    private byte[] _buffer = new byte[Math.Max(capacity, GkrFormat.HeaderLength)];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The fields written, in order (null unless recording).</summary>
    public List<EncodedField>? Fields { get; } = record ? [] : null;

    /// <summary>The common header.</summary>
    public void Header(EncodingKind kind, int elementSize)
    {
        Span<byte> header = Reserve(GkrFormat.HeaderLength, FieldRole.Header);
        GkrFormat.Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], GkrFormat.Version);
        header[6] = (byte)kind;
        header[7] = (byte)elementSize;
    }

    /// <summary>A u32 count (checked non-negative).</summary>
    public void Count(int value) =>
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4, FieldRole.Count), checked((uint)value));

    /// <summary>A u8 integer.</summary>
    public void UInt8(byte value) => Reserve(1, FieldRole.Integer)[0] = value;

    /// <summary>A u32 integer.</summary>
    public void UInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4, FieldRole.Integer), value);

    /// <summary>A u64 integer.</summary>
    public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8, FieldRole.Integer), value);

    /// <summary>One canonical field element.</summary>
    public void Element<T>(T value) where T : unmanaged, IField<T> => value.Encode(Reserve(T.EncodedLength, FieldRole.Element));

    /// <summary>Canonical field elements, in order.</summary>
    public void Elements<T>(ReadOnlySpan<T> values) where T : unmanaged, IField<T>
    {
        foreach (T value in values)
        {
            Element(value);
        }
    }

    /// <summary>Digests of 32 bytes each, concatenated.</summary>
    public void Digests(ReadOnlySpan<byte> digests)
    {
        if (digests.Length % Commitments.MerkleTree.DigestSize != 0)
        {
            throw new ArgumentException($"{digests.Length} bytes is not a whole number of digests.", nameof(digests));
        }

        for (int i = 0; i < digests.Length; i += Commitments.MerkleTree.DigestSize)
        {
            digests.Slice(i, Commitments.MerkleTree.DigestSize).CopyTo(Reserve(Commitments.MerkleTree.DigestSize, FieldRole.Digest));
        }
    }

    /// <summary>A u32 count, then that many 32-byte digests.</summary>
    public void CountedDigests(ReadOnlySpan<byte> digests)
    {
        Count(digests.Length / Commitments.MerkleTree.DigestSize);
        Digests(digests);
    }

    /// <summary>Reserves a u32 length prefix for a nested encoding; <see cref="EndLengthPrefix"/> fills it in.</summary>
    public int BeginLengthPrefix()
    {
        Reserve(4, FieldRole.Count);
        return Length;
    }

    /// <summary>Writes the number of bytes written since <see cref="BeginLengthPrefix"/> returned <paramref name="start"/>.</summary>
    public void EndLengthPrefix(int start) =>
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start - 4), (uint)(Length - start));

    /// <summary>The encoding.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    private Span<byte> Reserve(int length, FieldRole role)
    {
        if (Length + length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + length));
        }

        Fields?.Add(new EncodedField(Length, length, role));
        Span<byte> span = _buffer.AsSpan(Length, length);
        Length += length;
        return span;
    }
}
