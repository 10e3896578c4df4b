using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// Canonical binary encoding of Basefold opening proofs (the <see cref="GkrFormat"/> header, kind
/// <see cref="EncodingKind.BasefoldOpening"/>, element size 16).
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
    private const int ExtensionSize = 16;

    /// <summary>The canonical bytes of a Basefold opening proof.</summary>
    public static byte[] Encode(BasefoldOpeningProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var writer = new CanonicalWriter(1 << 16);
        Write(proof, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a Basefold opening proof for <paramref name="statement"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static BasefoldOpeningProof DecodeOpening(ReadOnlySpan<byte> bytes, BasefoldOpeningStatement statement, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(parameters);
        int n = statement.Commitments[0].NumVariables;
        (int First, int Rounds)[] groups = BasefoldProtocol.Groups(n, parameters);
        var reader = new CanonicalReader(bytes);
        reader.Header(EncodingKind.BasefoldOpening, ExtensionSize);
        reader.Count("rounds", n);
        int k = reader.Count("commitments", statement.Commitments.Length);
        int oracles = reader.Count("folded oracles", groups.Length - 1);
        var rounds = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(n);
        for (int i = 0; i < n; i++)
        {
            rounds.Add(ImmutableCollectionsMarshal.AsImmutableArray(reader.Elements<GoldilocksExt2>(3)));
        }

        var roots = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(oracles);
        for (int g = 0; g < oracles; g++)
        {
            roots.Add([.. reader.Take(MerkleTree.DigestSize, "oracle root")]);
        }

        GoldilocksExt2 final = reader.Element<GoldilocksExt2>();
        ulong nonce = reader.UInt64("nonce");
        int logLength = n + parameters.LogInverseRate;
        var baseCosets = ImmutableArray.CreateBuilder<ImmutableArray<Goldilocks>>(k);
        var baseSiblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(k);
        for (int j = 0; j < k; j++)
        {
            (Goldilocks[] cosets, ImmutableArray<byte> siblings) = ReadOpening<Goldilocks>(ref reader, 1 << groups[0].Rounds, logLength - groups[0].Rounds, parameters.Queries);
            baseCosets.Add(ImmutableCollectionsMarshal.AsImmutableArray(cosets));
            baseSiblings.Add(siblings);
        }

        var oracleCosets = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(oracles);
        var oracleSiblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(oracles);
        logLength -= groups[0].Rounds;
        for (int g = 1; g < groups.Length; g++)
        {
            (GoldilocksExt2[] cosets, ImmutableArray<byte> siblings) = ReadOpening<GoldilocksExt2>(ref reader, 1 << groups[g].Rounds, logLength - groups[g].Rounds, parameters.Queries);
            oracleCosets.Add(ImmutableCollectionsMarshal.AsImmutableArray(cosets));
            oracleSiblings.Add(siblings);
            logLength -= groups[g].Rounds;
        }

        reader.End();
        return new BasefoldOpeningProof(rounds.MoveToImmutable(), roots.MoveToImmutable(), final, nonce, baseCosets.MoveToImmutable(), baseSiblings.MoveToImmutable(), oracleCosets.MoveToImmutable(), oracleSiblings.MoveToImmutable());
    }

    /// <summary>
    /// The length of the longest opening <see cref="DecodeOpening"/> accepts for <paramref name="commitments"/>
    /// commitments to 2^<paramref name="numVariables"/> values under <paramref name="parameters"/>: every
    /// oracle opened at the full t·arity coset elements with t·depth sibling digests (the most its counts allow).
    /// </summary>
    public static long MaxOpeningLength(int numVariables, int commitments, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        (int First, int Rounds)[] groups = BasefoldProtocol.Groups(numVariables, parameters);
        long queries = parameters.Queries;
        int logLength = numVariables + parameters.LogInverseRate - groups[0].Rounds;
        long length = GkrFormat.HeaderLength + 12 + ((long)numVariables * 3 * ExtensionSize) + ((long)(groups.Length - 1) * MerkleTree.DigestSize) + ExtensionSize + 8;
        length += commitments * (8 + (queries * (1L << groups[0].Rounds) * Goldilocks.EncodedLength) + (queries * logLength * MerkleTree.DigestSize));
        for (int g = 1; g < groups.Length; g++)
        {
            logLength -= groups[g].Rounds;
            length += 8 + (queries * (1L << groups[g].Rounds) * ExtensionSize) + (queries * logLength * MerkleTree.DigestSize);
        }

        return length;
    }

    internal static void Write(BasefoldOpeningProof proof, CanonicalWriter writer)
    {
        writer.Header(EncodingKind.BasefoldOpening, ExtensionSize);
        writer.Count(proof.RoundPolynomials.Length);
        writer.Count(proof.BaseCosets.Length);
        writer.Count(proof.OracleRoots.Length);
        foreach (ImmutableArray<GoldilocksExt2> h in proof.RoundPolynomials)
        {
            writer.Elements(h.AsSpan());
        }

        foreach (ImmutableArray<byte> root in proof.OracleRoots)
        {
            writer.Digests(root.AsSpan());
        }

        writer.Element(proof.FinalValue);
        writer.UInt64(proof.ProofOfWorkNonce);
        for (int j = 0; j < proof.BaseCosets.Length; j++)
        {
            WriteOpening(writer, proof.BaseCosets[j].AsSpan(), proof.BaseSiblings[j]);
        }

        for (int g = 0; g < proof.OracleCosets.Length; g++)
        {
            WriteOpening(writer, proof.OracleCosets[g].AsSpan(), proof.OracleSiblings[g]);
        }
    }

    private static void WriteOpening<T>(CanonicalWriter writer, ReadOnlySpan<T> cosets, ImmutableArray<byte> siblings) where T : unmanaged, IField<T>
    {
        writer.Count(cosets.Length);
        writer.Elements(cosets);
        writer.CountedDigests(siblings.AsSpan());
    }

    private static (T[] Cosets, ImmutableArray<byte> Siblings) ReadOpening<T>(ref CanonicalReader reader, int arity, int depth, int queries) where T : unmanaged, IField<T>
    {
        int count = reader.Bounded("opened coset elements", checked(queries * arity));
        if (count == 0 || count % arity != 0)
        {
            throw new MalformedProofException($"{count} opened elements is not a positive multiple of the arity {arity}.");
        }

        T[] cosets = reader.Elements<T>(count);
        return (cosets, [.. reader.CountedDigests("sibling digests", count / arity * depth)]);
    }
}
