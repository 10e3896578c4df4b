using System.Buffers.Binary;
using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Gkr;

/// <summary>A committed segment of the input layer: positions [Offset, Offset + 2^NumVariables), Offset a multiple of 2^NumVariables.</summary>
/// <param name="Offset">First input position (aligned to the segment's size).</param>
/// <param name="NumVariables">log2 of the segment's length.</param>
public readonly record struct CommittedSegment(long Offset, int NumVariables)
{
    /// <summary>2^NumVariables.</summary>
    public long Length => 1L << NumVariables;
}

/// <summary>
/// How the input layer splits into a public part and committed segments: positions [0, PublicLength)
/// hold the public input, each <see cref="CommittedSegment"/> holds a committed table, every other
/// position is zero.
/// </summary>
/// <remarks>
/// <para>With variable 0 the most significant bit of an input index and k = the circuit's input
/// variables, a segment j of 2^(k_j) entries at offset o_j is the sub-cube whose first k − k_j
/// coordinates are the bits of o_j / 2^(k_j). Hence Ṽ_in(z) = Ṽ_pub(z) + Σ_j eq(z_[0, k−k_j), o_j / 2^(k_j))·Ṽ_j(z_[k−k_j, k)),
/// where Ṽ_pub is the extension of the input with every committed segment zeroed (the verifier
/// evaluates it itself) and each Ṽ_j is opened by the commitment.</para>
/// <para>Segments must be aligned, sorted by offset, disjoint, start at or after the public part and
/// end within the circuit's input width (checked by <see cref="CheckFits"/>).</para>
/// </remarks>
public sealed class GkrInputLayout
{
    /// <summary>A layout (shape rules above).</summary>
    /// <exception cref="ArgumentException">A segment is misaligned, overlaps, is out of order or sits inside the public part.</exception>
    public GkrInputLayout(int publicLength, IEnumerable<CommittedSegment> segments)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(publicLength);
        ArgumentNullException.ThrowIfNull(segments);
        ImmutableArray<CommittedSegment> list = [.. segments];
        long end = publicLength;
        foreach (CommittedSegment segment in list)
        {
            if (segment.NumVariables is < 0 or > Ntt.MaxLogSize || segment.Offset < end || segment.Offset % segment.Length != 0)
            {
                throw new ArgumentException($"Segment at {segment.Offset} of 2^{segment.NumVariables} entries is misaligned, out of range, or overlaps what precedes it (which ends at {end}).", nameof(segments));
            }

            end = segment.Offset + segment.Length;
        }

        if (list.IsEmpty)
        {
            throw new ArgumentException("A committed-input layout needs at least one committed segment.", nameof(segments));
        }

