using System.Buffers.Binary;
using Gkr.Field;

namespace Gkr.Protocol.Serialization;

/// <summary>
/// Reads a <see cref="GkrFormat"/> encoding, accepting only canonical bytes: every failure throws the
/// exception <c>error</c> makes (by default <see cref="MalformedProofException"/>) with the field's
/// name and byte offset. Lengths are checked against the remaining bytes before any allocation.
/// </summary>
internal ref struct CanonicalReader(ReadOnlySpan<byte> bytes, Func<string, MalformedEncodingException>? error = null)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private readonly Func<string, MalformedEncodingException> _error = error ?? (static message => new MalformedProofException(message));

    /// <summary>The offset of the next byte.</summary>
    public int Offset { get; private set; }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _bytes.Length - Offset;

    /// <summary>The header: magic, version, <paramref name="kind"/> and <paramref name="elementSize"/>, each reported on its own.</summary>
    public void Header(EncodingKind kind, int elementSize)
    {
        ReadOnlySpan<byte> header = Take(GkrFormat.HeaderLength, "header");
        if (!header[..4].SequenceEqual(GkrFormat.Magic))
        {
            throw _error($"Bad magic: not a Gkr encoding (expected \"GKRP\", found 0x{Convert.ToHexString(header[..4])}).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != GkrFormat.Version)
        {
            throw _error($"Unsupported format version {version} (this library reads version {GkrFormat.Version}).");
        }

        if (header[6] != (byte)kind)
        {
            string found = Enum.IsDefined((EncodingKind)header[6]) ? ((EncodingKind)header[6]).ToString() : $"0x{header[6]:x2}";
            throw _error($"Expected a {kind} encoding, found kind {found}.");
        }

        if (header[7] != elementSize)
        {
            throw _error($"Element size {header[7]} does not match a {kind} encoding ({elementSize} bytes).");
        }
    }

    /// <summary>A u32 that must equal what the statement implies.</summary>
    public int Count(string what, int expected)
    {
        uint count = UInt32(what);
        return count == (uint)expected ? expected : throw _error($"The statement implies {expected} {what}, the encoding declares {count}.");
    }

    /// <summary>A u32 that must not exceed <paramref name="maximum"/>.</summary>
    public int Bounded(string what, int maximum)
    {
        uint count = UInt32(what);
        return count <= (uint)maximum ? (int)count : throw _error($"At most {maximum} {what} are possible, the encoding declares {count}.");
    }

    /// <summary>A u8.</summary>
    public byte UInt8(string what) => Take(1, what)[0];

    /// <summary>A u32.</summary>
    public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

    /// <summary>A u64.</summary>
    public ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>One canonical field element.</summary>
    public T Element<T>() where T : unmanaged, IField<T>
    {
        int at = Offset;
        return T.TryDecode(Take(T.EncodedLength, T.Name), out T value)
            ? value
            : throw _error($"Field element at byte {at} is not a canonical {T.Name} encoding.");
    }

    /// <summary><paramref name="count"/> canonical field elements (the length is checked before allocating).</summary>
    public T[] Elements<T>(int count) where T : unmanaged, IField<T>
    {
        if (count < 0 || (long)count * T.EncodedLength > Remaining)
        {
            throw _error($"Encoding truncated: {count} {T.Name} elements do not fit in the {Remaining} bytes left at byte {Offset}.");
        }

        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = Element<T>();
        }

        return values;
    }

    /// <summary>A u32 count of at most <paramref name="maximum"/>, then that many 32-byte digests.</summary>
    public ReadOnlySpan<byte> CountedDigests(string what, int maximum) =>
        Take(Bounded(what, maximum) * Commitments.MerkleTree.DigestSize, what);

    /// <summary>The next <paramref name="length"/> bytes.</summary>
    public ReadOnlySpan<byte> Take(int length, string what)
    {
        if (length < 0 || length > Remaining)
        {
            throw _error($"Encoding truncated while reading {what} at byte {Offset} ({Remaining} bytes left, {length} needed).");
        }

        ReadOnlySpan<byte> slice = _bytes.Slice(Offset, length);
        Offset += length;
        return slice;
    }

    /// <summary>Requires that every byte was read.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw _error($"{Remaining} trailing bytes after the encoding.");
        }
    }

    /// <summary>An exception of this reader's type.</summary>
    public readonly MalformedEncodingException Error(string message) => _error(message);
}

/// <summary>Decodes bytes into a proof object (a canonical decoder bound to its statement).</summary>
internal delegate T ProofDecoder<out T>(ReadOnlySpan<byte> bytes);

/// <summary>The verifiers' byte-level entry points: malformed bytes become the verifier's own typed rejection.</summary>
internal static class ProofBytes
{
    /// <summary>Decodes <paramref name="bytes"/>, turning a <see cref="MalformedProofException"/> into <paramref name="reject"/>'s rejection.</summary>
    public static T Decode<T>(ReadOnlySpan<byte> bytes, ProofDecoder<T> decode, Func<MalformedProofException, ProofRejectedException> reject)
    {
        try
        {
            return decode(bytes);
        }
        catch (MalformedProofException ex)
        {
            throw reject(ex);
        }
    }
}
