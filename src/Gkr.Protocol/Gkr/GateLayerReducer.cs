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
/// layer and (m, l, r) the gate's coefficients (<see cref="Gate.Coefficients"/>). Renaming y to x in the
/// r-terms, the whole sum is Σ_x V(x)·A1(x) with</para>
/// <para>A1(x) = Σ_{g: x_g=x} W(g)(m_g·V(y_g) + l_g) + Σ_{g: y_g=x} W(g)·r_g,</para>
/// <para>so both phases are plain product sumchecks (no additive table to fold):</para>
/// <para><b>Phase 1</b> (over x, n_{i+1} rounds, degree 2): Σ_x V(x)·A1(x), ending at u with value F1; the
/// prover sends Ṽ(u) (absorbed). A1(u) = h(u) + R(u) where R(u) = Σ_g W̃(g)·r_g·eq(u, y_g) and
/// h(u) = Σ_y V(y)·H(y) + L(u) with H(y) = Σ_{g: y_g=y} W(g)·eq(u, x_g)·m_g and L(u) = Σ_g W̃(g)·l_g·eq(u, x_g).</para>
/// <para><b>Phase 2</b> (over y, n_{i+1} rounds, degree 2): Σ_y V(y)·(Ṽ(u)·H(y)) = F1 − Ṽ(u)(R(u) + L(u)), a claim
/// the verifier forms itself (R and L by a sparse pass); it ends at v with value F2; the prover sends Ṽ(v).</para>
/// <para><b>Final check</b>: F2 = Ṽ(u)·Ṽ(v)·M with M = Σ_g W̃(g)·m_g·eq(u, x_g)·eq(v, y_g). Every wiring value
/// comes from a sparse pass over the block's gates with eq tables of the block's size, never a dense
/// 2^(3n) table. For 2^c copies the copy variables are the leading ones of g, x and y, so the weights
/// factor into Π_{t&lt;c} eq_k(z_t, u_t, …) (eq_k(a, …) = Πa + Π(1−a)) times the same sum over one block.</para>
/// <para>The prover's work is O(gates + 2^{n_i} + 2^{n_{i+1}}), linear in the layer size.</para>
/// </remarks>
public sealed class GateLayerReducer : ILayerReducer
{
    /// <summary>Degree of both phases' round polynomials.</summary>
    public const int Degree = 2;

    private readonly GateLayer _layer;
    private GatePlan? _plan;

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

