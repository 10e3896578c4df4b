using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// The claim reducer of a <see cref="GateLayer"/>: Libra's two-phase linear-time sumcheck
/// (Xie, Zhang, Zhang, Papamanthou, Song, eprint 2019/317, §3), with data-parallel wiring factored as in
/// Thaler 2013 (eprint 2013/351, §5).
/// </summary>
/// <remarks>
/// <para>With W(g) = Σ_j w_j·eq(z_j, g) the weighted claim is
/// Σ_j w_j·Ṽ_i(z_j) = Σ_g W(g) Σ_{gates (g, x, y)} [m_g·V(x)V(y) + l_g·V(x) + r_g·V(y)] where V is the previous
/// layer and (m, l, r) the gate's coefficients (<see cref="Gate.Coefficients"/>).</para>
/// <para><b>Phase 1</b> (over x, n_{i+1} rounds, degree 2): Σ_x V(x)·h1(x) + h2(x) with
/// h1(x) = Σ_{g: left=x} W(g)(m_g·V(y_g) + l_g) and h2(x) = Σ_{g: left=x} W(g)·r_g·V(y_g), built by one pass
/// over the gates. The prover then sends Ṽ(u) (absorbed).</para>
/// <para><b>Phase 2</b> (over y, n_{i+1} rounds, degree 2): the phase-1 final value equals
/// Σ_y V(y)·h3(y) + h4(y) with h3(y) = Σ_{g: right=y} W(g)·eq(u, x_g)(m_g·Ṽ(u) + r_g) and
/// h4(y) = Ṽ(u)·Σ_{g: right=y} W(g)·eq(u, x_g)·l_g (the factor Ṽ(u) applied lazily). The prover then sends Ṽ(v).</para>
/// <para><b>Final check</b> (verifier): the phase-2 value must equal Ṽ(u)Ṽ(v)·M + Ṽ(u)·L + Ṽ(v)·R with
/// M, L, R = Σ_gates W̃(g)·eq(u, x_g)·eq(v, y_g)·(m_g, l_g, r_g): one sparse pass over the block's gates
/// with eq tables of the block's size, never a dense 2^(3n) table. For 2^c copies the copy variables
/// are the leading ones of g, x and y, so W̃·eq·eq factors into Π_{t&lt;c} eq3(z_t, u_t, v_t) times the
/// same sum over one block (eq3(a, b, c) = abc + (1−a)(1−b)(1−c)).</para>
/// <para>The prover's work is O(gates + 2^{n_i} + 2^{n_{i+1}}), linear in the layer size.</para>
/// </remarks>
public sealed class GateLayerReducer : ILayerReducer
{
    /// <summary>Degree of both phases' round polynomials.</summary>
    public const int Degree = 2;

    private readonly GateLayer _layer;

    /// <summary>The reducer of <paramref name="layer"/>.</summary>
    public GateLayerReducer(GateLayer layer) => _layer = layer ?? throw new ArgumentNullException(nameof(layer));

    /// <inheritdoc />
    public int OutputClaimCount(int claimCount) => 2;

    /// <inheritdoc />
    public LayerProofShape Shape(int claimCount) => new([_layer.InputVariables, _layer.InputVariables], Degree, 2);

    /// <inheritdoc />
    public (GkrLayerProof Proof, LayerClaim[] InputClaims) Prove(
        IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, Goldilocks[] input, Goldilocks[] output, Transcript transcript, SumcheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(transcript);
        ArgumentNullException.ThrowIfNull(options);
        int n = _layer.InputVariables, size = 1 << n;
        GoldilocksExt2[] w = CombinedEq(claims, weights, _layer.NumVariables);

        // Phase 1: over x.
        GoldilocksExt2[] h1 = Scratch.Rent(size, clear: true), h2 = Scratch.Rent(size, clear: true);
        PhaseOneTables(w, input, h1, h2, options);
        var phaseOne = new LinearProductState(input, h1, h2, GoldilocksExt2.One, n, options);
        (SumcheckProof<GoldilocksExt2> proofOne, GoldilocksExt2[] u) = LayerClaims.ProveRounds(phaseOne, n, Degree, LayerClaims.Combined(claims, weights), transcript);
        GoldilocksExt2[] atU = phaseOne.FactorEvaluations();
        phaseOne.ReturnScratch();
        Scratch.Return(h1, h2);
        GoldilocksExt2 vu = atU[0];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vu);

