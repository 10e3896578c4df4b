using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// Canonical binary encodings of Ligero commitments and opening proofs, in the layout of
/// <see cref="ProofEncoding"/>: magic "GKRP", u16 <see cref="ProofEncoding.FormatVersion"/>, u8 kind,
/// u8 element size, then the body (integers little-endian, field elements canonical).
/// </summary>
/// <remarks>
/// <para>Commitment (kind <see cref="CommitmentKind"/>, element size 8): u32 n, u32 a, u32 L, 32-byte root.</para>
/// <para>Opening proof (kind <see cref="OpeningKind"/>, element size 16): u32 k, u32 m, u32 2^b, u64 nonce,
/// the proximity row (2^b extension elements), m evaluation rows,
/// then u32 d·2^a and per commitment d·2^a base elements (d distinct opened columns of 2^a), u32 s
/// and s sibling digests.</para>
/// <para>Decoding takes the statement and parameters: k, m and 2^b must equal what they imply,
/// 1 ≤ d ≤ t and s ≤ d·(b + L), every length is checked against the remaining bytes before anything is
/// allocated, every element must be canonical and no byte may trail. Any deviation throws
/// <see cref="MalformedProofException"/>.</para>
/// </remarks>
public static class LigeroEncoding
{
    /// <summary>Kind byte of an encoded opening proof (outside the range <see cref="ProofKind"/> and the GKR encoding use).</summary>
    public const byte OpeningKind = 0x20;

    /// <summary>Kind byte of an encoded commitment.</summary>
    public const byte CommitmentKind = 0x21;

    internal const int HeaderLength = 8;
    private const int BaseSize = 8, ExtensionSize = 16;

    private static ReadOnlySpan<byte> Magic => "GKRP"u8;

