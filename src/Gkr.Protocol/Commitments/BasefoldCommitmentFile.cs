using System.Buffers.Binary;
using System.Collections.Immutable;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The canonical file form of a <see cref="BasefoldCommitment"/> with the parameters its openings are
/// checked under (what <c>gkr commit</c> writes and <c>gkr verify --commitment</c> reads).
/// </summary>
/// <remarks>
/// <para>Layout, 60 bytes, integers little-endian: magic "GKRC", u16 <see cref="Version"/> (1), u8 scheme
/// (1 = Basefold), u8 proximity bound (0 = proven unique decoding, 1 = conjectured Johnson), u32 n, u32 L
/// (rate 2^−L), u32 log2 fold arity, u32 target bits, u32 proof-of-work bits, 32-byte Merkle root.</para>
/// <para>Decoding accepts exactly that: the magic, version and scheme, a known bound, parameters
/// <see cref="BasefoldParameters.ForSecurity"/> accepts, sizes <see cref="BasefoldCommitment"/> accepts,
/// and exactly 60 bytes; anything else throws <see cref="FormatException"/>. The query count is derived
/// from the target (it is not stored), so a file cannot weaken the verifier's query count below it.</para>
/// </remarks>
public static class BasefoldCommitmentFile
{
    /// <summary>The format version.</summary>
    public const ushort Version = 1;

    /// <summary>The encoded length in bytes.</summary>
    public const int Length = 28 + MerkleTree.DigestSize;

    private const byte BasefoldScheme = 1;

    /// <summary>The canonical bytes of <paramref name="commitment"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The commitment's rate or arity differs from the parameters'.</exception>
    public static byte[] Encode(BasefoldCommitment commitment, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(parameters);
        if (commitment.LogInverseRate != parameters.LogInverseRate || commitment.LogArity != parameters.LogArity)
        {
            throw new ArgumentException($"The commitment ({commitment}) was not made under these parameters.", nameof(commitment));
        }

        var bytes = new byte[Length];
        "GKRC"u8.CopyTo(bytes);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), Version);
        bytes[6] = BasefoldScheme;
        bytes[7] = (byte)parameters.Bound;
        Span<byte> words = bytes.AsSpan(8, 20);
        int[] values = [commitment.NumVariables, commitment.LogInverseRate, commitment.LogArity, parameters.TargetBits, parameters.ProofOfWorkBits];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(words[(4 * i)..], (uint)values[i]);
        }

        commitment.Root.CopyTo(bytes.AsSpan(28));
        return bytes;
    }

    /// <summary>Decodes a commitment file.</summary>
    /// <exception cref="FormatException">The bytes are not a canonical commitment file.</exception>
    public static (BasefoldCommitment Commitment, BasefoldParameters Parameters) Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length || !bytes[..4].SequenceEqual("GKRC"u8))
        {
            throw new FormatException($"Not a Gkr commitment file (expected {Length} bytes starting with \"GKRC\", got {bytes.Length} bytes).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]);
        if (version != Version || bytes[6] != BasefoldScheme || bytes[7] > (byte)ProximityBound.JohnsonConjectured)
        {
            throw new FormatException($"Unsupported commitment file: version {version}, scheme {bytes[6]}, bound {bytes[7]} (expected version {Version}, Basefold).");
        }

        var words = new int[5];
        for (int i = 0; i < words.Length; i++)
        {
            uint word = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(8 + (4 * i))..]);
            words[i] = word <= 1024 ? (int)word : throw new FormatException($"Commitment file field {i} is out of range ({word}).");
        }

        try
        {
            BasefoldParameters parameters = BasefoldParameters.ForSecurity(words[3], words[1], words[4], words[2], (ProximityBound)bytes[7]);
            return (new BasefoldCommitment(words[0], words[1], words[2], ImmutableArray.Create(bytes[28..].ToArray())), parameters);
        }
        catch (ArgumentException ex)
        {
            throw new FormatException($"Commitment file has unsupported parameters: {ex.Message}", ex);
        }
    }
}
