using Gkr.Field;
using Gkr.Protocol.Commitments;

namespace Gkr.Protocol.Tests.Commitments;

/// <summary>Pruned multi-openings: every subset opens to the root, and nothing else does.</summary>
public class MerkleTreeTests
{
    private static (MerkleTree Tree, Goldilocks[] Columns) Build(int depth, int columnLength, int seed)
    {
        var source = new RandomSource(seed);
        Goldilocks[] columns = TestData.RandomTable<Goldilocks>((1 << depth) * columnLength, ref source);
        return (MerkleTree.FromColumns(columns, 1 << depth, columnLength), columns);
    }

    private static byte[] Leaves(Goldilocks[] columns, int columnLength, int[] indices)
    {
        var leaves = new byte[indices.Length * MerkleTree.DigestSize];
        for (int q = 0; q < indices.Length; q++)
        {
            MerkleTree.HashColumn(columns.AsSpan(indices[q] * columnLength, columnLength), leaves.AsSpan(q * MerkleTree.DigestSize, MerkleTree.DigestSize));
        }

        return leaves;
    }

    [Theory]
    [InlineData(0, 1, new[] { 0 })]
    [InlineData(1, 3, new[] { 0, 1 })]
    [InlineData(3, 2, new[] { 5 })]
    [InlineData(4, 4, new[] { 0, 1, 2, 3, 9, 15 })]
    [InlineData(13, 8, new[] { 1, 2, 700, 701, 4095, 8000 })]
    public void EveryOpeningRecomputesTheRoot(int depth, int columnLength, int[] indices)
    {
        (MerkleTree tree, Goldilocks[] columns) = Build(depth, columnLength, depth);
        byte[] siblings = tree.Open(indices);
        Span<byte> root = stackalloc byte[MerkleTree.DigestSize];
        Assert.True(MerkleTree.TryComputeRoot(depth, indices, Leaves(columns, columnLength, indices), siblings, root));
        Assert.True(root.SequenceEqual(tree.Root));
    }

    [Fact]
    public void AdjacentLeavesShareTheirPath()
    {
        (MerkleTree tree, _) = Build(10, 2, 1);
        Assert.Equal(10 * MerkleTree.DigestSize, tree.Open([6]).Length);
        Assert.Equal(9 * MerkleTree.DigestSize, tree.Open([6, 7]).Length);
    }

    [Fact]
    public void WrongIndexDoesNotRecomputeTheRoot()
    {
        (MerkleTree tree, Goldilocks[] columns) = Build(6, 4, 2);
        byte[] siblings = tree.Open([10]);
        Span<byte> root = stackalloc byte[MerkleTree.DigestSize];
        Assert.True(MerkleTree.TryComputeRoot(6, [11], Leaves(columns, 4, [10]), siblings, root));
        Assert.False(root.SequenceEqual(tree.Root));
    }

    [Fact]
    public void ExtraSiblingIsIncomplete()
    {
        (MerkleTree tree, Goldilocks[] columns) = Build(5, 4, 3);
        byte[] siblings = [.. tree.Open([3]), .. new byte[MerkleTree.DigestSize]];
        Span<byte> root = stackalloc byte[MerkleTree.DigestSize];
        Assert.False(MerkleTree.TryComputeRoot(5, [3], Leaves(columns, 4, [3]), siblings, root));
    }
}
