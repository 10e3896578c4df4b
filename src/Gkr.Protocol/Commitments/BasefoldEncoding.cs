using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// Canonical binary encoding of Basefold opening proofs (header as in <see cref="LigeroEncoding"/>, kind
/// <see cref="OpeningKind"/>, element size 16).
/// </summary>
/// <remarks>
/// <para>Body: u32 n, u32 k, u32 g (folded oracles); n × 3 extension elements; g roots of 32 bytes; the
/// final extension element; u64 nonce; per commitment: u32 e, e base elements, u32 s, s digests; per
/// folded oracle: u32 e, e extension elements, u32 s, s digests.</para>
/// <para>Decoding takes the statement and parameters: n, k and g must equal what they imply; e must be a
/// positive multiple of the oracle's arity and at most t·arity; s at most (e/arity)·depth; every length
/// is checked against the remaining bytes before allocating; elements canonical; no trailing bytes.
/// Any deviation throws <see cref="MalformedProofException"/>.</para>
/// </remarks>
public static class BasefoldEncoding
{
    /// <summary>Kind byte of an encoded Basefold opening proof.</summary>
    public const byte OpeningKind = 0x22;

    private const int ExtensionSize = 16;

    /// <summary>The canonical bytes of a Basefold opening proof.</summary>
    public static byte[] Encode(BasefoldOpeningProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var bytes = new List<byte>(1 << 16);
        Span<byte> header = stackalloc byte[LigeroEncoding.HeaderLength];
        LigeroEncoding.WriteHeader(header, OpeningKind, ExtensionSize);
        bytes.AddRange(header);
        LigeroEncoding.UInt32(bytes, proof.RoundPolynomials.Length);
        LigeroEncoding.UInt32(bytes, proof.BaseCosets.Length);
        LigeroEncoding.UInt32(bytes, proof.OracleRoots.Length);
        foreach (ImmutableArray<GoldilocksExt2> h in proof.RoundPolynomials)
        {
            LigeroEncoding.Elements(bytes, h.AsSpan());
        }

        foreach (ImmutableArray<byte> root in proof.OracleRoots)
        {
            bytes.AddRange(root);
        }

        LigeroEncoding.Elements<GoldilocksExt2>(bytes, [proof.FinalValue]);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(word, proof.ProofOfWorkNonce);
        bytes.AddRange(word);
        for (int j = 0; j < proof.BaseCosets.Length; j++)
        {
            Opening(bytes, proof.BaseCosets[j].AsSpan(), proof.BaseSiblings[j]);
        }

        for (int g = 0; g < proof.OracleCosets.Length; g++)
        {
            Opening(bytes, proof.OracleCosets[g].AsSpan(), proof.OracleSiblings[g]);
        }

        return [.. bytes];
    }

    /// <summary>Decodes a Basefold opening proof for <paramref name="statement"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static BasefoldOpeningProof DecodeOpening(ReadOnlySpan<byte> bytes, BasefoldOpeningStatement statement, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(parameters);
        int n = statement.Commitments[0].NumVariables;
        (int First, int Rounds)[] groups = BasefoldProtocol.Groups(n, parameters);
        var reader = new LigeroEncoding.Reader(bytes);
        reader.Header(OpeningKind, ExtensionSize);
        reader.Count("rounds", n);
        int k = reader.Count("commitments", statement.Commitments.Length);
        int oracles = reader.Count("folded oracles", groups.Length - 1);
        var rounds = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(n);
        for (int i = 0; i < n; i++)
        {
            rounds.Add(ImmutableCollectionsMarshal.AsImmutableArray(reader.Extensions(3)));
        }

        var roots = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(oracles);
        for (int g = 0; g < oracles; g++)
        {
            roots.Add([.. reader.Take(MerkleTree.DigestSize, "oracle root")]);
        }

        GoldilocksExt2 final = reader.Extensions(1)[0];
        ulong nonce = BinaryPrimitives.ReadUInt64LittleEndian(reader.Take(8, "nonce"));
        int logLength = n + parameters.LogInverseRate;
        var baseCosets = ImmutableArray.CreateBuilder<ImmutableArray<Goldilocks>>(k);
        var baseSiblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(k);
        for (int j = 0; j < k; j++)
        {
            (Goldilocks[] cosets, byte[] siblings) = ReadOpening<Goldilocks>(ref reader, 1 << groups[0].Rounds, logLength - groups[0].Rounds, parameters.Queries);
            baseCosets.Add(ImmutableCollectionsMarshal.AsImmutableArray(cosets));
            baseSiblings.Add(ImmutableCollectionsMarshal.AsImmutableArray(siblings));
        }

        var oracleCosets = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(oracles);
        var oracleSiblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(oracles);
        logLength -= groups[0].Rounds;
        for (int g = 1; g < groups.Length; g++)
        {
            (GoldilocksExt2[] cosets, byte[] siblings) = ReadOpening<GoldilocksExt2>(ref reader, 1 << groups[g].Rounds, logLength - groups[g].Rounds, parameters.Queries);
            oracleCosets.Add(ImmutableCollectionsMarshal.AsImmutableArray(cosets));
            oracleSiblings.Add(ImmutableCollectionsMarshal.AsImmutableArray(siblings));
            logLength -= groups[g].Rounds;
        }

        reader.End();
        return new BasefoldOpeningProof(rounds.MoveToImmutable(), roots.MoveToImmutable(), final, nonce, baseCosets.MoveToImmutable(), baseSiblings.MoveToImmutable(), oracleCosets.MoveToImmutable(), oracleSiblings.MoveToImmutable());
    }

    private static void Opening<T>(List<byte> bytes, ReadOnlySpan<T> cosets, ImmutableArray<byte> siblings) where T : unmanaged, IField<T>
    {
        LigeroEncoding.UInt32(bytes, cosets.Length);
        LigeroEncoding.Elements(bytes, cosets);
        LigeroEncoding.UInt32(bytes, siblings.Length / MerkleTree.DigestSize);
        bytes.AddRange(siblings);
    }

    private static (T[] Cosets, byte[] Siblings) ReadOpening<T>(ref LigeroEncoding.Reader reader, int arity, int depth, int queries) where T : unmanaged, IField<T>
    {
        int count = reader.Bounded("opened coset elements", checked(queries * arity));
        if (count == 0 || count % arity != 0)
        {
            throw new MalformedProofException($"{count} opened elements is not a positive multiple of the arity {arity}.");
        }

        T[] cosets = reader.Elements<T>(count);
        int digests = reader.Bounded("sibling digests", count / arity * depth);
        return (cosets, [.. reader.Take(digests * MerkleTree.DigestSize, "sibling digests")]);
    }
}
