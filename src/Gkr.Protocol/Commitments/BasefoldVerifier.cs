using Gkr.Field;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Commitments;

/// <summary>
/// The verifier of the Basefold-style commitment. Stateless: statement, parameters, proof and transcript.
/// Mirrors <see cref="BasefoldProver.Open(BasefoldOpeningStatement, IReadOnlyList{BasefoldCommittedPolynomial}, BasefoldParameters, Transcript)"/>.
/// </summary>
/// <remarks>
/// <para>Checks, in order (the first failure throws): shapes; every sumcheck round h(0) + h(1) = claim;
/// the final claim equals c·W(r); the proof of work; the Merkle openings of the first oracle (per
/// commitment) and of every folded oracle; and for every query, that folding its coset gives the
/// next oracle's value and, after the last group, the constant c.</para>
/// <para>Soundness: see <see cref="BasefoldParameters"/>. Nothing remains for the caller.</para>
/// </remarks>
public static class BasefoldVerifier
{
    /// <summary>Decodes <paramref name="proofBytes"/> (canonical encoding only, <see cref="BasefoldEncoding"/>) and verifies it.</summary>
    /// <exception cref="CommitmentRejectedException">Malformed bytes (<see cref="CommitmentRejection.MalformedProof"/>) or a failed check.</exception>
    public static void Verify(BasefoldOpeningStatement statement, ReadOnlySpan<byte> proofBytes, BasefoldParameters parameters, Transcript transcript)
    {
        BasefoldOpeningProof proof = Serialization.ProofBytes.Decode(proofBytes, b => BasefoldEncoding.DecodeOpening(b, statement, parameters), CommitmentRejectedException.Malformed);
        Verify(statement, proof, parameters, transcript);
    }

    /// <summary>Verifies <paramref name="proof"/> for <paramref name="statement"/>; returns normally when every check passes.</summary>
    /// <exception cref="CommitmentRejectedException">A check failed; <see cref="CommitmentRejectedException.Reason"/> says which.</exception>
    public static void Verify(BasefoldOpeningStatement statement, BasefoldOpeningProof proof, BasefoldParameters parameters, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(statement);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(transcript);
        int n = statement.Commitments[0].NumVariables;
        (int First, int Rounds)[] groups = BasefoldProtocol.Groups(n, parameters);
        CheckShapes(statement, proof, parameters, groups);

        (GoldilocksExt2[] beta, GoldilocksExt2[] gamma) = BasefoldProtocol.BeginOpening(transcript, statement, parameters);
        GoldilocksExt2 claim = BasefoldProtocol.CombinedClaim(statement, beta, gamma);
        var challenges = new GoldilocksExt2[n];
        for (int k = 0; k < n; k++)
        {
            ReadOnlySpan<GoldilocksExt2> h = proof.RoundPolynomials[k].AsSpan();
            if (h[0] + h[1] != claim)
            {
                throw new CommitmentRejectedException(CommitmentRejection.SumcheckMismatch, null, $"{claim} in round {k}", (h[0] + h[1]).ToString());
            }

            transcript.AbsorbFields(TranscriptLabels.PcsRoundPolynomial, h);
            challenges[k] = transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.PcsFoldChallenge);
            claim = BasefoldProtocol.Interpolate(h, challenges[k]);
            int group = Array.FindIndex(groups, g => g.First + g.Rounds == k + 1);
            if (group >= 0 && group + 1 < groups.Length)
            {
                transcript.AbsorbBytes(TranscriptLabels.PcsOracleRoot, proof.OracleRoots[group].AsSpan());
            }
        }

        GoldilocksExt2 expected = proof.FinalValue * BasefoldProtocol.WeightAt(statement, gamma, BasefoldProtocol.PointOf(challenges));
        if (expected != claim)
        {
            throw new CommitmentRejectedException(CommitmentRejection.FinalValueMismatch, null, claim.ToString(), $"c·W(r) = {expected}");
        }

        transcript.AbsorbField(TranscriptLabels.PcsFinalValue, proof.FinalValue);
        byte[] seed = LigeroProtocol.PowSeed(transcript);
        if (!LigeroProtocol.PowValid(seed, proof.ProofOfWorkNonce, parameters.ProofOfWorkBits))
        {
            throw new CommitmentRejectedException(CommitmentRejection.ProofOfWorkInvalid, null, $"{parameters.ProofOfWorkBits} leading zero bits", $"nonce {proof.ProofOfWorkNonce}");
        }

