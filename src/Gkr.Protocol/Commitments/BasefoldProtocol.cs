using Gkr.Field;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Polynomials;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// Steps the Basefold prover and verifier share: the fold schedule, encoding, statement absorption,
/// the FRI fold of a codeword pair, and the coset layout of Merkle leaves.
/// </summary>
/// <remarks>
/// <para>The committed table m (2^n entries) is read as the coefficient vector of P(X) = Σ m_i X^i and
/// encoded as P on the order-N subgroup, N = 2^(n+L), natural NTT order. Fixing the least significant
/// index bit (the last variable) to r maps m to m'_y = m_2y + r(m_(2y+1) − m_2y), i.e. P' = (1 − r)P_e + rP_o,
/// and the codeword folds pointwise: P'(x²) = (1 − r)(P(x) + P(−x))/2 + r(P(x) − P(−x))/(2x), with
/// x = ω_M^p and −x at position p + M/2. The sumcheck of Σ_x f(x)·W(x), W = Σ_i γ_i eq(z_i, ·), binds
/// the variables in the same order (last first) with the same challenges, so after n rounds the
/// message is the constant f(r_(n−1), …, r_0).</para>
/// <para>Transcript inventory: absorb <c>pcs/statement</c> ("basefold"), <c>pcs/shape</c>,
/// k × <c>pcs/commitment</c>, m × <c>pcs/point</c>, <c>pcs/claimed-values</c>; challenge
/// <c>pcs/batch-coefficients</c> (k − 1 + m − 1, when positive); per round: absorb
/// <c>pcs/round-polynomial</c>, challenge <c>pcs/fold-challenge</c>, and after each group of folds
/// that leaves variables, absorb <c>pcs/oracle-root</c>; absorb <c>pcs/final-value</c>; challenge
/// <c>pcs/pow-seed</c>; absorb <c>pcs/pow-nonce</c>; challenge <c>pcs/query-indices</c>.</para>
/// </remarks>
internal static class BasefoldProtocol
{
    private static readonly Goldilocks InverseTwo = Goldilocks.FromUInt64(2).Inverse();

    private static ReadOnlySpan<byte> SchemeName => "basefold"u8;

    /// <summary>
    /// The fold groups: (first round, number of rounds). The first oracle's leaves hold 2^LogFirstArity
    /// symbols (fewer, larger leaves: hashing the big first oracle is dominated by per-call cost),
    /// later ones 2^LogArity; one group of zero rounds when n = 0.
    /// </summary>
    public static (int First, int Rounds)[] Groups(int numVariables, BasefoldParameters parameters)
    {
        var groups = new List<(int, int)> { (0, Math.Min(parameters.LogFirstArity, numVariables)) };
        for (int first = parameters.LogFirstArity; first < numVariables; first += parameters.LogArity)
        {
            groups.Add((first, Math.Min(parameters.LogArity, numVariables - first)));
        }

        return [.. groups];
    }

    /// <summary>The codeword of an extension-field message: the code is linear over the base field, so C0 and C1 are encoded separately.</summary>
    public static GoldilocksExt2[] EncodeExtension(GoldilocksExt2[] message, int logN)
    {
        var c0 = new Goldilocks[message.Length];
        var c1 = new Goldilocks[message.Length];
        for (int i = 0; i < message.Length; i++)
        {
            (c0[i], c1[i]) = (message[i].C0, message[i].C1);
        }

        Goldilocks[] e0 = Encode(c0, logN), e1 = Encode(c1, logN);
        var codeword = new GoldilocksExt2[e0.Length];
        for (int i = 0; i < codeword.Length; i++)
        {
            codeword[i] = new GoldilocksExt2(e0[i], e1[i]);
        }

        return codeword;
    }

    /// <summary>The Reed–Solomon codeword of the table (as coefficients) on the order-2^logN subgroup; cosets of size 2^24 beyond the NTT limit.</summary>
    public static Goldilocks[] Encode(Goldilocks[] table, int logN)
    {
        var codeword = new Goldilocks[1 << logN];
        int split = Math.Max(0, logN - Ntt.MaxLogSize);
        if (split == 0)
        {
            table.CopyTo(codeword, 0);
            Ntt.Forward(codeword);
            return codeword;
        }

        // P(ω_N^(S·j + e)) = Σ_i (m_i·ω_N^(e·i))·ω_(N/S)^(i·j): one NTT of size N/S per coset e.
        int cosets = 1 << split, size = 1 << (logN - split);
        Goldilocks omega = Ntt.RootOfUnity(logN);
        var buffer = new Goldilocks[size];
        for (int e = 0; e < cosets; e++)
        {
            Goldilocks step = omega.Pow((ulong)e), power = Goldilocks.One;
            buffer.AsSpan().Clear();
            for (int i = 0; i < table.Length; i++)
            {
                buffer[i] = table[i] * power;
                power *= step;
            }

            Ntt.Forward(buffer);
            for (int j = 0; j < size; j++)
            {
                codeword[(j * cosets) + e] = buffer[j];
            }
        }

        return codeword;
    }

