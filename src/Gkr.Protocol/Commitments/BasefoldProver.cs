using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The prover of the Basefold-style commitment (eprint 2023/1705): commit = Merkle tree over the
/// Reed–Solomon codeword of the table (leaves are cosets of <c>arity</c> symbols); open = the
/// sumcheck of Σ_x f(x)·W(x) interleaved with FRI folds of the codeword by the same challenges, one
/// Merkle-committed oracle per group of folds, then t queries. Mirrors <see cref="BasefoldVerifier"/>.
/// </summary>
public static class BasefoldProver
{
    private const int ParallelThreshold = 1 << 14;

    /// <summary>Commits to a table of 2^n base-field evaluations.</summary>
    /// <exception cref="ArgumentException">The table length is not a power of two, or 2^(n+L) exceeds the encoder's limit.</exception>
    public static BasefoldCommittedPolynomial Commit(Goldilocks[] table, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(parameters);
        int n = Multilinear.NumVariablesOf(table.Length);
        int logN = n + parameters.LogInverseRate;
        if (logN > BasefoldParameters.MaxLogCodeword || n > Ntt.MaxLogSize)
        {
            throw new ArgumentException($"2^{n} entries at rate 2^-{parameters.LogInverseRate} exceed the encoder's 2^{BasefoldParameters.MaxLogCodeword}.", nameof(table));
        }

        Goldilocks[] codeword = BasefoldProtocol.Encode(table, logN);
        int arity = 1 << BasefoldProtocol.Groups(n, parameters)[0].Rounds;
        MerkleTree tree = BasefoldProtocol.CommitOracle(codeword, arity);
        var commitment = new BasefoldCommitment(n, parameters.LogInverseRate, parameters.LogArity, [.. tree.Root]);
        return new BasefoldCommittedPolynomial(commitment, table, codeword, tree);
    }

    /// <summary>
    /// Proves Values[j][i] = f_j(z_i) for every polynomial and point as one opening: one sumcheck over
    /// f = Σ_j β_j f_j against W = Σ_i γ_i eq(z_i, ·), one chain of folded oracles, one set of queries.
    /// </summary>
    /// <exception cref="ArgumentException">The polynomials are not the statement's commitments, in order, or a point has the wrong length.</exception>
    public static BasefoldOpeningProof Open(BasefoldOpeningStatement statement, IReadOnlyList<BasefoldCommittedPolynomial> polynomials, BasefoldParameters parameters, Transcript transcript) =>
        Open(statement, polynomials, parameters, transcript, checkStatement: true, tamperOracle: null);

