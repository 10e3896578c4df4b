using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// Canonical binary encodings of Ligero commitments and opening proofs: the <see cref="GkrFormat"/>
/// header, then the body (integers little-endian, field elements canonical).
/// </summary>
/// <remarks>
/// <para>Commitment (kind <see cref="EncodingKind.LigeroCommitment"/>, element size 8): u32 n, u32 a, u32 L, 32-byte root.</para>
/// <para>Opening proof (kind <see cref="EncodingKind.LigeroOpening"/>, element size 16): u32 k, u32 m, u32 2^b, u64 nonce,
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
    private const int BaseSize = 8, ExtensionSize = 16;

    /// <summary>The canonical bytes of a commitment.</summary>
    public static byte[] Encode(LigeroCommitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        var writer = new CanonicalWriter(GkrFormat.HeaderLength + 12 + MerkleTree.DigestSize);
        Write(commitment, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a commitment; its shape must be a valid one (the verifier also checks it against its parameters).</summary>
    /// <exception cref="MalformedProofException">Not the canonical encoding of a commitment with a valid shape.</exception>
    public static LigeroCommitment DecodeCommitment(ReadOnlySpan<byte> bytes)
    {
        var reader = new CanonicalReader(bytes);
        reader.Header(EncodingKind.LigeroCommitment, BaseSize);
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
        var writer = new CanonicalWriter(1 << 12);
        Write(proof, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes an opening proof for <paramref name="statement"/> under <paramref name="parameters"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static LigeroOpeningProof DecodeOpening(ReadOnlySpan<byte> bytes, LigeroOpeningStatement statement, LigeroParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(parameters);
        LigeroShape shape = statement.Commitments[0].Shape;
        var reader = new CanonicalReader(bytes);
        reader.Header(EncodingKind.LigeroOpening, ExtensionSize);
        int k = reader.Count("commitments", statement.Commitments.Length);
        int m = reader.Count("points", statement.Points.Length);
        int width = reader.Count("row length", shape.MessageLength);
        ulong nonce = reader.UInt64("nonce");
        GoldilocksExt2[] proximity = reader.Elements<GoldilocksExt2>(width);
        var evaluations = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(m);
        for (int i = 0; i < m; i++)
        {
            evaluations.Add(ImmutableCollectionsMarshal.AsImmutableArray(reader.Elements<GoldilocksExt2>(width)));
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
            columns.Add(ImmutableCollectionsMarshal.AsImmutableArray(reader.Elements<Goldilocks>(columnLength)));
            siblings.Add([.. reader.CountedDigests("sibling digests", distinct * shape.LogCodewordLength)]);
        }

        reader.End();
        return new LigeroOpeningProof(ImmutableCollectionsMarshal.AsImmutableArray(proximity), evaluations.MoveToImmutable(), nonce, columns.MoveToImmutable(), siblings.MoveToImmutable());
    }

    internal static void Write(LigeroCommitment commitment, CanonicalWriter writer)
    {
        writer.Header(EncodingKind.LigeroCommitment, BaseSize);
        LigeroShape shape = commitment.Shape;
        writer.Count(shape.NumVariables);
        writer.Count(shape.RowVariables);
        writer.Count(shape.LogInverseRate);
        writer.Digests(commitment.Root.AsSpan());
    }

    internal static void Write(LigeroOpeningProof proof, CanonicalWriter writer)
    {
        int width = proof.ProximityRow.Length, k = proof.Columns.Length;
        int columnLength = k == 0 ? 0 : proof.Columns[0].Length;
        if (proof.MerkleSiblings.Length != k || proof.EvaluationRows.Any(r => r.Length != width) || proof.Columns.Any(c => c.Length != columnLength))
        {
            throw new ArgumentException("Inconsistent proof: rows of different widths, column sets of different lengths, or column sets without Merkle openings.", nameof(proof));
        }

        writer.Header(EncodingKind.LigeroOpening, ExtensionSize);
        writer.Count(k);
        writer.Count(proof.EvaluationRows.Length);
        writer.Count(width);
        writer.UInt64(proof.ProofOfWorkNonce);
        writer.Elements(proof.ProximityRow.AsSpan());
        foreach (ImmutableArray<GoldilocksExt2> row in proof.EvaluationRows)
        {
            writer.Elements(row.AsSpan());
        }

        writer.Count(columnLength);
        for (int j = 0; j < k; j++)
        {
            writer.Elements(proof.Columns[j].AsSpan());
            writer.CountedDigests(proof.MerkleSiblings[j].AsSpan());
        }
    }
}
