using System.Buffers.Binary;

namespace Gkr.Protocol.Serialization;

/// <summary>What an encoding holds (byte 6 of the <see cref="GkrFormat"/> header).</summary>
public enum EncodingKind : byte
{
    /// <summary>A <see cref="Sumcheck.SumcheckProof{T}"/> (<see cref="ProofEncoding"/>).</summary>
    Sumcheck = 1,

    /// <summary>A <see cref="Sumcheck.BatchedSumcheckProof{T}"/> (<see cref="ProofEncoding"/>).</summary>
    BatchedSumcheck = 2,

    /// <summary>A layered-circuit GKR proof with an all-public input (<c>Gkr.GkrProofEncoding</c>).</summary>
    Gkr = 0x10,

    /// <summary>A GKR proof with committed input parts and their Basefold openings (<c>Gkr.GkrProofEncoding</c>).</summary>
    GkrCommitted = 0x11,

    /// <summary>A Ligero opening proof (<c>Commitments.LigeroEncoding</c>).</summary>
    LigeroOpening = 0x20,

    /// <summary>A Ligero commitment (<c>Commitments.LigeroEncoding</c>).</summary>
    LigeroCommitment = 0x21,

    /// <summary>A Basefold opening proof (<c>Commitments.BasefoldEncoding</c>).</summary>
    BasefoldOpening = 0x22,

    /// <summary>A Basefold commitment with its parameters: the file <c>gkr commit</c> writes (<c>Commitments.BasefoldCommitmentFile</c>).</summary>
    BasefoldCommitment = 0x23,

    /// <summary>A layered circuit (<c>Circuits.LayeredCircuit.CanonicalBytes</c>); its SHA-256 is the circuit digest.</summary>
    Circuit = 0x30,

    /// <summary>A GKR statement: circuit digest, public input, claimed output, committed-input layout and commitments (<c>Gkr.GkrStatementEncoding</c>).</summary>
    GkrStatement = 0x31,

    /// <summary>A graph circuit (layers that read any earlier polynomial, tables, witness columns, lookups).</summary>
    GraphCircuit = 0x32,

    /// <summary>A graph-circuit proof (witness commitment, lookups, layers, openings).</summary>
    GraphProof = 0x12,
}

/// <summary>
/// The one binary format of every proof, statement, circuit and commitment the library writes.
/// </summary>
/// <remarks>
/// <para>Every encoding starts with the same 8-byte header: magic "GKRP", u16 <see cref="Version"/>
/// (little-endian), u8 <see cref="EncodingKind"/>, u8 field-element size in bytes (8 Goldilocks, 16
/// GoldilocksExt2, 0 when the body has no field elements). The body follows; its layout is documented
/// on the type that encodes it.</para>
/// <para>Rules shared by every body: integers little-endian; field elements in their canonical encoding
/// only (below p); every count is compared with what the statement (or, for a circuit, the remaining
/// bytes and the circuit limits) implies before anything is allocated, so no allocation is driven by an
/// untrusted length; no byte may trail. Decoding accepts exactly the bytes encoding produces: a value
/// has one encoding. Any deviation throws a <see cref="MalformedEncodingException"/> (for proofs the
/// subtype <see cref="MalformedProofException"/>) whose message names the field and byte offset.</para>
/// </remarks>
public static class GkrFormat
{
    /// <summary>Version of the byte layouts; bumped on any change to any of them.</summary>
    public const ushort Version = 1;

    /// <summary>Length of the common header.</summary>
    public const int HeaderLength = 8;

    /// <summary>The magic bytes "GKRP".</summary>
    public static ReadOnlySpan<byte> Magic => "GKRP"u8;

    /// <summary>Reads the common header without interpreting the body (what <c>gkr inspect</c> prints).</summary>
    /// <exception cref="MalformedEncodingException">Too short, wrong magic, unknown version or unknown kind.</exception>
    public static (EncodingKind Kind, int ElementSize) ReadHeader(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderLength || !bytes[..4].SequenceEqual(Magic))
        {
            throw new MalformedEncodingException($"Not a Gkr file: expected the {HeaderLength}-byte header starting with \"GKRP\" ({bytes.Length} bytes).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != Version)
        {
            throw new MalformedEncodingException($"Unsupported format version {version} (this library reads version {Version}).");
        }

        var kind = (EncodingKind)bytes[6];
        return Enum.IsDefined(kind) ? (kind, bytes[7]) : throw new MalformedEncodingException($"Unknown encoding kind 0x{bytes[6]:x2}.");
    }
}

/// <summary>Bytes are not the canonical encoding of what was expected: header, a count, the length or a field element.</summary>
public class MalformedEncodingException(string message) : FormatException(message);

/// <summary>Proof bytes are not the canonical encoding of the expected proof (wrong header, counts, length or a non-canonical element).</summary>
public sealed class MalformedProofException(string message) : MalformedEncodingException(message);
