namespace Gkr.Protocol.FiatShamir;

/// <summary>
/// Every label the Fiat–Shamir transcript uses, in one place. A label names the role of an absorbed
/// value or a challenge; labels are part of the hashed data, so two roles can never be confused.
/// </summary>
/// <remarks>Changing any value here changes every proof: bump <see cref="ProtocolVersion"/> when you do.</remarks>
public static class TranscriptLabels
{
    /// <summary>Domain separator hashed into the initial state of every transcript.</summary>
    public const string Domain = "gkr-goldilocks/fiat-shamir/sha256/v2";

    /// <summary>The application-level protocol id passed to the transcript constructor.</summary>
    public const string ProtocolId = "protocol-id";

    /// <summary>Version of the transcript layout and of every label below.</summary>
    /// <remarks>2: absorbs are framed into the next challenge's hash input instead of being hashed one by one.</remarks>
    public const ulong ProtocolVersion = 2;

    /// <summary>Label of the absorbed <see cref="ProtocolVersion"/>.</summary>
    public const string Version = "protocol-version";

    /// <summary>Start of a sumcheck statement (value: the sub-protocol name).</summary>
    public const string SumcheckStatement = "sumcheck/statement";

    /// <summary>Name of the field the statement is over (<c>IField.Name</c>).</summary>
    public const string SumcheckField = "sumcheck/field";

    /// <summary>Number of variables n.</summary>
    public const string SumcheckNumVariables = "sumcheck/num-variables";

    /// <summary>Degree bound d of every round polynomial.</summary>
    public const string SumcheckDegree = "sumcheck/degree";

    /// <summary>Canonical encoding of the composition g (terms, coefficients, factor indices).</summary>
    public const string SumcheckComposition = "sumcheck/composition";

    /// <summary>The claimed sum Σ_x g(f_1(x), …, f_k(x)).</summary>
    public const string SumcheckClaimedSum = "sumcheck/claimed-sum";

    /// <summary>A round polynomial, as its d + 1 evaluations at 0, 1, …, d.</summary>
    public const string SumcheckRoundPolynomial = "sumcheck/round-polynomial";

    /// <summary>The verifier's challenge r_k for round k.</summary>
    public const string SumcheckRoundChallenge = "sumcheck/round-challenge";

    /// <summary>Start of a batched sumcheck statement (value: the number of claims).</summary>
    public const string BatchClaimCount = "sumcheck-batch/claim-count";

    /// <summary>The random coefficient ρ of the linear combination Σ ρ^i · claim_i.</summary>
    public const string BatchCoefficient = "sumcheck-batch/coefficient";

    /// <summary>The prover's per-claim final values g_i(f_i(r_i)) in a batched proof.</summary>
    public const string BatchFinalValues = "sumcheck-batch/final-values";

    /// <summary>Start of a GKR statement (value: "gkr/layered-circuit").</summary>
    public const string GkrStatement = "gkr/statement";

    /// <summary>SHA-256 digest of the circuit's canonical description.</summary>
    public const string GkrCircuitDigest = "gkr/circuit-digest";

    /// <summary>The public input values (count-prefixed by the absorbed byte length).</summary>
    public const string GkrPublicInput = "gkr/public-input";

    /// <summary>The claimed output values.</summary>
    public const string GkrClaimedOutput = "gkr/claimed-output";

    /// <summary>The random point r at which the output's multilinear extension is evaluated.</summary>
    public const string GkrOutputPoint = "gkr/output-point";

    /// <summary>Start of a layer's reduction (value: the layer index).</summary>
    public const string GkrLayer = "gkr/layer";

    /// <summary>The coefficient ρ combining a layer's claims as Σ ρ^j·claim_j.</summary>
    public const string GkrClaimWeight = "gkr/claim-weight";

    /// <summary>A layer's claimed evaluations (gate layer: Ṽ(u) after phase 1, Ṽ(v) after phase 2; matrix product: Ã_j, B̃_j).</summary>
    public const string GkrLayerEvaluations = "gkr/layer-evaluations";

    /// <summary>Start of a polynomial-commitment opening (value: the scheme name, e.g. "ligero").</summary>
    public const string PcsStatement = "pcs/statement";

    /// <summary>The opening's shape: variables, row variables, log2 inverse rate, queries, proof-of-work bits, counts.</summary>
    public const string PcsShape = "pcs/shape";

    /// <summary>A commitment's Merkle root, one absorb per commitment in statement order.</summary>
    public const string PcsCommitment = "pcs/commitment";

    /// <summary>One evaluation point z ∈ GoldilocksExt2^n, one absorb per point.</summary>
    public const string PcsPoint = "pcs/point";

    /// <summary>The claimed values f_j(z_i), row-major by polynomial then point.</summary>
    public const string PcsClaimedValues = "pcs/claimed-values";

    /// <summary>The coefficients β_1..β_(k−1) combining k committed polynomials (β_0 = 1).</summary>
    public const string PcsBatchCoefficients = "pcs/batch-coefficients";

