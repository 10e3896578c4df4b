using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Commitments;

/// <summary>A commitment to a multilinear polynomial: its shape and the Merkle root over the encoded matrix's columns.</summary>
public sealed class LigeroCommitment : IEquatable<LigeroCommitment>
{
    /// <summary>A commitment with the given shape and 32-byte root.</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes or the shape is invalid.</exception>
    public LigeroCommitment(LigeroShape shape, ImmutableArray<byte> root)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (root.IsDefault || root.Length != MerkleTree.DigestSize)
        {
            throw new ArgumentException($"A root has {MerkleTree.DigestSize} bytes.", nameof(root));
        }

        if (!shape.IsValid)
        {
            throw new ArgumentException($"Invalid shape {shape}.", nameof(shape));
        }

        Shape = shape;
        Root = root;
    }

    /// <summary>The matrix shape and code rate.</summary>
    public LigeroShape Shape { get; }

    /// <summary>The Merkle root (32 bytes).</summary>
    public ImmutableArray<byte> Root { get; }

    /// <summary>The root as lowercase hex.</summary>
    public string RootHex => Convert.ToHexStringLower(Root.AsSpan());

    /// <inheritdoc />
    public bool Equals(LigeroCommitment? other) => other is not null && Shape == other.Shape && Root.AsSpan().SequenceEqual(other.Root.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as LigeroCommitment);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Shape, BitConverter.ToInt32(Root.AsSpan()));

    /// <inheritdoc />
    public override string ToString() => $"ligero[{Shape.NumVariables} vars, 2^{Shape.RowVariables} x 2^{Shape.ColumnVariables}, rate 1/{1 << Shape.LogInverseRate}] {RootHex}";
}

/// <summary>The prover's side of a commitment: the polynomial, its encoded columns and the Merkle tree.</summary>
public sealed class LigeroCommittedPolynomial
{
    internal LigeroCommittedPolynomial(LigeroCommitment commitment, Goldilocks[] values, Goldilocks[] columns, MerkleTree tree)
    {
        Commitment = commitment;
        Values = values;
        Columns = columns;
        Tree = tree;
    }

    /// <summary>The public commitment.</summary>
    public LigeroCommitment Commitment { get; }

    /// <summary>The committed table (2^n evaluations on the hypercube; not copied, do not modify).</summary>
    public ReadOnlySpan<Goldilocks> Table => Values;

    internal Goldilocks[] Values { get; }

    /// <summary>The encoded matrix column-major: column j (2^a symbols) at [j·2^a, (j+1)·2^a).</summary>
    internal Goldilocks[] Columns { get; }

    internal MerkleTree Tree { get; }
}

/// <summary>
/// What an opening proves: for k committed polynomials f_j (same shape) and m points z_i, that
/// f_j(z_i) = Values[j][i] for every pair.
/// </summary>
public sealed class LigeroOpeningStatement
{
    /// <summary>A statement over the given commitments, points and claimed values (Values[j][i] = f_j(z_i)).</summary>
    /// <exception cref="ArgumentException">Empty lists, or Values is not k × m.</exception>
    public LigeroOpeningStatement(ImmutableArray<LigeroCommitment> commitments, ImmutableArray<ImmutableArray<GoldilocksExt2>> points, ImmutableArray<ImmutableArray<GoldilocksExt2>> values)
    {
        if (commitments.IsDefaultOrEmpty || points.IsDefaultOrEmpty || values.IsDefault)
        {
            throw new ArgumentException("An opening needs at least one commitment and one point.");
        }

        if (values.Length != commitments.Length || values.Any(v => v.IsDefault || v.Length != points.Length) || points.Any(p => p.IsDefault))
        {
            throw new ArgumentException($"Values must be {commitments.Length} x {points.Length} (one per polynomial and point).", nameof(values));
        }

        Commitments = commitments;
        Points = points;
        Values = values;
    }

    /// <summary>The k commitments.</summary>
    public ImmutableArray<LigeroCommitment> Commitments { get; }

    /// <summary>The m points (each should have n coordinates; the verifier checks).</summary>
    public ImmutableArray<ImmutableArray<GoldilocksExt2>> Points { get; }

    /// <summary>Values[j][i], the claimed f_j(z_i).</summary>
    public ImmutableArray<ImmutableArray<GoldilocksExt2>> Values { get; }

    /// <summary>The statement "f(point) = value" for one commitment.</summary>
    public static LigeroOpeningStatement Single(LigeroCommitment commitment, ReadOnlySpan<GoldilocksExt2> point, GoldilocksExt2 value) =>
        new([commitment], [[.. point]], [[value]]);
}

/// <summary>
/// An opening proof: one proximity row, one evaluation row per point, the proof-of-work nonce, and
/// for each commitment the opened columns (at the distinct query positions, ascending) and the pruned
/// Merkle multi-opening.
/// </summary>
/// <param name="ProximityRow">u = Σ_j r_j^T·M_j (2^b extension elements).</param>
/// <param name="EvaluationRows">Per point i: Σ_j β_j·eq(z_i,row)^T·M_j.</param>
/// <param name="ProofOfWorkNonce">The grinding nonce.</param>
/// <param name="Columns">Per commitment: the opened columns, concatenated (distinct × 2^a base elements).</param>
/// <param name="MerkleSiblings">Per commitment: the sibling digests of the pruned multi-opening, concatenated.</param>
public sealed record LigeroOpeningProof(
    ImmutableArray<GoldilocksExt2> ProximityRow,
    ImmutableArray<ImmutableArray<GoldilocksExt2>> EvaluationRows,
    ulong ProofOfWorkNonce,
    ImmutableArray<ImmutableArray<Goldilocks>> Columns,
    ImmutableArray<ImmutableArray<byte>> MerkleSiblings);
