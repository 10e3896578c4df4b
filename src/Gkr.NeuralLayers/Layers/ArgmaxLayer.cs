using System.Buffers.Binary;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Claims;
using Gkr.Protocol.FiatShamir;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Polynomials;
using Gkr.Protocol.Sumcheck;

namespace Gkr.NeuralLayers.Layers;

/// <summary>
/// Argmax per row: logits L laid out [row][feature] (2^R rows of 2^F entries, the first <see cref="Features"/> real, the
/// padded ones ignored whatever they hold), output k[row] = the lowest index of the largest real logit (as
/// <c>ElementwiseKernels.Argmax</c>: a later equal value does not replace the first). The output is the witness column k.
/// </summary>
/// <remarks>
/// <para>Witness columns over (row, i), n = R + F variables: e (one-hot of k), c = [i &lt; k], g = the index gap
/// c·(k − 1 − i) + (1 − c)·(i − k), range-checked to [0, 2^max(F,1)), and d = real(i)·(m − L − c), range-checked to
/// [0, 2^bits); over rows (R variables): m (the maximum) and k. [i &lt; k] is a boolean column tied to k by the range-checked
/// gap g rather than a suffix sum Σ_(j&gt;i) e_j: a suffix sum needs either a shift (a claim at a point and its successor,
/// whose extension has no product form) or a second sumcheck against the "j &gt; i" predicate per claim; the gap costs one
/// column in a range table that is small (2^F rows) and that the circuit often shares.</para>
/// <para>Local constraints (hypercube, x = (row, i); real(i) = [i &lt; features], idx(i) = i; k and m broadcast over i):
/// C0 e − e² = 0; C1 (1 − real)·e = 0; C2 c − c² = 0; C3 g − c·(k − 1 − idx) − (1 − c)·(idx − k) = 0;
/// C4 d − real·(m − L − c) = 0. Row relations: Σ_i e = 1, Σ_i idx·e = k, Σ_i e·L = m.</para>
/// <para>Protocol (Thaler 2013, eprint 2013/351, for the sumcheck): τ ∈ F^n and α are drawn (under the zero-check label);
/// the prover sends K = k̃(τ_R) and M = m̃(τ_R) (τ_R the row coordinates of τ); β is drawn (the same label); one
/// degree-3 sumcheck of Σ_x [eq(τ, x)·Σ_k α^k C_k(x) + eq(τ_R, row)·(β·idx·e + β²·e·L + β³·e)(x)] = β·K + β²·M + β³, ending
/// at ρ = (ρ_R, ρ_F). The prover sends e, c, g, d, L at ρ and m̃(ρ_R), k̃(ρ_R); the verifier computes eq(τ, ρ),
/// eq(τ_R, ρ_R), ĩdx(ρ_F) = Σ_j 2^(F−1−j)·ρ_F,j and r̃eal(ρ_F) (O(2^F)), and checks the last round. Claims out: k at each
/// output claim's point (the output is k), e, c, g, d, L at ρ, m and k at ρ_R, m and k at τ_R.</para>
/// <para>Cost: prover O(2^n) per round with a dozen factors; verifier O(n + 2^F); proof: n rounds of 4 values, 9 values.</para>
/// <para>Soundness: the witness is committed before τ, α, β. A broken local constraint makes the eq(τ, ·) part non-zero
/// except with probability (n + 4)/|F|; a broken row relation makes its part differ from K, M or 1 (which the witness opening
/// binds) except with (R + 3)/|F|; the sumcheck errs with 3n/|F|. Given the constraints: e is boolean, zero on padded
/// features and sums to 1, so it is one-hot at a real index; k is that index and m its logit. The range check (LogUp-GKR,
/// eprint 2023/1284) makes g an integer in [0, 2^F); C3 then holds over the integers, so c = 1 forces i ≤ k − 1 and c = 0
/// forces i ≥ k: c = [i &lt; k]. The range check on d says m ≥ L_i + 1 for real i &lt; k and m ≥ L_i for real i ≥ k: k is the
/// first maximum. This needs the logits within ±2^62 (no wrap); completeness needs the real logits' spread below 2^bits.</para>
/// <para>Description: u8 R, u8 F, u32 features, u8 difference bits.</para>
/// </remarks>
public sealed class ArgmaxLayer : GraphLayer
{
    /// <summary>The registered kind (tag 21, "argmax").</summary>
    public static GraphLayerKind Kind { get; } = new(21, "argmax", typeof(ArgmaxLayer), Decode);

    private const int E = 0, C = 1, G = 2, D = 3, M = 4, K = 5;

    private readonly PolynomialRef _logits;
    private readonly PolynomialRef[] _columns;