        PublicLength = publicLength;
        Segments = list;
        End = end;
    }

    /// <summary>The number of public input values (positions [0, PublicLength)).</summary>
    public int PublicLength { get; }

    /// <summary>The committed segments, by increasing offset.</summary>
    public ImmutableArray<CommittedSegment> Segments { get; }

    /// <summary>One past the last committed position.</summary>
    public long End { get; }

    /// <summary>The public part followed by segments of 2^(sizes) entries, each at the next offset aligned to its size.</summary>
    public static GkrInputLayout Packed(int publicLength, params int[] segmentVariables)
    {
        ArgumentNullException.ThrowIfNull(segmentVariables);
        var segments = new List<CommittedSegment>();
        long offset = publicLength;
        foreach (int k in segmentVariables)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(k);
            long size = 1L << k;
            offset = (offset + size - 1) / size * size;
            segments.Add(new CommittedSegment(offset, k));
            offset += size;
        }

        return new GkrInputLayout(publicLength, segments);
    }

    /// <summary>Checks that the layout lies within <paramref name="circuit"/>'s input width.</summary>
    /// <exception cref="ArgumentException">It does not.</exception>
    public void CheckFits(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        if (End > circuit.InputWidth)
        {
            throw new ArgumentException($"The committed segments end at {End}, past the circuit's {circuit.InputWidth} inputs.");
        }
    }

    /// <summary>The full input: the public part, zeros, and each committed table at its segment.</summary>
    /// <exception cref="ArgumentException">Wrong public length, table count or table size.</exception>
    public Goldilocks[] Assemble(ReadOnlySpan<Goldilocks> publicInput, IReadOnlyList<BasefoldCommittedPolynomial> tables, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(tables);
        if (publicInput.Length != PublicLength || tables.Count != Segments.Length || End > inputWidth)
        {
            throw new ArgumentException($"The layout takes {PublicLength} public values and {Segments.Length} committed tables within {inputWidth} inputs; got {publicInput.Length} values and {tables.Count} tables.");
        }

        var input = new Goldilocks[inputWidth];
        publicInput.CopyTo(input);
        for (int j = 0; j < Segments.Length; j++)
        {
            if (tables[j].Commitment.NumVariables != Segments[j].NumVariables)
            {
                throw new ArgumentException($"Segment {j} holds 2^{Segments[j].NumVariables} entries; its committed table has 2^{tables[j].Commitment.NumVariables}.");
            }

            tables[j].Table.CopyTo(input.AsSpan((int)Segments[j].Offset));
        }

        return input;
    }

    /// <summary>Canonical bytes: u64 public length, u32 segment count, per segment u64 offset and u32 variables (little-endian).</summary>
    public byte[] Encode()
    {
        var bytes = new byte[12 + (12 * Segments.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)PublicLength);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)Segments.Length);
        for (int j = 0; j < Segments.Length; j++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(12 + (12 * j)), (ulong)Segments[j].Offset);
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(20 + (12 * j)), (uint)Segments[j].NumVariables);
        }

        return bytes;
    }

    /// <summary>The opening groups: segments of equal size share one batched opening (Basefold batches tables of one size), in order of first appearance.</summary>
    internal ImmutableArray<ImmutableArray<int>> Groups() =>
        [.. Enumerable.Range(0, Segments.Length).GroupBy(j => Segments[j].NumVariables).Select(g => g.ToImmutableArray())];
}

/// <summary>
/// The committed part of a GKR statement: the layout, one Basefold commitment per committed segment,
/// and the commitment parameters the openings must meet.
/// </summary>
public sealed class GkrCommittedInput
{
    /// <summary>The committed part of a statement.</summary>
    /// <exception cref="ArgumentException">The commitment count, a commitment's size, rate or arity does not match the layout and parameters.</exception>
    public GkrCommittedInput(GkrInputLayout layout, IEnumerable<BasefoldCommitment> commitments, BasefoldParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(commitments);
        ArgumentNullException.ThrowIfNull(parameters);
        ImmutableArray<BasefoldCommitment> list = [.. commitments];
        if (list.Length != layout.Segments.Length)
        {
            throw new ArgumentException($"The layout has {layout.Segments.Length} committed segments; {list.Length} commitments given.", nameof(commitments));
        }

        for (int j = 0; j < list.Length; j++)
        {
            BasefoldCommitment c = list[j] ?? throw new ArgumentException($"Commitment {j} is null.", nameof(commitments));
            if (c.NumVariables != layout.Segments[j].NumVariables || c.LogInverseRate != parameters.LogInverseRate || c.LogArity != parameters.LogArity)
            {
                throw new ArgumentException($"Commitment {j} ({c}) does not match segment 2^{layout.Segments[j].NumVariables} at rate 1/{1 << parameters.LogInverseRate}, arity {1 << parameters.LogArity}.", nameof(commitments));
            }
        }

        Layout = layout;
        Commitments = list;
        Parameters = parameters;
    }

    /// <summary>The layout.</summary>
    public GkrInputLayout Layout { get; }

    /// <summary>One commitment per segment, in segment order.</summary>
    public ImmutableArray<BasefoldCommitment> Commitments { get; }

    /// <summary>The commitment parameters.</summary>
    public BasefoldParameters Parameters { get; }

