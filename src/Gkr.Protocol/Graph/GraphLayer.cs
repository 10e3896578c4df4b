using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.Gkr;

namespace Gkr.Protocol.Graph;

/// <summary>
/// One layer of a <see cref="GraphCircuit"/>: computes 2^<see cref="NumVariables"/> values from any earlier
/// layers, model tables and witness columns, may write witness columns of its own, and is proven by a
/// claim reducer: claims on its output in, claims on whatever it reads out.
/// </summary>
/// <remarks>
/// <para>To write a layer kind: subclass this, give it a registered tag (<see cref="GraphLayerKinds"/>)
/// and a canonical description, and implement the reducer. <see cref="Prove"/> and <see cref="Verify"/>
/// mirror each other (same transcript calls in the same order), every value sent is absorbed before
/// the next challenge, and both return claims on exactly <see cref="ClaimTargets"/>, in that order. The
/// driver checks the targets and point lengths on both sides, and a claim on a polynomial that is not
/// earlier in the circuit is refused when the circuit is built. Sumchecks run through
/// <see cref="LayerSumcheck"/>; eq tables, extension-field kernels and product-sumcheck states are in
/// <see cref="ReducerKernels"/>.</para>
/// </remarks>
public abstract class GraphLayer
{
    /// <summary>A layer with 2^<paramref name="numVariables"/> outputs.</summary>
    protected GraphLayer(int numVariables)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(numVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(numVariables, CircuitLayer.MaxVariables);
        NumVariables = numVariables;
    }

    /// <summary>log2 of the output size.</summary>
    public int NumVariables { get; }

    /// <summary>The registered kind tag (<see cref="GraphLayerKinds"/>).</summary>
    public abstract byte KindTag { get; }

    /// <summary>The polynomials the layer reads (checked against the circuit when it is built).</summary>
    public abstract IReadOnlyList<PolynomialRef> Reads { get; }

    /// <summary>The witness columns the layer writes during <see cref="Evaluate"/> (each column has one writer).</summary>
    public virtual IReadOnlyList<PolynomialRef> Writes => [];

    /// <summary>
    /// Why the sizes of what the layer reads do not fit it, or null when they do; the builder refuses the circuit
    /// with this reason. Override it whenever the reducer's claim points depend on those sizes.
    /// </summary>
    /// <param name="numVariables">The variable count of any polynomial of the circuit.</param>
    public virtual string? ShapeError(Func<PolynomialRef, int> numVariables) => null;

    /// <summary>The polynomials of the claims the reducer returns for <paramref name="claimCount"/> incoming claims, in order.</summary>
    public abstract IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount);

    /// <summary>The proof shape for <paramref name="claimCount"/> incoming claims.</summary>
    public abstract LayerProofShape Shape(int claimCount);

    /// <summary>Computes the output (every entry, the zero padding included) and writes the witness columns.</summary>
    public abstract void Evaluate(GraphEvaluationContext context);

    /// <summary>Proves the weighted claims on the output; returns the proof and the claims on <see cref="ClaimTargets"/>.</summary>
    public abstract (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context);

    /// <summary>Verifies a layer proof whose shape matches <see cref="Shape"/>; returns the claims the caller must still check.</summary>
    /// <exception cref="GkrRejectedException">A sumcheck or the layer's final check failed.</exception>
    public abstract Claim[] Verify(GraphVerifierContext context);

    /// <summary>Writes the kind-specific description (after the common header: tag and output variables), which enters the circuit digest.</summary>
    public abstract void WriteDescription(CircuitDescriptionWriter writer);
}

/// <summary>What a layer's <see cref="GraphLayer.Evaluate"/> sees: earlier values, its output buffer and its witness columns.</summary>
public sealed class GraphEvaluationContext
{
    private readonly GraphValues _values;
    private readonly GraphLayer _layer;

