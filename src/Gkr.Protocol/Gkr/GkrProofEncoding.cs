using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Serialization;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// The canonical binary encoding of a <see cref="GkrProof"/>, following <see cref="ProofEncoding"/>'s
/// conventions: every proof has exactly one encoding and decoding accepts only that one.
/// </summary>
/// <remarks>
/// <para>Layout: the <see cref="GkrFormat"/> header (kind <see cref="EncodingKind.Gkr"/>, element size 16,
/// GoldilocksExt2), u32 layer count; then per circuit layer (input side first): u32 sumcheck count, per
/// sumcheck u32 rounds, u32 values per round (0 when there are no rounds) and rounds × values canonical
/// elements; u32 evaluation count and the evaluations.</para>
/// <para>Decoding takes the circuit, which fixes every count (<see cref="GkrShapes"/>): each count is
/// compared with it before anything is allocated, the total length must match exactly, and every
/// element must be canonical; otherwise <see cref="MalformedProofException"/>. A wrong layer count is
/// reported as <see cref="GkrRejection.LayerCountMismatch"/>.</para>
/// <para>A proof with committed inputs (<see cref="GkrProof.Committed"/>) has kind <see cref="EncodingKind.GkrCommitted"/>
/// and, after the layers: u32 segment count, u32 input-claim count, segments × claims evaluations
/// (segment-major); u32 opening count (one per size group of the layout), then per opening u32 byte
/// length and the canonical <see cref="BasefoldEncoding"/> bytes of that opening. Decoding it takes the
/// statement (<see cref="Decode(ReadOnlySpan{byte}, GkrStatement)"/>), which fixes every one of those counts.</para>
/// </remarks>
public static class GkrProofEncoding
{
    private const int Size = 16;