    /// <summary>Argmax of <paramref name="logits"/> into the witness columns <paramref name="columns"/>: e, c, g, d (2^(R+F) values), m, k (2^R).</summary>
    /// <exception cref="ArgumentException">Not six columns.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Sizes out of range: features in 1..2^F, bits in 1..24.</exception>
    public ArgmaxLayer(PolynomialRef logits, IReadOnlyList<PolynomialRef> columns, int rowVariables, int featureVariables, int features, int differenceBits)
        : base(rowVariables)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count != 6)
        {
            throw new ArgumentException("An argmax layer has six witness columns: e, c, g, d, m, k.", nameof(columns));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(featureVariables);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(featureVariables, 24);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rowVariables + featureVariables, CircuitLayer.MaxVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(features, 1 << featureVariables);
        ArgumentOutOfRangeException.ThrowIfLessThan(differenceBits, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(differenceBits, 24);
        _logits = logits;
        _columns = [.. columns];
        FeatureVariables = featureVariables;
        Features = features;
        DifferenceBits = differenceBits;
    }

    /// <summary>R: log2 of the rows (the output size).</summary>
    public int RowVariables => NumVariables;

    /// <summary>F: log2 of the padded features per row.</summary>
    public int FeatureVariables { get; }

    /// <summary>The real features per row (the first ones).</summary>
    public int Features { get; }

    /// <summary>The range of d: [0, 2^bits).</summary>
    public int DifferenceBits { get; }

    /// <summary>The range of the index gap g: [0, 2^GapBits).</summary>
    public int GapBits => Math.Max(FeatureVariables, 1);

    /// <inheritdoc />
    public override byte KindTag => Kind.Tag;

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Reads => [_logits, .. _columns];

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> Writes => _columns;

    /// <summary>Adds the layer, its six witness columns and the range checks of d and g.</summary>
    /// <returns>The class indices (2^<paramref name="rowVariables"/> values).</returns>
    public static PolynomialRef Add(GraphCircuitBuilder builder, PolynomialRef logits, int rowVariables, int featureVariables, int features, int differenceBits)
    {
        ArgumentNullException.ThrowIfNull(builder);
        int n = rowVariables + featureVariables;
        PolynomialRef[] columns =
        [
            builder.AddWitness("argmax one-hot", n), builder.AddWitness("argmax before-class flag", n), builder.AddWitness("argmax index gap", n),
            builder.AddWitness("argmax differences", n), builder.AddWitness("argmax maxima", rowVariables), builder.AddWitness("argmax classes", rowVariables),
        ];
        var layer = new ArgmaxLayer(logits, columns, rowVariables, featureVariables, features, differenceBits);
        PolynomialRef result = builder.AddLayer(layer);
        builder.AddRangeCheck(columns[G], layer.GapBits);
        builder.AddRangeCheck(columns[D], differenceBits);
        return result;
    }

    /// <inheritdoc />
    public override string? ShapeError(Func<PolynomialRef, int> numVariables)
    {
        int n = NumVariables + FeatureVariables;
        return numVariables(_logits) != n || _columns.Take(4).Any(c => numVariables(c) != n) || _columns.Skip(4).Any(c => numVariables(c) != NumVariables)
            ? $"the logits and e, c, g, d have 2^{n} values, m and k 2^{NumVariables}." : null;
    }

    /// <inheritdoc />
    public override IReadOnlyList<PolynomialRef> ClaimTargets(int claimCount) =>
        [.. Enumerable.Repeat(_columns[K], claimCount), _columns[E], _columns[C], _columns[G], _columns[D], _logits, _columns[M], _columns[K], _columns[M], _columns[K]];

    /// <inheritdoc />
    public override LayerProofShape Shape(int claimCount) => new([NumVariables + FeatureVariables], 3, 9);

    /// <inheritdoc />
    public override void Evaluate(GraphEvaluationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Goldilocks[] logits = context.Values(_logits);
        int rows = 1 << NumVariables, width = 1 << FeatureVariables;
        Goldilocks[][] columns = [.. Enumerable.Range(0, 6).Select(c => new Goldilocks[c < M ? rows * width : rows])];
        for (int row = 0; row < rows; row++)
        {
            int k = 0;
            for (int i = 1; i < Features; i++)
            {
                if (logits[(row * width) + i].ToInt64() > logits[(row * width) + k].ToInt64())
                {
                    k = i;
                }
            }

            long m = logits[(row * width) + k].ToInt64();
            columns[M][row] = Goldilocks.FromInt64(m);
            columns[K][row] = Goldilocks.FromInt64(k);
            context.Output[row] = Goldilocks.FromInt64(k);
            for (int i = 0; i < width; i++)
            {
                int x = (row * width) + i, before = i < k ? 1 : 0;
                columns[E][x] = i == k ? Goldilocks.One : Goldilocks.Zero;
                columns[C][x] = Goldilocks.FromInt64(before);
                columns[G][x] = Goldilocks.FromInt64(before == 1 ? k - 1 - i : i - k);
                columns[D][x] = i < Features ? Goldilocks.FromInt64(m - logits[x].ToInt64() - before) : Goldilocks.Zero;
            }
        }

        for (int c = 0; c < 6; c++)
        {
            context.SetWitness(_columns[c], columns[c]);
        }
    }

    /// <inheritdoc />
    public override (GkrLayerProof Proof, Claim[] Claims) Prove(GraphProverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int n = NumVariables + FeatureVariables, width = 1 << FeatureVariables;
        GoldilocksExt2[] tauAlpha = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, n + 1);
        GoldilocksExt2[] tau = tauAlpha[..n], tauRows = tau[..NumVariables];
        Goldilocks[] m = context.Values(_columns[M]), k = context.Values(_columns[K]);
        GoldilocksExt2[] rowSums = [ReducerKernels.Evaluate(k, tauRows), ReducerKernels.Evaluate(m, tauRows)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, rowSums);
        GoldilocksExt2 beta = context.Transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint);

        GoldilocksExt2[] eqRows = ReducerKernels.EqTable(tauRows, GoldilocksExt2.One);
        GoldilocksExt2[] Broadcast(Func<int, GoldilocksExt2> perRow) => [.. Enumerable.Range(0, 1 << n).Select(x => perRow(x >> FeatureVariables))];
        GoldilocksExt2[] PerFeature(Func<int, long> f) => [.. Enumerable.Range(0, 1 << n).Select(x => GoldilocksExt2.FromBase(Goldilocks.FromInt64(f(x & (width - 1)))))];
        GoldilocksExt2[][] tables =
        [
            ReducerKernels.EqTable(tau, GoldilocksExt2.One), Broadcast(row => eqRows[row]), PerFeature(i => i), PerFeature(i => i < Features ? 1 : 0),
            .. _columns.Take(4).Select(c => CompositeSumcheck.Lift(context.Values(c))), CompositeSumcheck.Lift(context.Values(_logits)),
            Broadcast(row => GoldilocksExt2.FromBase(m[row])), Broadcast(row => GoldilocksExt2.FromBase(k[row])),
        ];
        GoldilocksExt2 alpha = tauAlpha[n];
        var state = new CompositeSumcheck(tables, v => Summand(v, alpha, beta));
        (SumcheckProof<GoldilocksExt2> proof, GoldilocksExt2[] rho) = LayerSumcheck.Prove(state, 3, Total(rowSums, beta), context.Transcript);
        GoldilocksExt2[] finals = state.FactorEvaluations()[4..];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);
        return (new GkrLayerProof([proof], [.. rowSums, .. finals]), Claims(context.Claims, tauRows, rho, rowSums, finals));
    }

    /// <inheritdoc />
    public override Claim[] Verify(GraphVerifierContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int n = NumVariables + FeatureVariables;
        GoldilocksExt2[] tauAlpha = context.Transcript.ChallengeFields<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint, n + 1);
        GoldilocksExt2[] tau = tauAlpha[..n], tauRows = tau[..NumVariables];
        GoldilocksExt2[] rowSums = [.. context.Proof.Evaluations.Take(2)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, rowSums);
        GoldilocksExt2 beta = context.Transcript.ChallengeField<GoldilocksExt2>(TranscriptLabels.GraphZeroCheckPoint);
        (GoldilocksExt2[] rho, GoldilocksExt2 last) = LayerSumcheck.Verify(context.Index, 0, n, 3, Total(rowSums, beta), context.Proof.Sumchecks[0], context.Transcript);
        GoldilocksExt2[] finals = [.. context.Proof.Evaluations.Skip(2)];
        context.Transcript.AbsorbFields<GoldilocksExt2>(TranscriptLabels.GkrLayerEvaluations, finals);

        ReadOnlySpan<GoldilocksExt2> rhoFeatures = rho.AsSpan(NumVariables);
        GoldilocksExt2 index = GoldilocksExt2.Zero;
        for (int j = 0; j < FeatureVariables; j++)
        {
            index += GoldilocksExt2.FromBase(Goldilocks.FromUInt64(1UL << (FeatureVariables - 1 - j))) * rhoFeatures[j];
        }

        Goldilocks[] real = [.. Enumerable.Range(0, 1 << FeatureVariables).Select(i => i < Features ? Goldilocks.One : Goldilocks.Zero)];
        GoldilocksExt2[] values =
        [
            EqTable.Evaluate<GoldilocksExt2>(tau, rho), EqTable.Evaluate<GoldilocksExt2>(tauRows, rho.AsSpan(0, NumVariables)), index,
            ReducerKernels.Evaluate(real, rhoFeatures), .. finals,
        ];
        GoldilocksExt2 expected = Summand(values, tauAlpha[n], beta);
        if (expected != last)
        {
            throw new GkrRejectedException(GkrRejection.LayerFinalMismatch, "the argmax constraints and row relations at ρ differ from the sumcheck's last round", context.Index, expected: expected.ToString(), actual: last.ToString());
        }

        return Claims(context.Claims, tauRows, rho, rowSums, finals);
    }

    /// <inheritdoc />
    public override void WriteDescription(CircuitDescriptionWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Byte((byte)NumVariables);
        writer.Byte((byte)FeatureVariables);
        writer.UInt32((uint)Features);
        writer.Byte((byte)DifferenceBits);
    }

    private static GoldilocksExt2 Total(GoldilocksExt2[] rowSums, GoldilocksExt2 beta) => beta * (rowSums[0] + (beta * (rowSums[1] + beta)));

    /// <summary>
    /// The summand at one point from the factor values (eq(τ, ·), eq(τ_R, row), idx, real, e, c, g, d, L, m, k):
    /// eq·Σ_k α^k C_k + eq_R·(β·idx·e + β²·e·L + β³·e).
    /// </summary>
    private static GoldilocksExt2 Summand(ReadOnlySpan<GoldilocksExt2> v, GoldilocksExt2 alpha, GoldilocksExt2 beta)
    {
        GoldilocksExt2 eq = v[0], eqRows = v[1], index = v[2], real = v[3], e = v[4], c = v[5], g = v[6], d = v[7], logit = v[8], m = v[9], k = v[10];
        GoldilocksExt2 one = GoldilocksExt2.One;
        GoldilocksExt2 c0 = e - (e * e), c1 = (one - real) * e, c2 = c - (c * c);
        GoldilocksExt2 c3 = g - (c * (k - one - index)) - ((one - c) * (index - k));
        GoldilocksExt2 c4 = d - (real * (m - logit - c));
        GoldilocksExt2 local = c0 + (alpha * (c1 + (alpha * (c2 + (alpha * (c3 + (alpha * c4)))))));
        return (eq * local) + (eqRows * beta * ((index * e) + (beta * ((e * logit) + (beta * e)))));
    }

    /// <summary>Claims: k at each output claim, e, c, g, d, L at ρ, m and k at ρ_R, m and k at τ_R.</summary>
    private Claim[] Claims(IReadOnlyList<Claim> claims, GoldilocksExt2[] tauRows, GoldilocksExt2[] rho, GoldilocksExt2[] rowSums, GoldilocksExt2[] finals)
    {
        var result = new List<Claim>(claims.Select(c => c with { On = _columns[K] }));
        System.Collections.Immutable.ImmutableArray<GoldilocksExt2> full = [.. rho], rows = [.. rho.AsSpan(0, NumVariables)], tr = [.. tauRows];
        result.Add(new Claim(_columns[E], full, finals[0]));
        result.Add(new Claim(_columns[C], full, finals[1]));
        result.Add(new Claim(_columns[G], full, finals[2]));
        result.Add(new Claim(_columns[D], full, finals[3]));
        result.Add(new Claim(_logits, full, finals[4]));
        result.Add(new Claim(_columns[M], rows, finals[5]));
        result.Add(new Claim(_columns[K], rows, finals[6]));
        result.Add(new Claim(_columns[M], tr, rowSums[1]));
        result.Add(new Claim(_columns[K], tr, rowSums[0]));
        return [.. result];
    }

    private static ArgmaxLayer Decode(GraphLayerHeader header, byte[] description)
    {
        if (description.Length != 7 || header.Reads.Count != 7 || header.Writes.Count != 6 || description[0] != header.NumVariables || !header.Reads.Skip(1).SequenceEqual(header.Writes))
        {
            throw new MalformedCircuitException("An argmax layer reads its logits and six columns, writes the six columns, and has u8 rows, u8 features variables, u32 features, u8 difference bits.");
        }

        try
        {
            return new ArgmaxLayer(header.Reads[0], [.. header.Writes], description[0], description[1], (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(description.AsSpan(2)), int.MaxValue), description[6]);
        }
        catch (ArgumentException ex)
        {
            throw new MalformedCircuitException($"An argmax layer's sizes are out of range: {ex.Message}");
        }
    }
}
