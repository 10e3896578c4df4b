using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Gkr.Field;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// A binary SHA-256 Merkle tree over 2^d leaves, with pruned multi-openings (a sibling that the
/// verifier can recompute from other opened leaves is never sent).
/// </summary>
/// <remarks>
/// <para>Hashes (domain-separated so that a leaf can never be read as an inner node):
/// leaf = SHA256(0x00 ‖ data), node = SHA256(0x01 ‖ left ‖ right).</para>
/// <para>A column leaf's data is the canonical little-endian encoding of its Goldilocks elements,
/// concatenated (<see cref="HashColumn"/>).</para>
/// </remarks>
public sealed class MerkleTree
{
    /// <summary>Writes the 32-byte digest of leaf <paramref name="index"/> into <paramref name="digest"/>.</summary>
    public delegate void LeafHasher(int index, Span<byte> digest);

    /// <summary>Size of a digest in bytes.</summary>
    public const int DigestSize = 32;

    private const byte LeafTag = 0x00, NodeTag = 0x01;
    private const int ParallelThreshold = 1 << 12;

    /// <summary>Levels from the leaves (level 0, 2^d digests) to the root (level d, one digest).</summary>
    private readonly byte[][] _levels;

    private MerkleTree(byte[][] levels) => _levels = levels;

    /// <summary>d: log2 of the number of leaves.</summary>
    public int Depth => _levels.Length - 1;

    /// <summary>The root digest.</summary>
    public ReadOnlySpan<byte> Root => _levels[^1];

    /// <summary>
    /// The tree over <paramref name="leafCount"/> = 2^d columns of <paramref name="columnLength"/>
    /// elements each, stored column-major in <paramref name="columns"/> (column j at [j·len, (j+1)·len)).
    /// </summary>
    /// <exception cref="ArgumentException">The leaf count is not a power of two or the lengths disagree.</exception>
    public static MerkleTree FromColumns(Goldilocks[] columns, int leafCount, int columnLength)
    {
        ArgumentNullException.ThrowIfNull(columns);
        int depth = Polynomials.Multilinear.NumVariablesOf(leafCount);
        if (columns.Length != (long)leafCount * columnLength)
        {
            throw new ArgumentException($"{leafCount} columns of {columnLength} need {(long)leafCount * columnLength} elements, got {columns.Length}.", nameof(columns));
        }

        return FromLeaves(leafCount, (j, digest) => HashLeaf<Goldilocks>(columns.AsSpan(j * columnLength, columnLength), digest));
    }

    /// <summary>The tree over 2^d leaves whose digests <paramref name="hashLeaf"/> writes (called in parallel for large trees).</summary>
    /// <exception cref="ArgumentException">The leaf count is not a power of two.</exception>
    public static MerkleTree FromLeaves(int leafCount, LeafHasher hashLeaf)
    {
        ArgumentNullException.ThrowIfNull(hashLeaf);
        int depth = Polynomials.Multilinear.NumVariablesOf(leafCount);
        var leaves = new byte[leafCount * DigestSize];
        ChunkedParallel.For(leafCount, ParallelThreshold, j => hashLeaf(j, leaves.AsSpan(j * DigestSize, DigestSize)));
        return FromLeafDigests(leaves, depth);
    }

    /// <summary>The tree over the given leaf digests (2^depth of them, concatenated).</summary>
    private static MerkleTree FromLeafDigests(byte[] leaves, int depth)
    {
        var levels = new byte[depth + 1][];
        levels[0] = leaves;
        for (int level = 1; level <= depth; level++)
        {
            byte[] below = levels[level - 1];
            var current = new byte[below.Length / 2];
            ChunkedParallel.For(current.Length / DigestSize, ParallelThreshold, i => HashNode(below.AsSpan(2 * i * DigestSize, DigestSize), below.AsSpan(((2 * i) + 1) * DigestSize, DigestSize), current.AsSpan(i * DigestSize, DigestSize)));
            levels[level] = current;
        }

        return new MerkleTree(levels);
    }

    /// <summary>
    /// The pruned multi-opening of the leaves at <paramref name="sortedIndices"/> (strictly increasing):
    /// level by level, the sibling digests the verifier cannot compute itself, concatenated in the order
    /// <see cref="TryComputeRoot"/> consumes them.
    /// </summary>
    public byte[] Open(ReadOnlySpan<int> sortedIndices)
    {
        var siblings = new List<byte>();
        int[] current = sortedIndices.ToArray();
        for (int level = 0; level < Depth; level++)
        {
            var next = new List<int>(current.Length);
            for (int i = 0; i < current.Length; i++)
            {
                int index = current[i];
                if ((index & 1) == 0 && i + 1 < current.Length && current[i + 1] == index + 1)
                {
                    i++;
                }
                else
                {
                    siblings.AddRange(_levels[level].AsSpan((index ^ 1) * DigestSize, DigestSize));
                }

                next.Add(index >> 1);
            }

            current = [.. next];
        }

        return [.. siblings];
    }

