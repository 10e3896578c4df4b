using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;
using Gkr.Protocol.Tests.Commitments;

namespace Gkr.Protocol.Tests.Hardening;

/// <summary>
/// Seeded instances of every proof type and the honest cycle each must pass: prove, encode to bytes,
/// decode, verify, and the final check the protocol leaves to its caller. Shared by the per-protocol
/// completeness tests and <see cref="CompletenessAtScaleTests"/>; every method throws (a typed
/// rejection or an assertion failure) when an honest proof does not verify.
/// </summary>
internal static class RandomInstances
{
    /// <summary>Sumcheck over the named composition's seeded tables: the decoded proof verifies, prover and verifier reach the same claim, and the final evaluation check holds.</summary>
    public static void ProveAndVerifySumcheck<TBase, TExt>(string name, Composition<TExt> composition, int n, int seed, SumcheckOptions? options = null)
        where TBase : unmanaged, IField<TBase>
        where TExt : unmanaged, IExtensionField<TExt, TBase>
    {
        var source = new RandomSource(seed);
        TBase[][] tables = TestData.TablesFor<TBase>(name, composition.FactorCount, n, ref source);
        (SumcheckStatement<TExt> statement, SumcheckProverResult<TExt> result) = TestData.ProveHonest<TBase, TExt>(composition, tables, n, options);
        SumcheckProof<TExt> decoded = ProofEncoding.DecodeSumcheck(ProofEncoding.Encode(result.Proof), statement);
        SumcheckClaim<TExt> claim = SumcheckVerifier.Verify(statement, decoded, new Transcript(TestData.ProtocolId));
        Assert.Equal(result.Claim.Point.ToArray(), claim.Point.ToArray());
        Assert.Equal(result.Claim.Value, claim.Value);
        Assert.True(TestData.FinalCheck(composition, tables, claim), $"{name}, n = {n}, seed {seed}: final evaluation check failed");
    }

    /// <summary>A random composition: 1..<paramref name="maxFactors"/> factors, 1..4 terms of degree 1..<paramref name="maxDegree"/> (factors may repeat, some may be unused), random coefficients.</summary>
    public static Composition<T> RandomComposition<T>(Random rng, int maxFactors, int maxDegree) where T : unmanaged, IField<T>
    {
        int factors = rng.Next(1, maxFactors + 1);
        var terms = new ProductTerm<T>[rng.Next(1, 5)];
        for (int t = 0; t < terms.Length; t++)
        {
            int[] indices = [.. Enumerable.Range(0, rng.Next(1, maxDegree + 1)).Select(_ => rng.Next(factors))];
            terms[t] = new ProductTerm<T>(T.FromUInt64((ulong)rng.NextInt64()), indices);
        }

        return new Composition<T>(factors, terms);
    }

    /// <summary>A batch of claims over Goldilocks tables of the given sizes, compositions taken in turn from <see cref="TestData.Compositions{T}"/>.</summary>
    public static (BatchedSumcheckStatement<GoldilocksExt2> Statement, Goldilocks[][][] Tables) Batched(int seed, params int[] sizes)
    {
        var source = new RandomSource(seed);
        IReadOnlyList<(string Name, Composition<GoldilocksExt2> Composition)> compositions = TestData.Compositions<GoldilocksExt2>();
        var statements = new List<SumcheckStatement<GoldilocksExt2>>();
        var tables = new Goldilocks[sizes.Length][][];
        for (int i = 0; i < sizes.Length; i++)
        {
            (string name, Composition<GoldilocksExt2> composition) = compositions[(seed + i) % compositions.Count];
            tables[i] = TestData.TablesFor<Goldilocks>(name, composition.FactorCount, sizes[i], ref source);
            statements.Add(new SumcheckStatement<GoldilocksExt2>(sizes[i], composition, SumcheckProver.ComputeSum(composition, tables[i])));
        }

        return (new BatchedSumcheckStatement<GoldilocksExt2>(statements), tables);
    }

    /// <summary>A batched sumcheck over <see cref="Batched"/>: the decoded proof verifies and every returned claim passes its final check.</summary>
    public static void ProveAndVerifyBatched(int seed, int[] sizes)
    {
        (BatchedSumcheckStatement<GoldilocksExt2> statement, Goldilocks[][][] tables) = Batched(seed, sizes);
        (BatchedSumcheckProof<GoldilocksExt2> proof, ImmutableArray<SumcheckClaim<GoldilocksExt2>> proverClaims) =
            BatchedSumcheck.Prove<Goldilocks, GoldilocksExt2>(statement, tables, new Transcript(TestData.ProtocolId));
        BatchedSumcheckProof<GoldilocksExt2> decoded = ProofEncoding.DecodeBatched(ProofEncoding.Encode(proof), statement);
        ImmutableArray<SumcheckClaim<GoldilocksExt2>> claims = BatchedSumcheck.Verify(statement, decoded, new Transcript(TestData.ProtocolId));
        Assert.Equal(sizes.Length, claims.Length);
        for (int i = 0; i < sizes.Length; i++)
        {
            Assert.Equal(sizes[i], claims[i].Point.Length);
            Assert.Equal(proverClaims[i].Point.ToArray(), claims[i].Point.ToArray());
            Assert.True(TestData.FinalCheck(statement.Claims[i].Composition, tables[i], claims[i]), $"seed {seed}, claim {i}");
        }
    }