    /// <summary>The canonical bytes of a commitment.</summary>
    public static byte[] Encode(LigeroCommitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var bytes = new byte[HeaderLength + 12 + MerkleTree.DigestSize];
        WriteHeader(bytes, CommitmentKind, BaseSize);
        LigeroShape shape = commitment.Shape;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)shape.NumVariables);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)shape.RowVariables);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(16), (uint)shape.LogInverseRate);
        commitment.Root.AsSpan().CopyTo(bytes.AsSpan(20));
        return bytes;
    }

    /// <summary>Decodes a commitment; its shape must be a valid one (the verifier also checks it against its parameters).</summary>
    /// <exception cref="MalformedProofException">Not the canonical encoding of a commitment with a valid shape.</exception>
    public static LigeroCommitment DecodeCommitment(ReadOnlySpan<byte> bytes)
    {
        var reader = new Reader(bytes);
        reader.Header(CommitmentKind, BaseSize);
        int n = reader.Bounded("variables", 30), a = reader.Bounded("row variables", 30), l = reader.Bounded("log inverse rate", 8);
        var shape = new LigeroShape(n, a, l);
        if (!shape.IsValid)
        {
            throw new MalformedProofException($"Invalid commitment shape {shape}.");
        }

        ImmutableArray<byte> root = [.. reader.Take(MerkleTree.DigestSize, "root")];
        reader.End();
        return new LigeroCommitment(shape, root);
    }

    /// <summary>The canonical bytes of an opening proof.</summary>
    /// <exception cref="ArgumentException">The proof's parts have inconsistent lengths.</exception>
    public static byte[] Encode(LigeroOpeningProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        int width = proof.ProximityRow.Length, k = proof.Columns.Length;
        int columnLength = k == 0 ? 0 : proof.Columns[0].Length;
        if (proof.MerkleSiblings.Length != k || proof.EvaluationRows.Any(r => r.Length != width) || proof.Columns.Any(c => c.Length != columnLength))
        {
            throw new ArgumentException("Inconsistent proof: rows of different widths, column sets of different lengths, or column sets without Merkle openings.", nameof(proof));
        }

        var bytes = new List<byte>(HeaderLength + 64 + (width * (1 + proof.EvaluationRows.Length) * ExtensionSize) + proof.Columns.Sum(c => c.Length * BaseSize) + proof.MerkleSiblings.Sum(s => s.Length + 4));
        Span<byte> header = stackalloc byte[HeaderLength];
        WriteHeader(header, OpeningKind, ExtensionSize);
        bytes.AddRange(header);
        UInt32(bytes, k);
        UInt32(bytes, proof.EvaluationRows.Length);
        UInt32(bytes, width);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(word, proof.ProofOfWorkNonce);
        bytes.AddRange(word);
        Elements(bytes, proof.ProximityRow.AsSpan());
        foreach (ImmutableArray<GoldilocksExt2> row in proof.EvaluationRows)
        {
            Elements(bytes, row.AsSpan());
        }

        UInt32(bytes, columnLength);
        for (int j = 0; j < k; j++)
        {
            Elements(bytes, proof.Columns[j].AsSpan());
            UInt32(bytes, proof.MerkleSiblings[j].Length / MerkleTree.DigestSize);
            bytes.AddRange(proof.MerkleSiblings[j]);
        }

        return [.. bytes];
    }

    /// <summary>Decodes an opening proof for <paramref name="statement"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static LigeroOpeningProof DecodeOpening(ReadOnlySpan<byte> bytes, LigeroOpeningStatement statement, LigeroParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(parameters);
        LigeroShape shape = statement.Commitments[0].Shape;
        var reader = new Reader(bytes);
        reader.Header(OpeningKind, ExtensionSize);
        int k = reader.Count("commitments", statement.Commitments.Length);
        int m = reader.Count("points", statement.Points.Length);
        int width = reader.Count("row length", shape.MessageLength);
        ulong nonce = BinaryPrimitives.ReadUInt64LittleEndian(reader.Take(8, "nonce"));
        GoldilocksExt2[] proximity = reader.Extensions(width);
        var evaluations = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(m);
        for (int i = 0; i < m; i++)
        {
            evaluations.Add(ImmutableCollectionsMarshal.AsImmutableArray(reader.Extensions(width)));
        }

        int rows = shape.Rows;
        int columnLength = reader.Bounded("opened column elements", checked(parameters.Queries * rows));
        if (columnLength == 0 || columnLength % rows != 0)
        {
            throw new MalformedProofException($"{columnLength} opened column elements is not a positive multiple of the column length {rows}.");
        }

        int distinct = columnLength / rows;
        var columns = ImmutableArray.CreateBuilder<ImmutableArray<Goldilocks>>(k);
        var siblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(k);
        for (int j = 0; j < k; j++)
        {
            columns.Add(ImmutableCollectionsMarshal.AsImmutableArray(reader.Bases(columnLength)));
            int count = reader.Bounded("sibling digests", distinct * shape.LogCodewordLength);
            siblings.Add([.. reader.Take(count * MerkleTree.DigestSize, "sibling digests")]);
        }

        reader.End();
        return new LigeroOpeningProof(ImmutableCollectionsMarshal.AsImmutableArray(proximity), evaluations.MoveToImmutable(), nonce, columns.MoveToImmutable(), siblings.MoveToImmutable());
    }

    internal static void WriteHeader(Span<byte> header, byte kind, int elementSize)
    {
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], ProofEncoding.FormatVersion);
        header[6] = kind;
        header[7] = (byte)elementSize;
    }

    internal static void UInt32(List<byte> bytes, int value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)value);
        bytes.AddRange(word);
    }

    internal static void Elements<T>(List<byte> bytes, ReadOnlySpan<T> values) where T : unmanaged, IField<T>
    {
        Span<byte> buffer = stackalloc byte[16];
        foreach (T value in values)
        {
            value.Encode(buffer[..T.EncodedLength]);
            bytes.AddRange(buffer[..T.EncodedLength]);
        }
    }

    internal ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _offset;

        public void Header(byte kind, int elementSize)
        {
            ReadOnlySpan<byte> header = Take(HeaderLength, "header");
            if (!header[..4].SequenceEqual(Magic))
            {
                throw new MalformedProofException("Bad magic: not a Gkr encoding.");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            if (version != ProofEncoding.FormatVersion || header[6] != kind || header[7] != elementSize)
            {
                throw new MalformedProofException($"Expected version {ProofEncoding.FormatVersion}, kind {kind}, element size {elementSize}; found {version}, {header[6]}, {header[7]}.");
            }
        }

        /// <summary>A u32 that must equal what the statement implies.</summary>
        public int Count(string what, int expected)
        {
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
            return count == (uint)expected ? expected : throw new MalformedProofException($"The statement implies {expected} {what}, the proof declares {count}.");
        }

        /// <summary>A u32 that must not exceed <paramref name="maximum"/>.</summary>
        public int Bounded(string what, int maximum)
        {
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
            return count <= (uint)maximum ? (int)count : throw new MalformedProofException($"At most {maximum} {what} are possible, the proof declares {count}.");
        }

        public GoldilocksExt2[] Extensions(int count) => Read<GoldilocksExt2>(count);

        public T[] Elements<T>(int count) where T : unmanaged, IField<T> => Read<T>(count);

        public Goldilocks[] Bases(int count) => Read<Goldilocks>(count);

        public ReadOnlySpan<byte> Take(int length, string what)
        {
            if (length < 0 || length > _bytes.Length - _offset)
            {
                throw new MalformedProofException($"Proof truncated while reading {what} at byte {_offset}.");
            }

            ReadOnlySpan<byte> slice = _bytes.Slice(_offset, length);
            _offset += length;
            return slice;
        }

        public readonly void End()
        {
            if (_offset != _bytes.Length)
            {
                throw new MalformedProofException($"{_bytes.Length - _offset} trailing bytes after the proof.");
            }
        }

        private T[] Read<T>(int count) where T : unmanaged, IField<T>
        {
            int size = T.EncodedLength;
            ReadOnlySpan<byte> data = Take(checked(count * size), "field elements");
            var values = new T[count];
            for (int i = 0; i < count; i++)
            {
                if (!T.TryDecode(data.Slice(i * size, size), out values[i]))
                {
                    throw new MalformedProofException($"Field element at byte {_offset - data.Length + (i * size)} is not a canonical {T.Name} encoding.");
                }
            }

            return values;
        }
    }
}