    /// <summary>
    /// Recomputes the root from opened leaf digests and a pruned multi-opening, mirroring <see cref="Open"/>.
    /// Returns false when the sibling list is too short or too long; the caller compares the root.
    /// </summary>
    /// <param name="depth">d, the tree depth.</param>
    /// <param name="sortedIndices">Strictly increasing leaf indices below 2^d.</param>
    /// <param name="leafDigests">One digest per index, concatenated.</param>
    /// <param name="siblings">The sibling digests, concatenated.</param>
    /// <param name="root">Receives the recomputed root (32 bytes).</param>
    public static bool TryComputeRoot(int depth, ReadOnlySpan<int> sortedIndices, ReadOnlySpan<byte> leafDigests, ReadOnlySpan<byte> siblings, Span<byte> root)
    {
        if (sortedIndices.IsEmpty || leafDigests.Length != sortedIndices.Length * DigestSize || siblings.Length % DigestSize != 0)
        {
            return false;
        }

        int[] indices = sortedIndices.ToArray();
        byte[] digests = leafDigests.ToArray();
        int count = indices.Length, used = 0;
        Span<byte> left = stackalloc byte[DigestSize], right = stackalloc byte[DigestSize];
        for (int level = 0; level < depth; level++)
        {
            int written = 0;
            for (int i = 0; i < count; i++)
            {
                int index = indices[i];
                ReadOnlySpan<byte> own = digests.AsSpan(i * DigestSize, DigestSize);
                ReadOnlySpan<byte> sibling;
                if ((index & 1) == 0 && i + 1 < count && indices[i + 1] == index + 1)
                {
                    sibling = digests.AsSpan((i + 1) * DigestSize, DigestSize);
                    i++;
                }
                else
                {
                    if (used + DigestSize > siblings.Length)
                    {
                        return false;
                    }

                    sibling = siblings.Slice(used, DigestSize);
                    used += DigestSize;
                }

                bool isLeft = (index & 1) == 0;
                (isLeft ? own : sibling).CopyTo(left);
                (isLeft ? sibling : own).CopyTo(right);
                HashNode(left, right, digests.AsSpan(written * DigestSize, DigestSize));
                indices[written++] = index >> 1;
            }

            count = written;
        }

        if (count != 1 || used != siblings.Length)
        {
            return false;
        }

        digests.AsSpan(0, DigestSize).CopyTo(root);
        return true;
    }

    /// <summary>SHA256(0x00 ‖ canonical bytes of <paramref name="column"/>).</summary>
    public static void HashColumn(ReadOnlySpan<Goldilocks> column, Span<byte> digest) => HashLeaf(column, digest);

    /// <summary>SHA256(0x00 ‖ canonical encodings of <paramref name="elements"/>, concatenated).</summary>
    public static void HashLeaf<T>(ReadOnlySpan<T> elements, Span<byte> digest) where T : unmanaged, IField<T>
    {
        int size = T.EncodedLength;
        int length = 1 + (elements.Length * size);
        byte[]? rented = length > 1024 ? new byte[length] : null;
        Span<byte> buffer = rented ?? stackalloc byte[1024];
        buffer = buffer[..length];
        buffer[0] = LeafTag;
        if (BitConverter.IsLittleEndian && (typeof(T) == typeof(Goldilocks) || typeof(T) == typeof(GoldilocksExt2)))
        {
            // Both types store canonical words (GoldilocksExt2: C0 then C1), so memory is the canonical encoding.
            MemoryMarshal.AsBytes(elements).CopyTo(buffer[1..]);
        }
        else
        {
            for (int i = 0; i < elements.Length; i++)
            {
                elements[i].Encode(buffer.Slice(1 + (i * size), size));
            }
        }

        SHA256.HashData(buffer, digest);
    }

    /// <summary>SHA256(0x01 ‖ left ‖ right).</summary>
    private static void HashNode(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right, Span<byte> digest)
    {
        Span<byte> buffer = stackalloc byte[1 + (2 * DigestSize)];
        buffer[0] = NodeTag;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + DigestSize)..]);
        SHA256.HashData(buffer, digest);
    }
}