    /// <summary>Seeded tables for the layout's segments (segment j from seed + j), committed under <paramref name="parameters"/>.</summary>
    public static BasefoldCommittedPolynomial[] Commit(GkrInputLayout layout, int seed, BasefoldParameters parameters) =>
        [.. layout.Segments.Select((s, j) => BasefoldProver.Commit(SampleCircuits.RandomValues(seed + j, (int)s.Length), parameters))];

    /// <summary>
    /// GKR with committed inputs: public input from <paramref name="seed"/>, tables from seed + 100; verifies the
    /// typed proof and its bytes (kind <see cref="EncodingKind.GkrCommitted"/>) and checks the encoding round-trips.
    /// </summary>
    public static GkrProverResult ProveAndVerifyCommitted(LayeredCircuit circuit, GkrInputLayout layout, int seed, BasefoldParameters parameters)
    {
        GkrProverResult result = GkrProver.Prove(circuit, SampleCircuits.RandomValues(seed, layout.PublicLength), layout, Commit(layout, seed + 100, parameters), parameters, SumcheckOptions.SingleThreaded);
        GkrVerifier.Verify(result.Statement, result.Proof);
        byte[] bytes = GkrProofEncoding.Encode(result.Proof);
        Assert.Equal((byte)EncodingKind.GkrCommitted, bytes[6]);
        GkrVerifier.Verify(result.Statement, bytes);
        Assert.Equal(bytes, GkrProofEncoding.Encode(GkrProofEncoding.Decode(bytes, result.Statement)));
        return result;
    }

    /// <summary>The Basefold statement with the true value of every polynomial at every point.</summary>
    public static BasefoldOpeningStatement TrueStatement(IReadOnlyList<BasefoldCommittedPolynomial> polynomials, IReadOnlyList<GoldilocksExt2[]> points) =>
        new(
            [.. polynomials.Select(p => p.Commitment)],
            [.. points.Select(p => ImmutableArray.Create(p))],
            [.. polynomials.Select(p => points.Select(z => Multilinear.Evaluate<Goldilocks, GoldilocksExt2>(p.Table, z)).ToImmutableArray())]);

    /// <summary>
    /// A Basefold opening of <paramref name="polynomials"/> seeded tables at <paramref name="points"/> seeded points: the
    /// commitments go through the commitment file and the proof through its encoding, and the verifier checks
    /// the decoded proof against the decoded commitments under the decoded parameters.
    /// </summary>
    public static void OpenAndVerifyBasefold(int n, int polynomials, int points, int seed, BasefoldParameters parameters)
    {
        BasefoldCommittedPolynomial[] committed = [.. Enumerable.Range(0, polynomials).Select(j => BasefoldProver.Commit(LigeroTestData.Table(n, seed + j), parameters))];
        BasefoldOpeningStatement statement = TrueStatement(committed, [.. Enumerable.Range(0, points).Select(i => LigeroTestData.Point(n, seed + (7919 * (i + 1))))]);
        byte[] bytes = BasefoldEncoding.Encode(BasefoldProver.Open(statement, committed, parameters, new Transcript(LigeroTestData.ProtocolId)));

        (BasefoldCommitment Commitment, BasefoldParameters Parameters)[] files = [.. committed.Select(c => BasefoldCommitmentFile.Decode(BasefoldCommitmentFile.Encode(c.Commitment, parameters)))];
        Assert.All(files, f => Assert.Equal(parameters, f.Parameters));
        var verifierStatement = new BasefoldOpeningStatement([.. files.Select(f => f.Commitment)], statement.Points, statement.Values);
        BasefoldOpeningProof decoded = BasefoldEncoding.DecodeOpening(bytes, verifierStatement, files[0].Parameters);
        Assert.Equal(bytes, BasefoldEncoding.Encode(decoded));
        BasefoldVerifier.Verify(verifierStatement, decoded, files[0].Parameters, new Transcript(LigeroTestData.ProtocolId));
    }

    /// <summary>A Ligero opening, as <see cref="OpenAndVerifyBasefold"/>: commitments and proof through their encodings, verified as decoded.</summary>
    public static void OpenAndVerifyLigero(int n, int polynomials, int points, int seed, LigeroParameters parameters)
    {
        LigeroCommittedPolynomial[] committed = [.. Enumerable.Range(0, polynomials).Select(j => LigeroProver.Commit(LigeroTestData.Table(n, seed + j), parameters))];
        LigeroOpeningStatement statement = LigeroTestData.TrueStatement(committed, [.. Enumerable.Range(0, points).Select(i => LigeroTestData.Point(n, seed + (7919 * (i + 1))))]);
        byte[] bytes = LigeroEncoding.Encode(LigeroTestData.Open(statement, committed, parameters));

        LigeroCommitment[] commitments = [.. committed.Select(c => LigeroEncoding.DecodeCommitment(LigeroEncoding.Encode(c.Commitment)))];
        Assert.Equal(statement.Commitments, commitments);
        var verifierStatement = new LigeroOpeningStatement([.. commitments], statement.Points, statement.Values);
        LigeroOpeningProof decoded = LigeroEncoding.DecodeOpening(bytes, verifierStatement, parameters);
        Assert.Equal(bytes, LigeroEncoding.Encode(decoded));
        LigeroTestData.Verify(verifierStatement, decoded, parameters);
    }
}