    internal GraphEvaluationContext(GraphValues values, GraphLayer layer, Goldilocks[] output, Sumcheck.SumcheckOptions options)
    {
        _values = values;
        _layer = layer;
        Output = output;
        Options = options;
    }

    /// <summary>The output buffer (2^n entries, zeroed).</summary>
    public Goldilocks[] Output { get; }

    /// <summary>Threading options.</summary>
    public Sumcheck.SumcheckOptions Options { get; }

    /// <summary>The values of a polynomial the layer reads.</summary>
    /// <exception cref="InvalidOperationException">The polynomial is not in <see cref="GraphLayer.Reads"/>.</exception>
    public Goldilocks[] Values(PolynomialRef polynomial) =>
        _layer.Reads.Contains(polynomial) ? _values.Get(polynomial) : throw new InvalidOperationException($"The layer reads {string.Join(", ", _layer.Reads)}, not {polynomial}.");

    /// <summary>Sets a witness column the layer writes (2^k values of the column's size).</summary>
    /// <exception cref="InvalidOperationException">Not one of <see cref="GraphLayer.Writes"/>, or the wrong size.</exception>
    public void SetWitness(PolynomialRef column, Goldilocks[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!_layer.Writes.Contains(column))
        {
            throw new InvalidOperationException($"The layer writes {string.Join(", ", _layer.Writes)}, not {column}.");
        }

        _values.SetWitness(column, values);
    }
}

/// <summary>What a layer's prover sees: the claims on its output with their weights, the values, the transcript.</summary>
public sealed class GraphProverContext
{
    private readonly GraphValues _values;

    internal GraphProverContext(int index, IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GraphValues values, FiatShamir.Transcript transcript, Sumcheck.SumcheckOptions options)
    {
        Index = index;
        Claims = claims;
        Weights = weights;
        _values = values;
        Transcript = transcript;
        Options = options;
    }

    /// <summary>The layer's index.</summary>
    public int Index { get; }

    /// <summary>The claims on the layer's output.</summary>
    public IReadOnlyList<Claim> Claims { get; }

    /// <summary>w_j: 1 for one claim, ρ^j otherwise.</summary>
    public IReadOnlyList<GoldilocksExt2> Weights { get; }

    /// <summary>The transcript.</summary>
    public FiatShamir.Transcript Transcript { get; }

    /// <summary>Threading options.</summary>
    public Sumcheck.SumcheckOptions Options { get; }

    /// <summary>Σ_j w_j·v_j.</summary>
    public GoldilocksExt2 CombinedClaim => Claim.Combined(Claims, Weights);

    /// <summary>The values of any polynomial computed so far (layers, tables, witness columns).</summary>
    public Goldilocks[] Values(PolynomialRef polynomial) => _values.Get(polynomial);
}

/// <summary>What a layer's verifier sees: the claims on its output with their weights, its proof and the transcript.</summary>
public sealed class GraphVerifierContext
{
    internal GraphVerifierContext(int index, IReadOnlyList<Claim> claims, IReadOnlyList<GoldilocksExt2> weights, GkrLayerProof proof, FiatShamir.Transcript transcript)
    {
        Index = index;
        Claims = claims;
        Weights = weights;
        Proof = proof;
        Transcript = transcript;
    }

    /// <summary>The layer's index (for rejection messages).</summary>
    public int Index { get; }

    /// <summary>The claims on the layer's output.</summary>
    public IReadOnlyList<Claim> Claims { get; }

    /// <summary>w_j: 1 for one claim, ρ^j otherwise.</summary>
    public IReadOnlyList<GoldilocksExt2> Weights { get; }

    /// <summary>The layer's proof (its shape already checked).</summary>
    public GkrLayerProof Proof { get; }

    /// <summary>The transcript.</summary>
    public FiatShamir.Transcript Transcript { get; }

    /// <summary>Σ_j w_j·v_j.</summary>
    public GoldilocksExt2 CombinedClaim => Claim.Combined(Claims, Weights);
}
