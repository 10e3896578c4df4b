using System.Collections.Immutable;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The canonical file form of a <see cref="BasefoldCommitment"/> with the parameters its openings are
/// checked under (what <c>gkr commit</c> writes and <c>gkr verify --commitment</c> reads).
/// </summary>
/// <remarks>
/// <para>Layout, 64 bytes: the <see cref="GkrFormat"/> header (kind <see cref="EncodingKind.BasefoldCommitment"/>,
/// element size 0), then u32 each: proximity bound (0 = proven unique decoding, 1 = conjectured
/// Johnson), n, L (rate 2^−L), log2 fold arity, target bits, proof-of-work bits; then the 32-byte Merkle root.</para>
/// <para>Decoding accepts exactly that: the header, a known bound, parameters
/// <see cref="BasefoldParameters.ForSecurity"/> accepts, sizes <see cref="BasefoldCommitment"/> accepts,
/// and exactly 64 bytes; anything else throws <see cref="MalformedEncodingException"/>. The query count is
/// derived from the target (it is not stored), so a file cannot weaken the verifier's query count below it.</para>
/// </remarks>
public static class BasefoldCommitmentFile
{
    /// <summary>The encoded length in bytes.</summary>
    public const int Length = GkrFormat.HeaderLength + 24 + MerkleTree.DigestSize;

    /// <summary>The canonical bytes of <paramref name="commitment"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The commitment's rate or arity differs from the parameters'.</exception>
    public static byte[] Encode(BasefoldCommitment commitment, BasefoldParameters parameters)
    {
        var writer = new CanonicalWriter(Length);
        Write(commitment, parameters, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a commitment file.</summary>
    /// <exception cref="MalformedEncodingException">The bytes are not a canonical commitment file.</exception>
    public static (BasefoldCommitment Commitment, BasefoldParameters Parameters) Decode(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes, static message => new MalformedEncodingException($"Commitment file: {message}"));
        reader.Header(EncodingKind.BasefoldCommitment, 0);
        (BasefoldCommitment, BasefoldParameters) result = ReadBody(ref reader);
        reader.End();
        return result;
    }

    internal static void Write(BasefoldCommitment commitment, BasefoldParameters parameters, CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(parameters);
        if (commitment.LogInverseRate != parameters.LogInverseRate || commitment.LogArity != parameters.LogArity)
        {
            throw new ArgumentException($"The commitment ({commitment}) was not made under these parameters.", nameof(commitment));
        }

        writer.Header(EncodingKind.BasefoldCommitment, 0);
        WriteBody(commitment, parameters, writer);
    }

    /// <summary>The body without the header (also embedded in statement encodings).</summary>
    internal static void WriteBody(BasefoldCommitment commitment, BasefoldParameters parameters, CanonicalWriter writer)
    {
        foreach (int value in (ReadOnlySpan<int>)[(int)parameters.Bound, commitment.NumVariables, commitment.LogInverseRate, commitment.LogArity, parameters.TargetBits, parameters.ProofOfWorkBits])
        {
            writer.UInt32((uint)value);
        }

        writer.Digests(commitment.Root.AsSpan());
    }

    internal static (BasefoldCommitment Commitment, BasefoldParameters Parameters) ReadBody(ref CanonicalReader reader)
    {
        int bound = reader.Bounded("proximity bound", (int)ProximityBound.JohnsonConjectured);
        int n = reader.Bounded("variables", 1024), rate = reader.Bounded("log inverse rate", 1024), arity = reader.Bounded("log arity", 1024);
        int target = reader.Bounded("target bits", 1024), work = reader.Bounded("proof-of-work bits", 1024);
        ImmutableArray<byte> root = [.. reader.Take(MerkleTree.DigestSize, "root")];
        try
        {
            BasefoldParameters parameters = BasefoldParameters.ForSecurity(target, rate, work, arity, (ProximityBound)bound);
            return (new BasefoldCommitment(n, rate, arity, root), parameters);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error($"unsupported parameters: {ex.Message}");
        }
    }
}
