using System.Buffers.Binary;
using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Serialization;

/// <summary>Kinds of proof the canonical encoding distinguishes (byte 6 of the header).</summary>
public enum ProofKind : byte
{
    /// <summary><see cref="SumcheckProof{T}"/>.</summary>
    Sumcheck = 1,

    /// <summary><see cref="BatchedSumcheckProof{T}"/>.</summary>
    BatchedSumcheck = 2,

    /// <summary>A layered-circuit GKR proof (<c>Gkr.GkrProof</c>, encoded by <c>GkrProofEncoding</c>).</summary>
    Gkr = 0x10,

    /// <summary>A GKR proof with committed input parts and their Basefold openings.</summary>
    GkrCommitted = 0x11,

    /// <summary>A Ligero opening proof (<c>Commitments.LigeroEncoding</c>).</summary>
    LigeroOpening = 0x20,

    /// <summary>A Ligero commitment (<c>Commitments.LigeroEncoding</c>).</summary>
    LigeroCommitment = 0x21,

    /// <summary>A Basefold opening proof (<c>Commitments.BasefoldEncoding</c>).</summary>
    BasefoldOpening = 0x22,
}

/// <summary>
/// The canonical binary encoding of proofs. Every proof has exactly one encoding, and decoding accepts
/// exactly that encoding.
/// </summary>
/// <remarks>
/// <para>Layout (integers little-endian): magic "GKRP" (4 bytes), u16 <see cref="FormatVersion"/>,
/// u8 <see cref="ProofKind"/>, u8 field element size, then the body.</para>
/// <para>Sumcheck body: u32 rounds, u32 values per round, then rounds × values canonical field elements.
/// Batched body: the sumcheck body, then u32 claim count and that many canonical field elements.</para>
/// <para>Decoding takes the statement, which fixes every count: counts are compared with what the
/// statement implies before anything is allocated, the total length must match exactly, and every
/// element must be canonical. Any deviation throws <see cref="MalformedProofException"/>.</para>
/// </remarks>
public static class ProofEncoding
{
    /// <summary>Version of the byte layout.</summary>
    public const ushort FormatVersion = 1;

    private const int HeaderLength = 8;
    private static ReadOnlySpan<byte> Magic => "GKRP"u8;