    /// <summary>The canonical bytes of <paramref name="proof"/>.</summary>
    public static byte[] Encode(GkrProof proof)
    {
        var writer = new CanonicalWriter(1024);
        Write(proof, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a proof for <paramref name="circuit"/> (all-public input, kind <see cref="EncodingKind.Gkr"/>).</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of a proof of this shape.</exception>
    /// <exception cref="GkrRejectedException">The layer count differs from the circuit's (<see cref="GkrRejection.LayerCountMismatch"/>).</exception>
    public static GkrProof Decode(ReadOnlySpan<byte> bytes, LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var reader = new CanonicalReader(bytes);
        GkrProof proof = ReadLayers(ref reader, circuit, EncodingKind.Gkr);
        reader.End();
        return proof;
    }

    /// <summary>Decodes a proof for <paramref name="statement"/>: kind <see cref="EncodingKind.Gkr"/> when its input is all public,
    /// <see cref="EncodingKind.GkrCommitted"/> with the committed part when it has <see cref="GkrStatement.Committed"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of a proof of this shape.</exception>
    /// <exception cref="GkrRejectedException">The layer count differs from the circuit's (<see cref="GkrRejection.LayerCountMismatch"/>).</exception>
    public static GkrProof Decode(ReadOnlySpan<byte> bytes, GkrStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Committed is not { } committed)
        {
            return Decode(bytes, statement.Circuit);
        }

        var reader = new CanonicalReader(bytes);
        GkrProof layers = ReadLayers(ref reader, statement.Circuit, EncodingKind.GkrCommitted);
        int segments = reader.Count("committed segments", committed.Layout.Segments.Length);
        int claims = reader.Count("input claims", GkrShapes.ClaimCounts(statement.Circuit)[0]);
        var evaluations = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(segments);
        for (int j = 0; j < segments; j++)
        {
            evaluations.Add([.. reader.Elements<GoldilocksExt2>(claims)]);
        }

        ImmutableArray<ImmutableArray<int>> groups = committed.Layout.Groups();
        int count = reader.Count("openings", groups.Length);
        var openings = ImmutableArray.CreateBuilder<BasefoldOpeningProof>(count);
        foreach (ImmutableArray<int> group in groups)
        {
            int length = reader.Bounded("opening length", reader.Remaining);
            int n = committed.Layout.Segments[group[0]].NumVariables;
            ImmutableArray<GoldilocksExt2> zero = [.. new GoldilocksExt2[n]];
            var shape = new BasefoldOpeningStatement(
                [.. group.Select(j => committed.Commitments[j])],
                [.. Enumerable.Repeat(zero, claims)],
                [.. group.Select(_ => Enumerable.Repeat(GoldilocksExt2.Zero, claims).ToImmutableArray())]);
            openings.Add(BasefoldEncoding.DecodeOpening(reader.Take(length, "opening"), shape, committed.Parameters));
        }

        reader.End();
        return layers with { Committed = new GkrCommittedInputProof(evaluations.MoveToImmutable(), openings.MoveToImmutable()) };
    }

    /// <summary>
    /// The length of the longest byte string <see cref="Decode(ReadOnlySpan{byte}, GkrStatement)"/> can accept for
    /// <paramref name="statement"/>: a file limit for readers of untrusted proof files, computed from the
    /// statement alone (no proof byte is needed).
    /// </summary>
    /// <remarks>
    /// The all-public part is exact: the circuit fixes every count (<see cref="GkrShapes"/>), so every proof
    /// of an all-public statement has exactly this length. The committed part adds, per size group of the
    /// layout, the u32 length prefix and <see cref="BasefoldEncoding.MaxOpeningLength"/>: the opened coset
    /// and sibling counts of an opening vary with the queries, and the bound takes the most the decoder
    /// accepts.
    /// </remarks>
    public static long MaxLength(GkrStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        long length = MaxLength(statement.Circuit);
        if (statement.Committed is { } committed)
        {
            int claims = GkrShapes.ClaimCounts(statement.Circuit)[0];
            length += 4 + 4 + ((long)committed.Layout.Segments.Length * claims * Size) + 4;
            foreach (ImmutableArray<int> group in committed.Layout.Groups())
            {
                length += 4 + BasefoldEncoding.MaxOpeningLength(committed.Layout.Segments[group[0]].NumVariables, group.Length, committed.Parameters);
            }
        }

        return length;
    }

    /// <summary>The length of every all-public proof for <paramref name="circuit"/> (kind <see cref="EncodingKind.Gkr"/>), which
    /// is also the layer part of a committed one: the circuit fixes every count.</summary>
    public static long MaxLength(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        long length = GkrFormat.HeaderLength + 4;
        foreach (LayerProofShape shape in GkrShapes.Of(circuit))
        {
            length += 4 + 4 + ((long)shape.Evaluations * Size);
            foreach (int rounds in shape.SumcheckRounds)
            {
                length += 8 + ((long)rounds * (shape.Degree + 1) * Size);
            }
        }

        return length;
    }

    internal static void Write(GkrProof proof, CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(proof);
        writer.Header(proof.Committed is null ? EncodingKind.Gkr : EncodingKind.GkrCommitted, Size);
        writer.Count(proof.Layers.Length);
        foreach (GkrLayerProof layer in proof.Layers)
        {
            WriteLayer(layer, writer);
        }

        if (proof.Committed is { } committed)
        {
            writer.Count(committed.Evaluations.Length);
            writer.Count(committed.Evaluations.IsEmpty ? 0 : committed.Evaluations[0].Length);
            foreach (ImmutableArray<GoldilocksExt2> segment in committed.Evaluations)
            {
                writer.Elements(segment.AsSpan());
            }

            writer.Count(committed.Openings.Length);
            foreach (BasefoldOpeningProof opening in committed.Openings)
            {
                int start = writer.BeginLengthPrefix();
                BasefoldEncoding.Write(opening, writer);
                writer.EndLengthPrefix(start);
            }
        }
    }

    private static GkrProof ReadLayers(ref CanonicalReader reader, LayeredCircuit circuit, EncodingKind kind)
    {
        reader.Header(kind, Size);
        uint layerCount = reader.UInt32("layer count");
        if (layerCount != (uint)circuit.Layers.Length)
        {
            throw new GkrRejectedException(GkrRejection.LayerCountMismatch, $"the circuit has {circuit.Layers.Length} layers, the proof declares {layerCount}");
        }

        ImmutableArray<LayerProofShape> shapes = GkrShapes.Of(circuit);
        var layers = new GkrLayerProof[circuit.Layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            layers[i] = ReadLayer(ref reader, shapes[i], i);
        }

        return new GkrProof([.. layers]);
    }

    /// <summary>One layer proof: u32 sumcheck count, the sumcheck bodies, u32 evaluation count, the evaluations.</summary>
    internal static void WriteLayer(GkrLayerProof layer, CanonicalWriter writer)
    {
        writer.Count(layer.Sumchecks.Length);
        foreach (SumcheckProof<GoldilocksExt2> sumcheck in layer.Sumchecks)
        {
            ProofEncoding.WriteRounds(sumcheck, writer);
        }

        writer.Count(layer.Evaluations.Length);
        writer.Elements(layer.Evaluations.AsSpan());
    }

    /// <summary>Reads one layer proof whose counts <paramref name="shape"/> fixes.</summary>
    internal static GkrLayerProof ReadLayer(ref CanonicalReader reader, LayerProofShape shape, int index)
    {
        int sumchecks = reader.Count($"layer {index} sumchecks", shape.SumcheckRounds.Length);
        var proofs = new SumcheckProof<GoldilocksExt2>[sumchecks];
        for (int s = 0; s < sumchecks; s++)
        {
            proofs[s] = ProofEncoding.ReadRounds<GoldilocksExt2>(ref reader, shape.SumcheckRounds[s], shape.Degree + 1, $"layer {index} sumcheck {s} rounds");
        }

        int evaluations = reader.Count($"layer {index} evaluations", shape.Evaluations);
        return new GkrLayerProof([.. proofs], [.. reader.Elements<GoldilocksExt2>(evaluations)]);
    }
}