    /// <summary>Absorbs the layout, the parameters and every commitment (called by <see cref="GkrStatement"/> before any challenge).</summary>
    internal void Absorb(Transcript transcript)
    {
        transcript.AbsorbBytes(TranscriptLabels.GkrInputLayout, Layout.Encode());
        var bytes = new List<byte>();
        void Word(long value)
        {
            Span<byte> w = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(w, (ulong)value);
            bytes.AddRange(w);
        }

        Word(Parameters.TargetBits);
        Word(Parameters.Queries);
        Word(Parameters.ProofOfWorkBits);
        Word((long)Parameters.Bound);
        foreach (BasefoldCommitment c in Commitments)
        {
            Word(c.NumVariables);
            Word(c.LogInverseRate);
            Word(c.LogArity);
            bytes.AddRange(c.Root);
        }

        transcript.AbsorbBytes(TranscriptLabels.GkrInputCommitments, [.. bytes]);
    }

    /// <summary>The opening statement of one group: its commitments, each claim point's last n coordinates, and the claimed values.</summary>
    internal BasefoldOpeningStatement OpeningStatement(ImmutableArray<int> group, IReadOnlyList<LayerClaim> claims, ImmutableArray<ImmutableArray<GoldilocksExt2>> evaluations)
    {
        int n = Layout.Segments[group[0]].NumVariables;
        ImmutableArray<ImmutableArray<GoldilocksExt2>> points = [.. claims.Select(c => c.Point[(c.Point.Length - n)..])];
        return new BasefoldOpeningStatement([.. group.Select(j => Commitments[j])], points, [.. group.Select(j => evaluations[j])]);
    }

    /// <summary>eq(z_[0, k−k_j), o_j / 2^(k_j)): the weight of segment j's extension in Ṽ_in(z).</summary>
    internal GoldilocksExt2 SelectorAt(int segment, ReadOnlySpan<GoldilocksExt2> z)
    {
        CommittedSegment s = Layout.Segments[segment];
        int high = z.Length - s.NumVariables;
        long index = s.Offset >> s.NumVariables;
        GoldilocksExt2 eq = GoldilocksExt2.One;
        for (int t = 0; t < high; t++)
        {
            bool bit = ((index >> (high - 1 - t)) & 1) != 0;
            eq *= bit ? z[t] : GoldilocksExt2.One - z[t];
        }

        return eq;
    }
}

/// <summary>
/// The committed-input part of a GKR proof: Evaluations[j][i] = Ṽ_j at the last k_j coordinates of
/// input claim i, and one Basefold opening per group of equal-size segments (<see cref="GkrInputLayout"/>).
/// </summary>
/// <param name="Evaluations">Per committed segment, per input claim.</param>
/// <param name="Openings">One batched opening per size group, in order of first appearance.</param>
public sealed record GkrCommittedInputProof(ImmutableArray<ImmutableArray<GoldilocksExt2>> Evaluations, ImmutableArray<BasefoldOpeningProof> Openings);

/// <summary>
/// Checks input claims when part of the input is committed: the verifier evaluates the public part's
/// extension itself, recombines it with the claimed segment evaluations, and checks those with the
/// batched Basefold openings.
/// </summary>
/// <remarks>
/// Transcript (after the last layer): the evaluations (all segments and claims), then each group's
/// opening. Checks, in order: proof shape (<see cref="GkrRejection.MalformedProof"/>), every claim
/// value against Ṽ_pub(z) + Σ_j eq(·)·v_j (<see cref="GkrRejection.FinalInputMismatch"/>), every
/// opening (<see cref="GkrRejection.CommittedOpeningFailed"/>). Soundness adds the opening's
/// (<see cref="BasefoldParameters.SecurityBits"/>) to the GKR terms. Nothing remains for the caller.
/// </remarks>
public sealed class CommittedInputChecker : IInputClaimChecker
{
    private readonly GkrCommittedInput _committed;
    private readonly GkrCommittedInputProof? _proof;
    private readonly Goldilocks[] _public;

    /// <summary>A checker for a statement's committed part, its public input and the proof's committed part.</summary>
    public CommittedInputChecker(GkrCommittedInput committed, ReadOnlySpan<Goldilocks> publicInput, int numVariables, GkrCommittedInputProof? proof)
    {
        ArgumentNullException.ThrowIfNull(committed);
        if (publicInput.Length > 1 << numVariables)
        {
            throw new ArgumentException($"{publicInput.Length} inputs do not fit 2^{numVariables}.", nameof(publicInput));
        }

        _committed = committed;
        _proof = proof;
        _public = new Goldilocks[1 << numVariables];
        publicInput.CopyTo(_public);
    }