    /// <summary>
    /// <see cref="Open(BasefoldOpeningStatement, IReadOnlyList{BasefoldCommittedPolynomial}, BasefoldParameters, Transcript)"/>, optionally
    /// without checking that the polynomials are the statement's commitments, and with a hook that alters a
    /// folded oracle (by group index) before it is committed: tests play a cheating prover with them.
    /// </summary>
    internal static BasefoldOpeningProof Open(BasefoldOpeningStatement statement, IReadOnlyList<BasefoldCommittedPolynomial> polynomials, BasefoldParameters parameters, Transcript transcript, bool checkStatement, Action<int, GoldilocksExt2[]>? tamperOracle)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(polynomials);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transcript);
        if (polynomials.Count != statement.Commitments.Length || (checkStatement && polynomials.Where((p, j) => !p.Commitment.Equals(statement.Commitments[j])).Any()))
        {
            throw new ArgumentException("The polynomials must be the statement's commitments, in order.", nameof(polynomials));
        }

        int n = statement.Commitments[0].NumVariables;
        if (statement.Points.Any(p => p.Length != n))
        {
            throw new ArgumentException($"Every point needs {n} coordinates.", nameof(statement));
        }

        (GoldilocksExt2[] beta, GoldilocksExt2[] gamma) = BasefoldProtocol.BeginOpening(transcript, statement, parameters);
        (int First, int Rounds)[] groups = BasefoldProtocol.Groups(n, parameters);
        GoldilocksExt2[] f = CombineTables(polynomials, beta);
        GoldilocksExt2[] w = WeightTable(statement, gamma, n);
        int logN0 = n + parameters.LogInverseRate;

        var rounds = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(n);
        var oracles = new List<(GoldilocksExt2[] Codeword, MerkleTree Tree)>();
        for (int k = 0; k < n; k++)
        {
            GoldilocksExt2[] h = RoundPolynomial(f, w);
            rounds.Add(ImmutableCollectionsMarshal.AsImmutableArray(h));
            transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.PcsRoundPolynomial, h);
            GoldilocksExt2 r = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.PcsFoldChallenge);
            f = FoldTable(f, r);
            w = FoldTable(w, r);
            int group = Array.FindIndex(groups, g => g.First + g.Rounds == k + 1);
            if (group >= 0 && group + 1 < groups.Length)
            {
                // The honest folded codeword is the encoding of the folded message, and re-encoding the
                // (much shorter) message costs less than folding the whole codeword round by round.
                GoldilocksExt2[] codeword = BasefoldProtocol.EncodeExtension(f, n - (k + 1) + parameters.LogInverseRate);
                tamperOracle?.Invoke(group + 1, codeword);
                MerkleTree tree = BasefoldProtocol.CommitOracle(codeword, 1 << groups[group + 1].Rounds);
                oracles.Add((codeword, tree));
                transcript.AbsorbBytes(TranscriptLabels.PcsOracleRoot, tree.Root);
            }
        }

        GoldilocksExt2 final = n == 0 ? CombineTables(polynomials, beta)[0] : f[0];
        transcript.AbsorbField(TranscriptLabels.PcsFinalValue, final);
        byte[] seed = LigeroProtocol.PowSeed(transcript);
        ulong nonce = 0;
        while (!LigeroProtocol.PowValid(seed, nonce, parameters.ProofOfWorkBits))
        {
            nonce++;
        }

        int[] positions = LigeroProtocol.QueryPositions(transcript, nonce, parameters.Queries, 1 << logN0);
        int arity0 = 1 << groups[0].Rounds;
        int[] baseLeaves = BasefoldProtocol.LeafIndices(positions, 1 << logN0, arity0);
        var baseCosets = polynomials.Select(p => ImmutableCollectionsMarshal.AsImmutableArray(Cosets(p.Codeword, baseLeaves, arity0))).ToImmutableArray();
        var baseSiblings = polynomials.Select(p => ImmutableCollectionsMarshal.AsImmutableArray(p.Tree.Open(baseLeaves))).ToImmutableArray();
        var oracleCosets = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(oracles.Count);
        var oracleSiblings = ImmutableArray.CreateBuilder<ImmutableArray<byte>>(oracles.Count);
        for (int g = 0; g < oracles.Count; g++)
        {
            int arity = 1 << groups[g + 1].Rounds;
            int[] leaves = BasefoldProtocol.LeafIndices(positions, oracles[g].Codeword.Length, arity);
            oracleCosets.Add(ImmutableCollectionsMarshal.AsImmutableArray(Cosets(oracles[g].Codeword, leaves, arity)));
            oracleSiblings.Add(ImmutableCollectionsMarshal.AsImmutableArray(oracles[g].Tree.Open(leaves)));
        }

        return new BasefoldOpeningProof(
            rounds.MoveToImmutable(),
            [.. oracles.Select(o => ImmutableArray.Create(o.Tree.Root.ToArray()))],
            final,
            nonce,
            baseCosets,
            baseSiblings,
            oracleCosets.MoveToImmutable(),
            oracleSiblings.MoveToImmutable());
    }

    private static T[] Cosets<T>(T[] codeword, int[] leaves, int arity) where T : unmanaged
    {
        int stride = codeword.Length / arity;
        var result = new T[leaves.Length * arity];
        for (int q = 0; q < leaves.Length; q++)
        {
            for (int i = 0; i < arity; i++)
            {
                result[(q * arity) + i] = codeword[leaves[q] + (i * stride)];
            }
        }

        return result;
    }

    private static GoldilocksExt2[] CombineTables(IReadOnlyList<BasefoldCommittedPolynomial> polynomials, GoldilocksExt2[] beta)
    {
        var f = new GoldilocksExt2[polynomials[0].Values.Length];
        for (int j = 0; j < polynomials.Count; j++)
        {
            Goldilocks[] table = polynomials[j].Values;
            for (int x = 0; x < f.Length; x++)
            {
                f[x] += beta[j] * table[x];
            }
        }

        return f;
    }

    /// <summary>
    /// W = Σ_i γ_i·eq(z_i, ·). A point whose leading coordinates are exactly 0 or 1 (a claim on one packed
    /// polynomial of a layout, lifted to the packed table) has eq(z_i, ·) zero outside the sub-cube those bits
    /// select, so only that sub-cube is written: O(Σ_i 2^(n − h_i)) instead of O(m·2^n).
    /// </summary>
    private static GoldilocksExt2[] WeightTable(BasefoldOpeningStatement statement, GoldilocksExt2[] gamma, int n)
    {
        var w = new GoldilocksExt2[1 << n];
        GoldilocksExt2[]? scratch = null;
        for (int i = 0; i < gamma.Length; i++)
        {
            ReadOnlySpan<GoldilocksExt2> point = statement.Points[i].AsSpan();
            int high = 0;
            long index = 0;
            while (high < point.Length && (point[high] == GoldilocksExt2.Zero || point[high] == GoldilocksExt2.One))
            {
                index = (index << 1) | (point[high] == GoldilocksExt2.One ? 1L : 0L);
                high++;
            }

            int size = 1 << (n - high);
            Span<GoldilocksExt2> cube = w.AsSpan((int)(index << (n - high)), size);
            scratch ??= new GoldilocksExt2[1 << n];
            Span<GoldilocksExt2> eq = scratch.AsSpan(0, size);
            Gkr.ExtensionKernels.EqTable(point[high..], gamma[i], eq);
            Gkr.ExtensionKernels.Add(cube, eq, cube);
        }

        return w;
    }

    /// <summary>h(0), h(1), h(2) of h(X) = Σ_y F(y, X)·W(y, X), X the last variable (least significant bit).</summary>
    private static GoldilocksExt2[] RoundPolynomial(GoldilocksExt2[] f, GoldilocksExt2[] w)
    {
        int half = f.Length / 2;
        int chunks = half >= ParallelThreshold ? Environment.ProcessorCount * 4 : 1;
        var partial = new GoldilocksExt2[chunks, 3];
        void Body(int c)
        {
            int start = (int)((long)half * c / chunks), end = (int)((long)half * (c + 1) / chunks);
            GoldilocksExt2 h0 = GoldilocksExt2.Zero, h1 = GoldilocksExt2.Zero, h2 = GoldilocksExt2.Zero;
            for (int y = start; y < end; y++)
            {
                GoldilocksExt2 f0 = f[2 * y], f1 = f[(2 * y) + 1], w0 = w[2 * y], w1 = w[(2 * y) + 1];
                h0 += f0 * w0;
                h1 += f1 * w1;
                h2 += (f1 + f1 - f0) * (w1 + w1 - w0);
            }

            (partial[c, 0], partial[c, 1], partial[c, 2]) = (h0, h1, h2);
        }

        if (chunks > 1)
        {
            Parallel.For(0, chunks, Body);
        }
        else
        {
            Body(0);
        }

        var h = new GoldilocksExt2[3];
        for (int c = 0; c < chunks; c++)
        {
            for (int d = 0; d < 3; d++)
            {
                h[d] += partial[c, d];
            }
        }

        return h;
    }

    private static GoldilocksExt2[] FoldTable(GoldilocksExt2[] table, GoldilocksExt2 r)
    {
        var result = new GoldilocksExt2[table.Length / 2];
        ChunkedParallel.For(result.Length, ParallelThreshold, y => result[y] = table[2 * y] + (r * (table[(2 * y) + 1] - table[2 * y])));
        return result;
    }
}