    /// <summary>The canonical bytes of a sumcheck proof.</summary>
    public static byte[] Encode<T>(SumcheckProof<T> proof) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(proof);
        var writer = new Writer<T>(HeaderLength + SumcheckBodyLength(proof));
        writer.Header(ProofKind.Sumcheck);
        writer.SumcheckBody(proof);
        return writer.Finish();
    }

    /// <summary>The canonical bytes of a batched sumcheck proof.</summary>
    public static byte[] Encode<T>(BatchedSumcheckProof<T> proof) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(proof);
        var writer = new Writer<T>(HeaderLength + SumcheckBodyLength(proof.Rounds) + 4 + (proof.FinalValues.Length * T.EncodedLength));
        writer.Header(ProofKind.BatchedSumcheck);
        writer.SumcheckBody(proof.Rounds);
        writer.UInt32((uint)proof.FinalValues.Length);
        foreach (T value in proof.FinalValues)
        {
            writer.Element(value);
        }

        return writer.Finish();
    }

    /// <summary>Decodes a sumcheck proof for <paramref name="statement"/> (n rounds of d + 1 values).</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static SumcheckProof<T> DecodeSumcheck<T>(ReadOnlySpan<byte> bytes, SumcheckStatement<T> statement) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(statement);
        var reader = new Reader<T>(bytes);
        reader.Header(ProofKind.Sumcheck);
        SumcheckProof<T> proof = reader.SumcheckBody(statement.NumVariables, statement.Degree + 1);
        reader.End();
        return proof;
    }

    /// <summary>Decodes a batched proof for <paramref name="statement"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static BatchedSumcheckProof<T> DecodeBatched<T>(ReadOnlySpan<byte> bytes, BatchedSumcheckStatement<T> statement) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(statement);
        var reader = new Reader<T>(bytes);
        reader.Header(ProofKind.BatchedSumcheck);
        SumcheckProof<T> rounds = reader.SumcheckBody(statement.NumVariables, statement.Degree + 1);
        T[] finals = reader.Elements(reader.Count("final values", statement.Claims.Length));
        reader.End();
        return new BatchedSumcheckProof<T>(rounds, ImmutableArray.Create(finals));
    }

    private static int SumcheckBodyLength<T>(SumcheckProof<T> proof) where T : unmanaged, IField<T> =>
        8 + proof.RoundPolynomials.Sum(r => r.Length * T.EncodedLength);

    private ref struct Writer<T>(int length) where T : unmanaged, IField<T>
    {
        private readonly byte[] _bytes = new byte[length];
        private int _offset;

        public void Header(ProofKind kind)
        {
            Magic.CopyTo(_bytes);
            BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan(4), FormatVersion);
            _bytes[6] = (byte)kind;
            _bytes[7] = (byte)T.EncodedLength;
            _offset = HeaderLength;
        }

        public void SumcheckBody(SumcheckProof<T> proof)
        {
            ImmutableArray<ImmutableArray<T>> rounds = proof.RoundPolynomials;
            int width = rounds.IsEmpty ? 0 : rounds[0].Length;
            if (rounds.Any(r => r.Length != width))
            {
                throw new ArgumentException("Every round polynomial of a proof has the same number of values.", nameof(proof));
            }

            UInt32((uint)rounds.Length);
            UInt32((uint)width);
            foreach (ImmutableArray<T> round in rounds)
            {
                foreach (T value in round)
                {
                    Element(value);
                }
            }
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_bytes.AsSpan(_offset), value);
            _offset += 4;
        }

        public void Element(T value)
        {
            value.Encode(_bytes.AsSpan(_offset, T.EncodedLength));
            _offset += T.EncodedLength;
        }

        public readonly byte[] Finish() => _offset == _bytes.Length ? _bytes : throw new InvalidOperationException("Encoded length mismatch.");
    }

    private ref struct Reader<T>(ReadOnlySpan<byte> bytes) where T : unmanaged, IField<T>
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _offset;

        public void Header(ProofKind kind)
        {
            ReadOnlySpan<byte> header = Take(HeaderLength, "header");
            if (!header[..4].SequenceEqual(Magic))
            {
                throw new MalformedProofException("Bad magic: not a Gkr proof.");
            }

            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            if (version != FormatVersion)
            {
                throw new MalformedProofException($"Unsupported format version {version} (this library reads {FormatVersion}).");
            }

            if (header[6] != (byte)kind)
            {
                throw new MalformedProofException($"Expected a {kind} proof, found kind {header[6]}.");
            }

            if (header[7] != T.EncodedLength)
            {
                throw new MalformedProofException($"Field element size {header[7]} does not match {T.Name} ({T.EncodedLength} bytes).");
            }
        }

        public SumcheckProof<T> SumcheckBody(int rounds, int width)
        {
            int count = Count("rounds", rounds);
            int values = Count("values per round", count == 0 ? 0 : width);
            var result = ImmutableArray.CreateBuilder<ImmutableArray<T>>(count);
            for (int k = 0; k < count; k++)
            {
                result.Add(ImmutableArray.Create(Elements(values)));
            }

            return new SumcheckProof<T>(result.MoveToImmutable());
        }

        /// <summary>Reads a u32 count and requires it to equal what the statement implies.</summary>
        public int Count(string what, int expected)
        {
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
            return count == (uint)expected
                ? expected
                : throw new MalformedProofException($"The statement implies {expected} {what}, the proof declares {count}.");
        }

        public T[] Elements(int count)
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

        public readonly void End()
        {
            if (_offset != _bytes.Length)
            {
                throw new MalformedProofException($"{_bytes.Length - _offset} trailing bytes after the proof.");
            }
        }

        private ReadOnlySpan<byte> Take(int length, string what)
        {
            if (length > _bytes.Length - _offset)
            {
                throw new MalformedProofException($"Proof truncated while reading {what} at byte {_offset}.");
            }

            ReadOnlySpan<byte> slice = _bytes.Slice(_offset, length);
            _offset += length;
            return slice;
        }
    }
}

/// <summary>Proof bytes are not the canonical encoding of the expected proof (wrong header, counts, length or a non-canonical element).</summary>
public sealed class MalformedProofException(string message) : FormatException(message);