    /// <summary>The Merkle tree of an oracle of length M whose leaf j is the coset {j + i·M/A : i &lt; A}.</summary>
    public static MerkleTree CommitOracle<T>(T[] codeword, int arity) where T : unmanaged, IField<T>
    {
        int leaves = codeword.Length / arity;
        return MerkleTree.FromLeaves(leaves, (j, digest) =>
        {
            Span<T> coset = stackalloc T[arity];
            for (int i = 0; i < arity; i++)
            {
                coset[i] = codeword[j + (i * leaves)];
            }

            MerkleTree.HashLeaf<T>(coset, digest);
        });
    }

    /// <summary>Absorbs the statement, then draws the polynomial and point batching coefficients (first of each is 1).</summary>
    public static (GoldilocksExt2[] Beta, GoldilocksExt2[] Gamma) BeginOpening(Transcript transcript, BasefoldOpeningStatement statement, BasefoldParameters parameters)
    {
        BasefoldCommitment first = statement.Commitments[0];
        int k = statement.Commitments.Length, m = statement.Points.Length;
        LigeroProtocol.AbsorbStatement(
            transcript,
            SchemeName,
            [first.NumVariables, first.LogArity, first.LogInverseRate, parameters.Queries, parameters.ProofOfWorkBits, k, m],
            statement.Commitments.Select(c => c.Root),
            statement.Points,
            statement.Values);
        GoldilocksExt2[] drawn = k + m > 2 ? transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.PcsBatchCoefficients, k + m - 2) : [];
        GoldilocksExt2[] beta = [GoldilocksExt2.One, .. drawn.AsSpan(0, k - 1)];
        GoldilocksExt2[] gamma = [GoldilocksExt2.One, .. drawn.AsSpan(k - 1)];
        return (beta, gamma);
    }

    /// <summary>Σ_i γ_i Σ_j β_j v_(j,i): the claimed sum of Σ_x f(x)·W(x).</summary>
    public static GoldilocksExt2 CombinedClaim(BasefoldOpeningStatement statement, GoldilocksExt2[] beta, GoldilocksExt2[] gamma)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int i = 0; i < gamma.Length; i++)
        {
            for (int j = 0; j < beta.Length; j++)
            {
                sum += gamma[i] * beta[j] * statement.Values[j][i];
            }
        }

        return sum;
    }

    /// <summary>h(r) for h given by its values at 0, 1, 2.</summary>
    public static GoldilocksExt2 Interpolate(ReadOnlySpan<GoldilocksExt2> h, GoldilocksExt2 r)
    {
        GoldilocksExt2 one = GoldilocksExt2.One, two = one + one;
        GoldilocksExt2 rm1 = r - one, rm2 = r - two;
        return (((h[0] * rm1 * rm2) + (h[2] * r * rm1)) * InverseTwo) - (h[1] * r * rm2);
    }

    /// <summary>One FRI fold of the pair (P(x), P(−x)) with challenge r.</summary>
    public static GoldilocksExt2 Fold(GoldilocksExt2 a, GoldilocksExt2 b, Goldilocks x, GoldilocksExt2 r)
    {
        GoldilocksExt2 even = (a + b) * InverseTwo;
        GoldilocksExt2 odd = (a - b) * (InverseTwo * x.Inverse());
        return even + (r * (odd - even));
    }

    /// <summary>The point (r_(n−1), …, r_0) in variable order, from the challenges in round order.</summary>
    public static GoldilocksExt2[] PointOf(ReadOnlySpan<GoldilocksExt2> challenges)
    {
        GoldilocksExt2[] point = challenges.ToArray();
        Array.Reverse(point);
        return point;
    }

    /// <summary>W(point) = Σ_i γ_i eq(z_i, point).</summary>
    public static GoldilocksExt2 WeightAt(BasefoldOpeningStatement statement, GoldilocksExt2[] gamma, ReadOnlySpan<GoldilocksExt2> point)
    {
        GoldilocksExt2 sum = GoldilocksExt2.Zero;
        for (int i = 0; i < gamma.Length; i++)
        {
            sum += gamma[i] * EqTable.Evaluate(statement.Points[i].AsSpan(), point);
        }

        return sum;
    }

    /// <summary>Leaf indices of an oracle of length M and arity A for the query positions: s mod (M/A), distinct and sorted.</summary>
    public static int[] LeafIndices(int[] positions, int oracleLength, int arity) =>
        [.. positions.Select(s => s % (oracleLength / arity)).Distinct().Order()];
}