        // Phase 1: Σ_x V(x)·A1(x).
        GoldilocksExt2[] a1 = Scratch.Rent(size, clear: true);
        PhaseOneTable(w, input, a1, options);
        var phaseOne = new BaseProductState(input, a1, n, options);
        (SumcheckProof<GoldilocksExt2> proofOne, GoldilocksExt2[] u) = LayerClaims.ProveRounds(phaseOne, n, Degree, LayerClaims.Combined(claims, weights), transcript);
        GoldilocksExt2 vu = phaseOne.FactorEvaluations()[0];
        phaseOne.ReturnScratch();
        Scratch.Return(a1);
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vu);

        // Phase 2: Σ_y V(y)·Ṽ(u)·H(y).
        GoldilocksExt2[] a2 = Scratch.Rent(size, clear: true);
        PhaseTwoTable(w, u, vu, a2, options);
        Scratch.Return(w);
        GoldilocksExt2 claimTwo = ExtensionKernels.InnerProduct(a2, input);
        var phaseTwo = new BaseProductState(input, a2, n, options);
        (SumcheckProof<GoldilocksExt2> proofTwo, GoldilocksExt2[] v) = LayerClaims.ProveRounds(phaseTwo, n, Degree, claimTwo, transcript);
        GoldilocksExt2 vv = phaseTwo.FactorEvaluations()[0];
        phaseTwo.ReturnScratch();
        Scratch.Return(a2);
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
        (GoldilocksExt2[] u, GoldilocksExt2 finalOne) = LayerClaims.VerifyRounds(layerIndex, 0, n, Degree, LayerClaims.Combined(claims, weights), proof.Sumchecks[0], transcript);
        GoldilocksExt2 vu = proof.Evaluations[0];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vu);
        GoldilocksExt2[] eqU = ExtensionKernels.EqTable(u.AsSpan(_layer.CopyVariables), GoldilocksExt2.One);
        GoldilocksExt2[] blockOne = BlockWeights(claims, weights, [u]);
        GoldilocksExt2 rPlusL = PhaseOneWiring(blockOne, eqU);
        (GoldilocksExt2[] v, GoldilocksExt2 finalTwo) = LayerClaims.VerifyRounds(layerIndex, 1, n, Degree, finalOne - (vu * rPlusL), proof.Sumchecks[1], transcript);
        GoldilocksExt2 vv = proof.Evaluations[1];
        transcript.AbsorbField(TranscriptLabels.GkrLayerEvaluations, vv);

        // Without copies the block weights do not depend on the other points: phase 2 reuses phase 1's.
        GoldilocksExt2[] blockTwo = _layer.CopyVariables == 0 ? blockOne : BlockWeights(claims, weights, [u, v]);
        GoldilocksExt2 expected = vu * vv * PhaseTwoWiring(blockTwo, eqU, ExtensionKernels.EqTable(v.AsSpan(_layer.CopyVariables), GoldilocksExt2.One));
        if (finalTwo != expected)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, $"Ṽ(u)·Ṽ(v)·M gives {expected}, the last round gives {finalTwo}", layerIndex, expected: expected.ToString(), actual: finalTwo.ToString());
        }

        return [new LayerClaim([.. u], vu), new LayerClaim([.. v], vv)];
    }

    /// <summary>
    /// R(u) + L(u) = Σ_gates W'(g)·(l_g·eq(u, x_g) + r_g·eq(u, y_g)) for block weights W' (<see cref="BlockWeights"/>):
    /// per chunk, the bracket is formed kind by kind with additions, then one packed inner product with W'.
    /// </summary>
    internal GoldilocksExt2 PhaseOneWiring(GoldilocksExt2[] block, GoldilocksExt2[] eqU)
    {
        GatePlan plan = Plan;
        int count = plan.Left.Length;
        int[] left = plan.Left, right = plan.Right, order = plan.Order;
        var weightsOf = new GoldilocksExt2[GatePlan.Chunk];
        var terms = new GoldilocksExt2[GatePlan.Chunk];
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int chunk = 0, start = 0; start < count; chunk++, start += GatePlan.Chunk)
        {
            int k = start, t = 0;
            for (; k < plan.End(chunk, GateKind.Add); k++, t++)
            {
                int g = order[k];
                weightsOf[t] = block[g];
                terms[t] = eqU[left[g]] + eqU[right[g]];
            }

            for (; k < plan.End(chunk, GateKind.Sub); k++, t++)
            {
                int g = order[k];
                weightsOf[t] = block[g];
                terms[t] = eqU[left[g]] - eqU[right[g]];
            }

            for (k = plan.End(chunk, GateKind.Mul); k < plan.End(chunk, GateKind.Relay); k++, t++)
            {
                int g = order[k];
                weightsOf[t] = block[g];
                terms[t] = eqU[left[g]] * plan.Multiplier[g];
            }

            total += ExtensionKernels.InnerProduct(weightsOf.AsSpan(0, t), terms.AsSpan(0, t));
        }

        return total;
    }

    /// <summary>M = Σ_{mul gates} W'(g)·eq(u, x_g)·eq(v, y_g), by gathers and packed products per chunk.</summary>
    internal GoldilocksExt2 PhaseTwoWiring(GoldilocksExt2[] block, GoldilocksExt2[] eqU, GoldilocksExt2[] eqV)
    {
        GatePlan plan = Plan;
        int count = plan.Left.Length;
        int[] left = plan.Left, right = plan.Right, order = plan.Order;
        var weightsOf = new GoldilocksExt2[GatePlan.Chunk];
        var atU = new GoldilocksExt2[GatePlan.Chunk];
        var atV = new GoldilocksExt2[GatePlan.Chunk];
        GoldilocksExt2 total = GoldilocksExt2.Zero;
        for (int chunk = 0, start = 0; start < count; chunk++, start += GatePlan.Chunk)
        {
            int first = plan.End(chunk, GateKind.Sub), muls = plan.End(chunk, GateKind.Mul) - first;
            for (int t = 0; t < muls; t++)
            {
                int g = order[first + t];
                weightsOf[t] = block[g];
                atU[t] = eqU[left[g]];
                atV[t] = eqV[right[g]];
            }

            ExtensionKernels.Multiply(atU.AsSpan(0, muls), atV.AsSpan(0, muls), atU);
            total += ExtensionKernels.InnerProduct(weightsOf.AsSpan(0, muls), atU.AsSpan(0, muls));
        }

        return total;
    }

    /// <summary>
    /// W'(g') = Σ_j w_j·Π_{t&lt;c} eq_k(z_j,t, p_t for p in <paramref name="points"/>)·eq(z_j[c..], g') over one block:
    /// the claim weights with the copy variables summed out against the other points.
    /// </summary>
    private GoldilocksExt2[] BlockWeights(IReadOnlyList<LayerClaim> claims, IReadOnlyList<GoldilocksExt2> weights, GoldilocksExt2[][] points)
    {
        int c = _layer.CopyVariables;
        var block = new GoldilocksExt2[1 << _layer.BlockOutputVariables];
        for (int j = 0; j < claims.Count; j++)
        {
            ReadOnlySpan<GoldilocksExt2> z = claims[j].Point.AsSpan();
            GoldilocksExt2 factor = weights[j];
            for (int t = 0; t < c; t++)
            {
                GoldilocksExt2 ones = z[t], zeros = GoldilocksExt2.One - z[t];
                foreach (GoldilocksExt2[] p in points)
                {
                    ones *= p[t];
                    zeros *= GoldilocksExt2.One - p[t];
                }

                factor *= ones + zeros;
            }

            ExtensionKernels.Add(block, ExtensionKernels.EqTable(z[c..], factor), block);
        }

        return block;
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

    /// <summary>A1[x_g] += W(g)(m_g·V(y_g) + l_g) and A1[y_g] += W(g)·r_g for every gate.</summary>
    /// <remarks>
    /// Per copy: each gate's base multiplier (V(y) for mul gates, gathered; the constant, or 1), one
    /// packed W·multiplier product over the block, then the additions kind by kind
    /// (<see cref="GatePlan"/>), so no branch depends on a gate's kind. Add and sub gates need no product.
    /// </remarks>
    private void PhaseOneTable(GoldilocksExt2[] w, Goldilocks[] values, GoldilocksExt2[] a1, SumcheckOptions options)
    {
        GatePlan plan = Plan;
        int count = plan.Left.Length, inShift = _layer.BlockInputVariables, outShift = _layer.BlockOutputVariables;

        // Copies write disjoint slices of A1, so they may run in parallel.
        ParallelRanges.Run(1 << _layer.CopyVariables, options with { ParallelThreshold = 2 }, (_, from, to) =>
        {
            var multipliers = new Goldilocks[count];
            var products = new GoldilocksExt2[count];
            int[] left = plan.Left, right = plan.Right, order = plan.Order;
            Goldilocks[] constants = plan.Multiplier;
            for (int copy = from; copy < to; copy++)
            {
                int inBase = copy << inShift;
                ReadOnlySpan<GoldilocksExt2> wBlock = w.AsSpan(copy << outShift, count);

                // Only mul gates read V(y) here: copy the constant multipliers, then gather for the mul gates.
                constants.CopyTo(multipliers, 0);
                for (int chunk = 0, start = 0; start < count; chunk++, start += GatePlan.Chunk)
                {
                    for (int k = plan.End(chunk, GateKind.Sub); k < plan.End(chunk, GateKind.Mul); k++)
                    {
                        int g = order[k];
                        multipliers[g] = values[inBase + right[g]];
                    }
                }

                ExtensionKernels.MultiplyBase(wBlock, multipliers, products);
                for (int chunk = 0, k = 0; k < count; chunk++)
                {
                    for (; k < plan.End(chunk, GateKind.Add); k++)
                    {
                        int g = order[k];
                        a1[inBase + left[g]] += wBlock[g];
                        a1[inBase + right[g]] += wBlock[g];
                    }

                    for (; k < plan.End(chunk, GateKind.Sub); k++)
                    {
                        int g = order[k];
                        a1[inBase + left[g]] += wBlock[g];
                        a1[inBase + right[g]] -= wBlock[g];
                    }

                    for (; k < plan.End(chunk, GateKind.Relay); k++)
                    {
                        int g = order[k];
                        a1[inBase + left[g]] += products[g];
                    }
                }
            }
        });
    }

    /// <summary>A2[y_g] += Ṽ(u)·W(g)·eq(u, x_g) for every mul gate (the only gates phase 2 sees).</summary>
    /// <remarks>Per copy and chunk: gather W(g) and eq(u, x_g) of the mul gates, one packed product, a scatter of additions.</remarks>
    private void PhaseTwoTable(GoldilocksExt2[] w, GoldilocksExt2[] u, GoldilocksExt2 vu, GoldilocksExt2[] a2, SumcheckOptions options)
    {
        GatePlan plan = Plan;
        int count = plan.Left.Length, inShift = _layer.BlockInputVariables, outShift = _layer.BlockOutputVariables;
        GoldilocksExt2[] eq = Scratch.Rent(a2.Length, clear: false);
        ExtensionKernels.EqTable(u, vu, eq);
        ParallelRanges.Run(1 << _layer.CopyVariables, options with { ParallelThreshold = 2 }, (_, from, to) =>
        {
            var weightsOfMul = new GoldilocksExt2[GatePlan.Chunk];
            var terms = new GoldilocksExt2[GatePlan.Chunk];
            int[] left = plan.Left, right = plan.Right, order = plan.Order;
            for (int copy = from; copy < to; copy++)
            {
                int inBase = copy << inShift, outBase = copy << outShift;
                for (int chunk = 0, start = 0; start < count; chunk++, start += GatePlan.Chunk)
                {
                    int first = plan.End(chunk, GateKind.Sub), last = plan.End(chunk, GateKind.Mul), muls = last - first;
                    for (int k = 0; k < muls; k++)
                    {
                        int g = order[first + k];
                        weightsOfMul[k] = w[outBase + g];
                        terms[k] = eq[inBase + left[g]];
                    }

                    ExtensionKernels.Multiply(weightsOfMul.AsSpan(0, muls), terms.AsSpan(0, muls), terms);
                    for (int k = 0; k < muls; k++)
                    {
                        a2[inBase + right[order[first + k]]] += terms[k];
                    }
                }
            }
        });
        Scratch.Return(eq);
    }

    private GatePlan Plan => _plan ??= new GatePlan(_layer.Gates);

    /// <summary>
    /// The block's gates laid out for the prover's table passes: indices as plain arrays, the gate order
    /// sorted by kind, then by left input, within chunks of <see cref="Chunk"/> gates (so the five passes over a chunk stay in
    /// cache), and the phase-1 multipliers that do not depend on V.
    /// </summary>
    private sealed class GatePlan
    {
        /// <summary>Gates per chunk: a chunk's W, products and indices (~100 KiB) stay in L2 across the per-kind passes.</summary>
        public const int Chunk = 2048;

        private const int Kinds = 5;
        private readonly int[] _ends;

        public GatePlan(ReadOnlySpan<Gate> gates)
        {
            int n = gates.Length;
            Left = new int[n];
            Right = new int[n];
            Multiplier = new Goldilocks[n];
            Order = new int[n];
            _ends = new int[((n + Chunk - 1) / Chunk) * Kinds];
            for (int g = 0; g < n; g++)
            {
                Gate gate = gates[g];
                Left[g] = gate.Left;
                Right[g] = gate.Right;
                Multiplier[g] = gate.Kind == GateKind.ConstMul ? gate.Constant : Goldilocks.One;
            }

            var keys = new int[n];
            for (int chunk = 0, position = 0; chunk * Chunk < n; chunk++)
            {
                int from = chunk * Chunk, to = Math.Min(n, from + Chunk);
                for (int kind = 0; kind < Kinds; kind++)
                {
                    int segment = position;
                    for (int g = from; g < to; g++)
                    {
                        if ((int)gates[g].Kind == kind)
                        {
                            Order[position++] = g;
                        }
                    }

                    // Within a segment, ascending left inputs turn the scatters into A1 and the gathers from
                    // eq(u, ·) into a forward sweep (page- and prefetch-friendly on large layers).
                    for (int k = segment; k < position; k++)
                    {
                        keys[k] = Left[Order[k]];
                    }

                    Array.Sort(keys, Order, segment, position - segment);
                    _ends[(chunk * Kinds) + kind] = position;
                }
            }
        }

        public int[] Left { get; }

        public int[] Right { get; }

        /// <summary>The phase-1 multiplier of every gate but mul gates (whose multiplier is V(y)): the constant of a ConstMul, else 1.</summary>
        public Goldilocks[] Multiplier { get; }

        /// <summary>Gate indices, sorted by kind and then left input within each chunk.</summary>
        public int[] Order { get; }

        /// <summary>One past the last position of <paramref name="kind"/> of chunk <paramref name="chunk"/> in <see cref="Order"/>.</summary>
        public int End(int chunk, GateKind kind) => _ends[(chunk * Kinds) + (int)kind];
    }
}
