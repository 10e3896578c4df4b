namespace Gkr.Protocol.FiatShamir;

/// <summary>
/// Every label the Fiat–Shamir transcript uses, in one place. A label names the role of an absorbed
/// value or a challenge; labels are part of the hashed data, so two roles can never be confused.
/// </summary>
/// <remarks>Changing any value here changes every proof: bump <see cref="ProtocolVersion"/> when you do.</remarks>
public static class TranscriptLabels
{
    /// <summary>Domain separator hashed into the initial state of every transcript.</summary>
    public const string Domain = "gkr-goldilocks/fiat-shamir/sha256/v1";

    /// <summary>The application-level protocol id passed to the transcript constructor.</summary>
    public const string ProtocolId = "protocol-id";

    /// <summary>Version of the transcript layout and of every label below.</summary>
    public const ulong ProtocolVersion = 1;

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
}