    /// <summary>The random combination vector of the proximity test, one coefficient per committed row.</summary>
    public const string PcsProximityCoefficients = "pcs/proximity-coefficients";

    /// <summary>The prover's proximity row r^T·M.</summary>
    public const string PcsProximityRow = "pcs/proximity-row";

    /// <summary>The prover's evaluation rows eq(z_row)^T·M, one per point.</summary>
    public const string PcsEvaluationRows = "pcs/evaluation-rows";

    /// <summary>The seed of the proof-of-work (grinding) puzzle.</summary>
    public const string PcsPowSeed = "pcs/pow-seed";

    /// <summary>The prover's proof-of-work nonce.</summary>
    public const string PcsPowNonce = "pcs/pow-nonce";

    /// <summary>The column query indices.</summary>
    public const string PcsQueryIndices = "pcs/query-indices";

    /// <summary>Basefold: a sumcheck round polynomial h(0), h(1), h(2).</summary>
    public const string PcsRoundPolynomial = "pcs/round-polynomial";

    /// <summary>Basefold: the challenge that binds one variable and folds the codeword.</summary>
    public const string PcsFoldChallenge = "pcs/fold-challenge";

    /// <summary>Basefold: the Merkle root of a folded oracle.</summary>
    public const string PcsOracleRoot = "pcs/oracle-root";

    /// <summary>Basefold: the fully folded constant c = f(r).</summary>
    public const string PcsFinalValue = "pcs/final-value";

    /// <summary>GKR with committed inputs: the input layout (public length, then each committed segment's offset and variable count).</summary>
    public const string GkrInputLayout = "gkr/input-layout";

    /// <summary>GKR with committed inputs: the commitment parameters and every segment's commitment (sizes, rate, arity, root).</summary>
    public const string GkrInputCommitments = "gkr/input-commitments";

    /// <summary>GKR with committed inputs: the prover's claimed evaluations of the committed segments at the input claims' points.</summary>
    public const string GkrCommittedEvaluations = "gkr/committed-evaluations";

    /// <summary>LogUp: the root (P, Q) of a fraction tree.</summary>
    public const string LookupTreeRoot = "lookup/tree-root";

    /// <summary>LogUp: the challenge λ combining a layer's numerator and denominator claims.</summary>
    public const string LookupLayerLambda = "lookup/layer-lambda";

    /// <summary>LogUp: a layer's half-table evaluations p₀, p₁, q₀, q₁ at the sumcheck point.</summary>
    public const string LookupLayerEvaluations = "lookup/layer-evaluations";

    /// <summary>LogUp: the challenge μ that merges a layer's two halves into the next layer's claim point.</summary>
    public const string LookupLayerMu = "lookup/layer-mu";

    /// <summary>LogUp: the shift α of every denominator α − a.</summary>
    public const string LookupAlpha = "lookup/alpha";

    /// <summary>LogUp: the challenge β combining two table columns into one value x + β·y.</summary>
    public const string LookupBeta = "lookup/beta";

    /// <summary>LogUp: the prover's evaluations of the looked-up columns and the multiplicities at the leaf points.</summary>
    public const string LookupLeafEvaluations = "lookup/leaf-evaluations";

    /// <summary>Graph circuit: start of a statement (value: the protocol id).</summary>
    public const string GraphStatement = "graph/statement";

    /// <summary>Graph circuit: the statement's application context (e.g. a neural model's digest; may be empty).</summary>
    public const string GraphContext = "graph/context";

    /// <summary>Graph circuit: SHA-256 digest of the circuit's canonical description.</summary>
    public const string GraphCircuitDigest = "graph/circuit-digest";

    /// <summary>Graph circuit: the model tables, public (their digest) or committed (layout, parameters, root).</summary>
    public const string GraphModel = "graph/model";

    /// <summary>Graph circuit: the public input.</summary>
    public const string GraphPublicInput = "graph/public-input";

    /// <summary>Graph circuit: the claimed output.</summary>
    public const string GraphClaimedOutput = "graph/claimed-output";

    /// <summary>Graph circuit: the per-proof witness commitment (layout, parameters, root).</summary>
    public const string GraphWitnessCommitment = "graph/witness-commitment";

    /// <summary>Graph circuit: the output point r.</summary>
    public const string GraphOutputPoint = "graph/output-point";

    /// <summary>Graph circuit: the index of the layer about to be reduced.</summary>
    public const string GraphLayer = "graph/layer";

    /// <summary>Graph circuit: the random point τ of a layer's zero-check (Σ_y eq(τ, y)·C(y) = 0 for a constraint C that holds everywhere).</summary>
    public const string GraphZeroCheckPoint = "graph/zero-check-point";

    /// <summary>Graph circuit: the weight ρ combining the claims on one layer or one committed polynomial.</summary>
    public const string GraphClaimWeight = "graph/claim-weight";
}