        int logN0 = n + parameters.LogInverseRate;
        int[] positions = LigeroProtocol.QueryPositions(transcript, proof.ProofOfWorkNonce, parameters.Queries, 1 << logN0);
        var leaves = new int[groups.Length][];
        for (int g = 0, length = 1 << logN0; g < groups.Length; length >>= groups[g].Rounds, g++)
        {
            leaves[g] = BasefoldProtocol.LeafIndices(positions, length, 1 << groups[g].Rounds);
        }

        CheckMerkle(statement, proof, groups, leaves, logN0);
        CheckFolds(proof, groups, leaves, positions, logN0, beta, challenges);
    }

    private static void CheckShapes(BasefoldOpeningStatement statement, BasefoldOpeningProof proof, BasefoldParameters parameters, (int First, int Rounds)[] groups)
    {
        BasefoldCommitment first = statement.Commitments[0];
        void Require(bool ok, string what, object want, object got)
        {
            if (!ok)
            {
                throw new CommitmentRejectedException(CommitmentRejection.WrongShape, null, $"{what} {want}", got.ToString() ?? string.Empty);
            }
        }

        foreach (BasefoldCommitment c in statement.Commitments)
        {
            Require(c.NumVariables == first.NumVariables && c.LogInverseRate == parameters.LogInverseRate && c.LogArity == parameters.LogArity, "commitment shape", $"n={first.NumVariables}, L={parameters.LogInverseRate}, arity 2^{parameters.LogArity}", c);
        }

        int n = first.NumVariables, k = statement.Commitments.Length;
        foreach (var point in statement.Points)
        {
            Require(point.Length == n, "point coordinates", n, point.Length);
        }

        Require(!proof.RoundPolynomials.IsDefault && proof.RoundPolynomials.Length == n && proof.RoundPolynomials.All(h => !h.IsDefault && h.Length == 3), "round polynomials of 3 values", n, proof.RoundPolynomials.IsDefault ? 0 : proof.RoundPolynomials.Length);
        Require(!proof.OracleRoots.IsDefault && proof.OracleRoots.Length == groups.Length - 1 && proof.OracleRoots.All(r => !r.IsDefault && r.Length == MerkleTree.DigestSize), "oracle roots", groups.Length - 1, proof.OracleRoots.IsDefault ? 0 : proof.OracleRoots.Length);
        Require(!proof.BaseCosets.IsDefault && proof.BaseCosets.Length == k && proof.BaseCosets.All(c => !c.IsDefault), "base coset sets", k, proof.BaseCosets.IsDefault ? 0 : proof.BaseCosets.Length);
        Require(!proof.BaseSiblings.IsDefault && proof.BaseSiblings.Length == k && proof.BaseSiblings.All(s => !s.IsDefault), "base Merkle openings", k, proof.BaseSiblings.IsDefault ? 0 : proof.BaseSiblings.Length);
        Require(!proof.OracleCosets.IsDefault && proof.OracleCosets.Length == groups.Length - 1 && proof.OracleCosets.All(c => !c.IsDefault), "oracle coset sets", groups.Length - 1, proof.OracleCosets.IsDefault ? 0 : proof.OracleCosets.Length);
        Require(!proof.OracleSiblings.IsDefault && proof.OracleSiblings.Length == groups.Length - 1 && proof.OracleSiblings.All(s => !s.IsDefault), "oracle Merkle openings", groups.Length - 1, proof.OracleSiblings.IsDefault ? 0 : proof.OracleSiblings.Length);
    }

    private static void CheckMerkle(BasefoldOpeningStatement statement, BasefoldOpeningProof proof, (int First, int Rounds)[] groups, int[][] leaves, int logN0)
    {
        int arity0 = 1 << groups[0].Rounds;
        for (int j = 0; j < statement.Commitments.Length; j++)
        {
            CheckOracle<Goldilocks>(proof.BaseCosets[j].AsSpan(), proof.BaseSiblings[j].AsSpan(), statement.Commitments[j].Root.AsSpan(), leaves[0], arity0, logN0 - groups[0].Rounds, $"commitment {j}");
        }

        int logLength = logN0 - groups[0].Rounds;
        for (int g = 1; g < groups.Length; g++)
        {
            CheckOracle<GoldilocksExt2>(proof.OracleCosets[g - 1].AsSpan(), proof.OracleSiblings[g - 1].AsSpan(), proof.OracleRoots[g - 1].AsSpan(), leaves[g], 1 << groups[g].Rounds, logLength - groups[g].Rounds, $"oracle {g}");
            logLength -= groups[g].Rounds;
        }
    }

    private static void CheckOracle<T>(ReadOnlySpan<T> cosets, ReadOnlySpan<byte> siblings, ReadOnlySpan<byte> root, int[] leaves, int arity, int depth, string name) where T : unmanaged, IField<T>
    {
        if (cosets.Length != leaves.Length * arity)
        {
            throw new CommitmentRejectedException(CommitmentRejection.WrongShape, null, $"{leaves.Length} cosets of {arity} for {name}", $"{cosets.Length} elements");
        }

        var digests = new byte[leaves.Length * MerkleTree.DigestSize];
        for (int q = 0; q < leaves.Length; q++)
        {
            MerkleTree.HashLeaf(cosets.Slice(q * arity, arity), digests.AsSpan(q * MerkleTree.DigestSize, MerkleTree.DigestSize));
        }

        Span<byte> computed = stackalloc byte[MerkleTree.DigestSize];
        bool complete = MerkleTree.TryComputeRoot(depth, leaves, digests, siblings, computed);
        if (!complete || !computed.SequenceEqual(root))
        {
            throw new CommitmentRejectedException(CommitmentRejection.MerklePathMismatch, null, $"root {Convert.ToHexStringLower(root)} of {name}", complete ? Convert.ToHexStringLower(computed) : "an incomplete opening");
        }
    }

    private static void CheckFolds(BasefoldOpeningProof proof, (int First, int Rounds)[] groups, int[][] leaves, int[] positions, int logN0, GoldilocksExt2[] beta, GoldilocksExt2[] challenges)
    {
        foreach (int s in positions)
        {
            GoldilocksExt2 carried = default;
            int logLength = logN0;
            for (int g = 0; g < groups.Length; g++)
            {
                int arity = 1 << groups[g].Rounds, leafCount = 1 << (logLength - groups[g].Rounds);
                int leaf = s & (leafCount - 1), inCoset = (s & ((1 << logLength) - 1)) >> (logLength - groups[g].Rounds);
                int q = Array.BinarySearch(leaves[g], leaf);
                GoldilocksExt2[] values = g == 0 ? BaseCoset(proof, q, arity, beta) : proof.OracleCosets[g - 1].AsSpan(q * arity, arity).ToArray();
                if (g > 0 && values[inCoset] != carried)
                {
                    throw new CommitmentRejectedException(CommitmentRejection.FoldMismatch, s, $"{carried} (folded from oracle {g - 1})", $"{values[inCoset]} in oracle {g}");
                }

                int length = 1 << logLength;
                for (int half = arity / 2, round = groups[g].First; half >= 1; half /= 2, round++, length /= 2)
                {
                    Goldilocks omega = Ntt.RootOfUnity(System.Numerics.BitOperations.Log2((uint)length));
                    for (int i = 0; i < half; i++)
                    {
                        Goldilocks x = omega.Pow((ulong)(leaf + (i * (length / (2 * half)))));
                        values[i] = BasefoldProtocol.Fold(values[i], values[i + half], x, challenges[round]);
                    }
                }

                carried = values[0];
                logLength -= groups[g].Rounds;
            }

            if (carried != proof.FinalValue)
            {
                throw new CommitmentRejectedException(CommitmentRejection.FoldMismatch, s, $"final constant {proof.FinalValue}", carried.ToString());
            }
        }
    }

    private static GoldilocksExt2[] BaseCoset(BasefoldOpeningProof proof, int q, int arity, GoldilocksExt2[] beta)
    {
        var values = new GoldilocksExt2[arity];
        for (int j = 0; j < beta.Length; j++)
        {
            ReadOnlySpan<Goldilocks> coset = proof.BaseCosets[j].AsSpan(q * arity, arity);
            for (int i = 0; i < arity; i++)
            {
                values[i] += beta[j] * coset[i];
            }
        }

        return values;
    }
}
