using System.Collections.Immutable;
using Gkr.Field;

namespace Gkr.Protocol.Commitments;

/// <summary>A Basefold commitment: the number of variables, the code rate and the Merkle root of the first oracle.</summary>
public sealed class BasefoldCommitment : IEquatable<BasefoldCommitment>
{
    /// <summary>A commitment to an n-variate table encoded at rate 2^−L, with its 32-byte root.</summary>
    /// <exception cref="ArgumentException">The root is not 32 bytes or the sizes are out of range.</exception>
    public BasefoldCommitment(int numVariables, int logInverseRate, int logArity, ImmutableArray<byte> root)
    {
        if (root.IsDefault || root.Length != MerkleTree.DigestSize)
        {
            throw new ArgumentException($"A root has {MerkleTree.DigestSize} bytes.", nameof(root));
        }

        if (numVariables < 0 || logInverseRate < 1 || logArity < 1 || numVariables + logInverseRate > BasefoldParameters.MaxLogCodeword || numVariables > Ntt.MaxLogSize)
        {
            throw new ArgumentException($"Unsupported sizes: {numVariables} variables at rate 2^-{logInverseRate}.", nameof(numVariables));
        }

        NumVariables = numVariables;
        LogInverseRate = logInverseRate;
        LogArity = logArity;
        Root = root;
    }

    /// <summary>n.</summary>
    public int NumVariables { get; }

    /// <summary>L (rate 2^−L).</summary>
    public int LogInverseRate { get; }

    /// <summary>log2 of the folding arity (symbols per Merkle leaf).</summary>
    public int LogArity { get; }

    /// <summary>The Merkle root of the first oracle (32 bytes).</summary>
    public ImmutableArray<byte> Root { get; }

    /// <summary>log2 of the codeword length, n + L.</summary>
    public int LogCodewordLength => NumVariables + LogInverseRate;

    /// <summary>The root as lowercase hex.</summary>
    public string RootHex => Convert.ToHexStringLower(Root.AsSpan());

    /// <inheritdoc />
    public bool Equals(BasefoldCommitment? other) =>
        other is not null && NumVariables == other.NumVariables && LogInverseRate == other.LogInverseRate && LogArity == other.LogArity && Root.AsSpan().SequenceEqual(other.Root.AsSpan());

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as BasefoldCommitment);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(NumVariables, LogInverseRate, BitConverter.ToInt32(Root.AsSpan()));

    /// <inheritdoc />
    public override string ToString() => $"basefold[{NumVariables} vars, rate 1/{1 << LogInverseRate}, arity {1 << LogArity}] {RootHex}";
}

/// <summary>The prover's side of a Basefold commitment: the table, its codeword (natural NTT order) and the Merkle tree.</summary>
public sealed class BasefoldCommittedPolynomial
{
    internal BasefoldCommittedPolynomial(BasefoldCommitment commitment, Goldilocks[] values, Goldilocks[] codeword, MerkleTree tree)
    {
        Commitment = commitment;
        Values = values;
        Codeword = codeword;
        Tree = tree;
    }

    /// <summary>The public commitment.</summary>
    public BasefoldCommitment Commitment { get; }

    /// <summary>The committed table (not copied; do not modify).</summary>
    public ReadOnlySpan<Goldilocks> Table => Values;

    internal Goldilocks[] Values { get; }

    internal Goldilocks[] Codeword { get; }

    internal MerkleTree Tree { get; }
}

/// <summary>What a Basefold opening proves: Values[j][i] = f_j(z_i) for k commitments (same n) and m points.</summary>
public sealed class BasefoldOpeningStatement
{
    /// <summary>A statement over the given commitments, points and claimed values (Values[j][i] = f_j(z_i)).</summary>
    /// <exception cref="ArgumentException">Empty lists, or Values is not k × m.</exception>
    public BasefoldOpeningStatement(ImmutableArray<BasefoldCommitment> commitments, ImmutableArray<ImmutableArray<GoldilocksExt2>> points, ImmutableArray<ImmutableArray<GoldilocksExt2>> values)
    {
        if (commitments.IsDefaultOrEmpty || points.IsDefaultOrEmpty || values.IsDefault || points.Any(p => p.IsDefault))
        {
            throw new ArgumentException("An opening needs at least one commitment and one point.");
        }

        if (values.Length != commitments.Length || values.Any(v => v.IsDefault || v.Length != points.Length))
        {
            throw new ArgumentException($"Values must be {commitments.Length} x {points.Length} (one per polynomial and point).", nameof(values));
        }

        Commitments = commitments;
        Points = points;
        Values = values;
    }

    /// <summary>The k commitments.</summary>
    public ImmutableArray<BasefoldCommitment> Commitments { get; }

    /// <summary>The m points (each should have n coordinates; the verifier checks).</summary>
    public ImmutableArray<ImmutableArray<GoldilocksExt2>> Points { get; }

    /// <summary>Values[j][i], the claimed f_j(z_i).</summary>
    public ImmutableArray<ImmutableArray<GoldilocksExt2>> Values { get; }

    /// <summary>The statement "f(point) = value" for one commitment.</summary>
    public static BasefoldOpeningStatement Single(BasefoldCommitment commitment, ReadOnlySpan<GoldilocksExt2> point, GoldilocksExt2 value) =>
        new([commitment], [[.. point]], [[value]]);
}

/// <summary>
/// A Basefold opening proof: the sumcheck round polynomials (h(0), h(1), h(2) per round), the roots of
/// the folded oracles, the final constant, the proof-of-work nonce, and the opened cosets with pruned
/// Merkle openings: per commitment for the first oracle, then per folded oracle.
/// </summary>
/// <param name="RoundPolynomials">n rounds of three values.</param>
/// <param name="OracleRoots">The roots of the folded oracles (one per group of folds after the first).</param>
/// <param name="FinalValue">c = f(r), the fully folded message.</param>
/// <param name="ProofOfWorkNonce">The grinding nonce.</param>
/// <param name="BaseCosets">Per commitment: the opened cosets of the first oracle (distinct × arity base elements).</param>
/// <param name="BaseSiblings">Per commitment: the sibling digests of its pruned multi-opening.</param>
/// <param name="OracleCosets">Per folded oracle: the opened cosets (distinct × arity extension elements).</param>
/// <param name="OracleSiblings">Per folded oracle: the sibling digests.</param>
public sealed record BasefoldOpeningProof(
    ImmutableArray<ImmutableArray<GoldilocksExt2>> RoundPolynomials,
    ImmutableArray<ImmutableArray<byte>> OracleRoots,
    GoldilocksExt2 FinalValue,
    ulong ProofOfWorkNonce,
    ImmutableArray<ImmutableArray<Goldilocks>> BaseCosets,
    ImmutableArray<ImmutableArray<byte>> BaseSiblings,
    ImmutableArray<ImmutableArray<GoldilocksExt2>> OracleCosets,
    ImmutableArray<ImmutableArray<byte>> OracleSiblings);
