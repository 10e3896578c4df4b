using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Security.Cryptography;
using Gkr.Field;
using Gkr.Protocol.Commitments;

namespace Gkr.Protocol.Graph;

/// <summary>
/// The public side of a committed model: the packed layout of the circuit's tables, the Basefold
/// commitment to the packed table and the parameters its openings must meet. Made once per model by
/// <see cref="GraphModel.Commit"/>, carried by every statement about that model.
/// </summary>
public sealed class GraphModelCommitment
{
    /// <summary>A model commitment.</summary>
    /// <exception cref="ArgumentException">The commitment's size, rate or arity does not match the layout and parameters.</exception>
    public GraphModelCommitment(PackedLayout layout, BasefoldCommitment commitment, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(commitment);
        ArgumentNullException.ThrowIfNull(parameters);
        if (commitment.NumVariables != layout.NumVariables || commitment.LogInverseRate != parameters.LogInverseRate || commitment.LogArity != parameters.LogArity)
        {
            throw new ArgumentException($"The commitment ({commitment}) does not match the layout's 2^{layout.NumVariables} values at rate 1/{1 << parameters.LogInverseRate}, arity {1 << parameters.LogArity}.", nameof(commitment));
        }

        Layout = layout;
        Commitment = commitment;
        Parameters = parameters;
    }

    /// <summary>The packed layout of the tables.</summary>
    public PackedLayout Layout { get; }

    /// <summary>The commitment to the packed table.</summary>
    public BasefoldCommitment Commitment { get; }

    /// <summary>The opening parameters.</summary>
    public BasefoldParameters Parameters { get; }

    /// <summary>
    /// SHA-256 of <see cref="Encode"/> (layout, parameters, sizes, root): the value to publish as "the model's weight
    /// commitment" and to compare a statement's commitment against. Two commitments with one digest are the same.
    /// </summary>
    public byte[] Digest() => SHA256.HashData(Encode());

    /// <summary>Layout, parameters, sizes and root, as the statement absorbs them.</summary>
    internal byte[] Encode() => [.. Layout.Encode(), .. CommitmentBytes(Commitment, Parameters)];

    /// <summary>The parameters and a commitment's sizes and root (little-endian words, then the root).</summary>
    internal static byte[] CommitmentBytes(BasefoldCommitment commitment, BasefoldParameters parameters)
    {
        var bytes = new byte[(7 * 8) + commitment.Root.Length];
        long[] words = [parameters.TargetBits, parameters.Queries, parameters.ProofOfWorkBits, (long)parameters.Bound, commitment.NumVariables, commitment.LogInverseRate, commitment.LogArity];
        for (int i = 0; i < words.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8 * i), (ulong)words[i]);
        }

        commitment.Root.CopyTo(bytes.AsSpan(7 * 8));
        return bytes;
    }
}

/// <summary>
/// A model's tables as the prover holds them, public or committed: "the same circuit runs in both modes".
/// In public mode the statement carries the tables and the verifier evaluates their extensions itself;
/// in committed mode it carries <see cref="Commitment"/> and the proof opens the packed table.
/// </summary>
public sealed class GraphModel
{
    private GraphModel(ImmutableArray<Goldilocks[]> tables, GraphModelCommitment? commitment, BasefoldCommittedPolynomial? committed)
    {
        Tables = tables;
        Commitment = commitment;
        Committed = committed;
    }

    /// <summary>The tables (index order of <see cref="GraphCircuit.Tables"/>).</summary>
    public ImmutableArray<Goldilocks[]> Tables { get; }

    /// <summary>The commitment; null in public mode.</summary>
    public GraphModelCommitment? Commitment { get; }

    internal BasefoldCommittedPolynomial? Committed { get; }

    /// <summary>Public tables (also for circuits without tables: pass none).</summary>
    /// <exception cref="ArgumentException">The tables do not match the circuit's.</exception>
    public static GraphModel Public(GraphCircuit circuit, IReadOnlyList<Goldilocks[]> tables)
    {
        Check(circuit, tables);
        return new GraphModel([.. tables.Select(t => (Goldilocks[])t.Clone())], null, null);
    }

    /// <summary>Commits the tables once (Basefold over the packed table); reuse the result for every proof.</summary>
    /// <exception cref="ArgumentException">The tables do not match the circuit's, or the circuit has none.</exception>
    public static GraphModel Commit(GraphCircuit circuit, IReadOnlyList<Goldilocks[]> tables, BasefoldParameters? parameters = null)
    {
        Check(circuit, tables);
        if (tables.Count == 0)
        {
            throw new ArgumentException("A circuit without tables has nothing to commit.", nameof(tables));
        }

        BasefoldParameters p = parameters ?? BasefoldParameters.Default;
        var layout = new PackedLayout([.. circuit.Tables.Select(t => t.NumVariables)]);
        BasefoldCommittedPolynomial committed = BasefoldProver.Commit(layout.Pack(tables), p);
        return new GraphModel([.. tables.Select(t => (Goldilocks[])t.Clone())], new GraphModelCommitment(layout, committed.Commitment, p), committed);
    }

    /// <summary>A prover holding <paramref name="tables"/> but <paramref name="committed"/>'s commitment (tests: weights changed against the commitment).</summary>
    internal static GraphModel WithTables(GraphModel committed, IReadOnlyList<Goldilocks[]> tables) => new([.. tables], committed.Commitment, committed.Committed);

    /// <summary>SHA-256 of the public tables' canonical elements (u32 count, then per table u32 length and its elements), which a public-mode statement absorbs.</summary>
    public static byte[] TablesDigest(IReadOnlyList<ImmutableArray<Goldilocks>> tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> word = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)tables.Count);
        hash.AppendData(word[..4]);
        byte[] buffer = new byte[8 * 4096];
        foreach (ImmutableArray<Goldilocks> table in tables)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)table.Length);
            hash.AppendData(word[..4]);
            for (int start = 0; start < table.Length; start += 4096)
            {
                int count = Math.Min(4096, table.Length - start);
                for (int i = 0; i < count; i++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(buffer.AsSpan(8 * i), table[start + i].Value);
                }

                hash.AppendData(buffer, 0, 8 * count);
            }
        }

        return hash.GetHashAndReset();
    }

    private static void Check(GraphCircuit circuit, IReadOnlyList<Goldilocks[]> tables)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(tables);
        if (tables.Count != circuit.Tables.Length)
        {
            throw new ArgumentException($"The circuit has {circuit.Tables.Length} tables; got {tables.Count}.", nameof(tables));
        }

        for (int t = 0; t < tables.Count; t++)
        {
            if (tables[t] is null || tables[t].Length != 1 << circuit.Tables[t].NumVariables)
            {
                throw new ArgumentException($"Table {t} ({circuit.Tables[t].Name}) has 2^{circuit.Tables[t].NumVariables} values; got {tables[t]?.Length}.", nameof(tables));
            }
        }
    }
}