        // Phase 2: over y, starting from the phase-1 final value Ṽ(u)·h1(u) + h2(u).
        GoldilocksExt2[] h3 = Scratch.Rent(size, clear: true), h4 = Scratch.Rent(size, clear: true);
        PhaseTwoTables(w, u, vu, h3, h4, options);
        Scratch.Return(w);
        var phaseTwo = new LinearProductState(input, h3, h4, vu, n, options);
        (SumcheckProof<GoldilocksExt2> proofTwo, GoldilocksExt2[] v) = LayerClaims.ProveRounds(phaseTwo, n, Degree, (vu * atU[1]) + atU[2], transcript);
        GoldilocksExt2 vv = phaseTwo.FactorEvaluations()[0];
        phaseTwo.ReturnScratch();
        Scratch.Return(h3, h4);
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vv);

        return (new GkrLayerProof([proofOne, proofTwo], [vu, vv]), [new LayerClaim([.. u], vu), new LayerClaim([.. v], vv)]);
    }

    /// <inheritdoc />
    public LayerClaim[] Verify(int layerIndex, IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, GkrLayerProof proof, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(transcript);
        int n = _layer.InputVariables;
        (GoldilocksExt2[] u, GoldilocksExt2 claimOne) = LayerClaims.VerifyRounds(layerIndex, 0, n, Degree, LayerClaims.Combined(claims, weights), proof.Sumchecks[0], transcript);
        GoldilocksExt2 vu = proof.Evaluations[0];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vu);
        (GoldilocksExt2[] v, GoldilocksExt2 claimTwo) = LayerClaims.VerifyRounds(layerIndex, 1, n, Degree, claimOne, proof.Sumchecks[1], transcript);
        GoldilocksExt2 vv = proof.Evaluations[1];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vv);

        (GoldilocksExt2 m, GoldilocksExt2 l, GoldilocksExt2 r) = WiringAt(claims, weights, u, v);
        GoldilocksExt2 expected = (vu * vv * m) + (vu * l) + (vv * r);
        if (claimTwo != expected)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"the wiring predicate gives {expected}, the last round gives {claimTwo}", layerIndex);
        }

        return [new LayerClaim([.. u], vu), new LayerClaim([.. v], vv)];
    }

    /// <summary>
    /// (M, L, R) = Σ_gates W̃(g)·eq(u, x_g)·eq(v, y_g)·(m_g, l_g, r_g), by a sparse pass over one block.
    /// </summary>
    internal (GoldilocksExt2 M, GoldilocksExt2 L, GoldilocksExt2 R) WiringAt(
        IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, ReadOnlySpan<GoldilocksExt2> u, ReadOnlySpan<GoldilocksExt2> v)
    {
        int c = _layer.CopyVariables;
        var block = new GoldilocksExt2[1 << _layer.BlockOutputVariables];
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = claims[j].Point.AsSpan();
            GoldilocksExt2 factor = weights[j];
            for (int t = 0; t < c; t++)
            {
                factor *= (z[t] * u[t] * v[t]) + ((GoldilocksExt2.One - z[t]) * (GoldilocksExt2.One - u[t]) * (GoldilocksExt2.One - v[t]));
            }

            ExtensionKernels.Add(block, ExtensionKernels.EqTable(z[c..], factor), block);
        }

        GoldilocksExt2[] eqU = ExtensionKernels.EqTable(u[c..], GoldilocksExt2.One), eqV = ExtensionKernels.EqTable(v[c..], GoldilocksExt2.One);
        GoldilocksExt2 m = GoldilocksExt2.Zero, l = GoldilocksExt2.Zero, r = GoldilocksExt2.Zero;
        ReadOnlySpan<Gate> gates = _layer.Gates;
        for (int g = 0; g < gates.Length; g++)
        {
            Gate gate = gates[g];
            GoldilocksExt2 t = block[g] * eqU[gate.Left] * eqV[gate.Right];
            switch (gate.Kind)
            {
                case GateKind.Add:
                    l += t;
                    r += t;
                    break;
                case GateKind.Sub:
                    l += t;
                    r -= t;
                    break;
                case GateKind.Mul:
                    m += t;
                    break;
                case GateKind.ConstMul:
                    l += t * gate.Constant;
                    break;
                default:
                    l += t;
                    break;
            }
        }

        return (m, l, r);
    }

    /// <summary>W(g) = Σ_j w_j·eq(z_j, g) over 2^<paramref name="numVariables"/> outputs (a <see cref="Scratch"/> table).</summary>
    internal static GoldilocksExt2[] CombinedEq(IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, int numVariables)
    {
        if (claims.Any(c => c.Point.Length != numVariables))
        {
            throw new ArgumentException("A claim point has the wrong number of coordinates.", nameof(claims));
        }

        GoldilocksExt2[] w = Scratch.Rent(1 << numVariables, clear: false);
        ExtensionKernels.EqTable(claims[0].Point.AsSpan(), weights[0], w);
        if (claims.Count > 1)
        {
            GoldilocksExt2[] eq = Scratch.Rent(1 << numVariables, clear: false);
            for (int j = 1; j < claims.Count; j++)
            {
                ExtensionKernels.EqTable(claims[j].Point.AsSpan(), weights[j], eq);
                ExtensionKernels.Add(w, eq, w);
            }

            Scratch.Return(eq);
        }

        return w;
    }

    /// <summary>h1[x] += W(g)(m_g·V(y) + l_g), h2[x] += W(g)·r_g·V(y) for every gate (g, x, y).</summary>
    /// <remarks>
    /// Per copy: gather each gate's base multiplier (V(y) for add/sub/mul, the constant, or 1), one packed
    /// W·multiplier product over the block, then a scatter of additions.
    /// </remarks>
    private void PhaseOneTables(GoldilocksExt2[] w, Goldilocks[] values, GoldilocksExt2[] h1, GoldilocksExt2[] h2, SumcheckOptions options)
    {
        Gate[] gates = _layer.RawGates;
        int inShift = _layer.BlockInputVariables, outShift = _layer.BlockOutputVariables;

        // Copies write disjoint slices of h1 and h2, so they may run in parallel.
        ParallelRanges.Run(1 << _layer.CopyVariables, options with { ParallelThreshold = 2 }, (_, from, to) =>
        {
            var multipliers = new Goldilocks[gates.Length];
            var products = new GoldilocksExt2[gates.Length];
            for (int copy = from; copy < to; copy++)
            {
                int inBase = copy << inShift;
                ReadOnlySpan<GoldilocksExt2> wBlock = w.AsSpan(copy << outShift, gates.Length);
                for (int g = 0; g < gates.Length; g++)
                {
                    Gate gate = gates[g];
                    multipliers[g] = gate.Kind switch
                    {
                        GateKind.ConstMul => gate.Constant,
                        GateKind.Relay => Goldilocks.One,
                        _ => values[inBase + gate.Right],
                    };
                }

                ExtensionKernels.MultiplyBase(wBlock, multipliers, products);
                for (int g = 0; g < gates.Length; g++)
                {
                    Gate gate = gates[g];
                    int x = inBase + gate.Left;
                    switch (gate.Kind)
                    {
                        case GateKind.Add:
                            h1[x] += wBlock[g];
                            h2[x] += products[g];
                            break;
                        case GateKind.Sub:
                            h1[x] += wBlock[g];
                            h2[x] -= products[g];
                            break;
                        default:
                            h1[x] += products[g];
                            break;
                    }
                }
            }
        });
    }

    /// <summary>
    /// h3[y] += W(g)·eq(u, x)(m_g·Ṽ(u) + r_g), h4[y] += W(g)·eq(u, x)·l_g for every gate (g, x, y); the
    /// caller scales h4 by Ṽ(u) lazily.
    /// </summary>
    /// <remarks>Per copy: gather eq(u, x_g) (pre-multiplied by Ṽ(u) for mul gates), one packed product with W, a scatter of additions.</remarks>
    private void PhaseTwoTables(GoldilocksExt2[] w, GoldilocksExt2[] u, GoldilocksExt2 vu, GoldilocksExt2[] h3, GoldilocksExt2[] h4, SumcheckOptions options)
    {
        Gate[] gates = _layer.RawGates;
        int inShift = _layer.BlockInputVariables, outShift = _layer.BlockOutputVariables;
        GoldilocksExt2[] eqU = Scratch.Rent(h3.Length, clear: false), eqUv = Scratch.Rent(h3.Length, clear: false);
        ExtensionKernels.EqTable(u, GoldilocksExt2.One, eqU);
        ExtensionKernels.Scale(eqU, vu, eqUv);
        ParallelRanges.Run(1 << _layer.CopyVariables, options with { ParallelThreshold = 2 }, (_, from, to) =>
        {
            var terms = new GoldilocksExt2[gates.Length];
            for (int copy = from; copy < to; copy++)
            {
                int inBase = copy << inShift;
                for (int g = 0; g < gates.Length; g++)
                {
                    Gate gate = gates[g];
                    terms[g] = (gate.Kind == GateKind.Mul ? eqUv : eqU)[inBase + gate.Left];
                }

                ExtensionKernels.Multiply(w.AsSpan(copy << outShift, gates.Length), terms, terms);
                for (int g = 0; g < gates.Length; g++)
                {
                    Gate gate = gates[g];
                    GoldilocksExt2 t = terms[g];
                    int y = inBase + gate.Right;
                    switch (gate.Kind)
                    {
                        case GateKind.Add:
                            h3[y] += t;
                            h4[y] += t;
                            break;
                        case GateKind.Sub:
                            h3[y] -= t;
                            h4[y] += t;
                            break;
                        case GateKind.Mul:
                            h3[y] += t;
                            break;
                        case GateKind.ConstMul:
                            h4[y] += t * gate.Constant;
                            break;
                        default:
                            h4[y] += t;
                            break;
                    }
                }
            }
        });
        Scratch.Return(eqU, eqUv);
    }
}