    /// <inheritdoc />
    public void Check(IReadOnlyList<LayerClaim> claims, Transcript transcript)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(transcript);
        ImmutableArray<ImmutableArray<int>> groups = _committed.Layout.Groups();
        int segments = _committed.Layout.Segments.Length;
        if (_proof is null || _proof.Evaluations.IsDefault || _proof.Evaluations.Length != segments || _proof.Evaluations.Any(e => e.IsDefault || e.Length != claims.Count)
            || _proof.Openings.IsDefault || _proof.Openings.Length != groups.Length || _proof.Openings.Any(o => o is null))
        {
            throw new GkrRejectedException(GkrRejection.MalformedProof, $"the committed input needs {segments} x {claims.Count} evaluations and {groups.Length} openings");
        }

        transcript.AbsorbFields(TranscriptLabels.GkrCommittedEvaluations, _proof.Evaluations.SelectMany(e => e).ToArray().AsSpan());
        for (int i = 0; i < claims.Count; i++)
        {
            ReadOnlySpan<GoldilocksExt2> z = claims[i].Point.AsSpan();
            GoldilocksExt2 actual = ExtensionKernels.Evaluate(_public, z);
            for (int j = 0; j < segments; j++)
            {
                actual += _committed.SelectorAt(j, z) * _proof.Evaluations[j][i];
            }

            if (actual != claims[i].Value)
            {
                throw new GkrRejectedException(GkrRejection.FinalInputMismatch, $"claim {i} on the input says {claims[i].Value}, the public part and the committed evaluations give {actual}", expected: actual.ToString(), actual: claims[i].Value.ToString());
            }
        }

        for (int g = 0; g < groups.Length; g++)
        {
            try
            {
                BasefoldVerifier.Verify(_committed.OpeningStatement(groups[g], claims, _proof.Evaluations), _proof.Openings[g], _committed.Parameters, transcript);
            }
            catch (CommitmentRejectedException ex)
            {
                throw new GkrRejectedException(GkrRejection.CommittedOpeningFailed, $"opening {g}: {ex.Message}", inner: ex);
            }
        }
    }
}

/// <summary>The prover side of <see cref="CommittedInputChecker"/>: the segment evaluations and the batched openings.</summary>
internal static class CommittedInputProver
{
    /// <summary>
    /// Evaluates each segment of the proved input layer <paramref name="input"/> at each claim's low
    /// coordinates, absorbs them, and opens the committed tables there. A prover whose input differs from
    /// its commitments produces an opening the verifier rejects.
    /// </summary>
    public static GkrCommittedInputProof Prove(GkrCommittedInput committed, IReadOnlyList<BasefoldCommittedPolynomial> tables, IReadOnlyList<LayerClaim> claims, Goldilocks[] input, Transcript transcript)
    {
        ImmutableArray<CommittedSegment> segments = committed.Layout.Segments;
        ImmutableArray<ImmutableArray<GoldilocksExt2>> evaluations =
        [
            .. segments.Select(s => claims.Select(c => ExtensionKernels.Evaluate(input.AsSpan((int)s.Offset, (int)s.Length), c.Point.AsSpan()[(c.Point.Length - s.NumVariables)..])).ToImmutableArray()),
        ];
        transcript.AbsorbFields(TranscriptLabels.GkrCommittedEvaluations, evaluations.SelectMany(e => e).ToArray().AsSpan());
        ImmutableArray<BasefoldOpeningProof> openings =
        [
            .. committed.Layout.Groups().Select(group => BasefoldProver.Open(
                committed.OpeningStatement(group, claims, evaluations), [.. group.Select(j => tables[j])], committed.Parameters, transcript, checkStatement: true, tamperOracle: null)),
        ];
        return new GkrCommittedInputProof(evaluations, openings);
    }
}
