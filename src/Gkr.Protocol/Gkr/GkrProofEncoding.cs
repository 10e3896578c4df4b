using System.Buffers.Binary;
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
/// <para>Layout (integers little-endian): magic "GKRP", u16 <see cref="ProofEncoding.FormatVersion"/>,
/// u8 kind <see cref="Kind"/>, u8 field element size (16, GoldilocksExt2), u32 layer count; then per
/// circuit layer (input side first): u32 sumcheck count, per sumcheck u32 rounds, u32 values per round
/// (0 when there are no rounds) and rounds × values canonical elements; u32 evaluation count and the
/// evaluations.</para>
/// <para>Decoding takes the circuit, which fixes every count (<see cref="GkrShapes"/>): each count is
/// compared with it before anything is allocated, the total length must match exactly, and every
/// element must be canonical; otherwise <see cref="MalformedProofException"/>. A wrong layer count is
/// reported as <see cref="GkrRejection.LayerCountMismatch"/>.</para>
/// <para>A proof with committed inputs (<see cref="GkrProof.Committed"/>) has kind <see cref="CommittedKind"/>
/// and, after the layers: u32 segment count, u32 input-claim count, segments × claims evaluations
/// (segment-major); u32 opening count (one per size group of the layout), then per opening u32 byte
/// length and the canonical <see cref="BasefoldEncoding"/> bytes of that opening. Decoding it takes the
/// statement (<see cref="Decode(ReadOnlySpan{byte}, GkrStatement)"/>), which fixes every one of those counts.</para>
/// </remarks>
public static class GkrProofEncoding
{
    /// <summary>The kind byte of a GKR proof (the sumcheck kinds are 1 and 2).</summary>
    public const byte Kind = (byte)ProofKind.Gkr;

    /// <summary>The kind byte of a GKR proof with committed inputs (0x11; 0x10 stays the all-public proof).</summary>
    public const byte CommittedKind = (byte)ProofKind.GkrCommitted;

    private const int Size = 16;

    /// <summary>The canonical bytes of <paramref name="proof"/>.</summary>
    public static byte[] Encode(GkrProof proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        var bytes = new List<byte>(1024);
        bytes.AddRange("GKRP"u8);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(word, ProofEncoding.FormatVersion);
        bytes.Add(word[0]);
        bytes.Add(word[1]);
        bytes.Add(proof.Committed is null ? Kind : CommittedKind);
        bytes.Add(Size);
        UInt32(bytes, proof.Layers.Length);
        Span<byte> element = stackalloc byte[Size];
        foreach (GkrLayerProof layer in proof.Layers)
        {
            UInt32(bytes, layer.Sumchecks.Length);
            foreach (SumcheckProof<GoldilocksExt2> sumcheck in layer.Sumchecks)
            {
                ImmutableArray<ImmutableArray<GoldilocksExt2>> rounds = sumcheck.RoundPolynomials;
                int width = rounds.IsEmpty ? 0 : rounds[0].Length;
                if (rounds.Any(r => r.Length != width))
                {
                    throw new ArgumentException("Every round polynomial of a sumcheck has the same number of values.", nameof(proof));
                }

                UInt32(bytes, rounds.Length);
                UInt32(bytes, width);
                foreach (GoldilocksExt2 value in rounds.SelectMany(r => r))
                {
                    value.Encode(element);
                    bytes.AddRange(element);
                }
            }

            UInt32(bytes, layer.Evaluations.Length);
            foreach (GoldilocksExt2 value in layer.Evaluations)
            {
                value.Encode(element);
                bytes.AddRange(element);
            }
        }

        if (proof.Committed is { } committed)
        {
            UInt32(bytes, committed.Evaluations.Length);
            UInt32(bytes, committed.Evaluations.IsEmpty ? 0 : committed.Evaluations[0].Length);
            foreach (GoldilocksExt2 value in committed.Evaluations.SelectMany(e => e))
            {
                value.Encode(element);
                bytes.AddRange(element);
            }

            UInt32(bytes, committed.Openings.Length);
            foreach (BasefoldOpeningProof opening in committed.Openings)
            {
                byte[] encoded = BasefoldEncoding.Encode(opening);
                UInt32(bytes, encoded.Length);
                bytes.AddRange(encoded);
            }
        }

        return [.. bytes];
    }

    /// <summary>Decodes a proof for <paramref name="circuit"/> (all-public input, kind <see cref="Kind"/>).</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of a proof of this shape.</exception>
    /// <exception cref="GkrRejectedException">The layer count differs from the circuit's (<see cref="GkrRejection.LayerCountMismatch"/>).</exception>
    public static GkrProof Decode(ReadOnlySpan<byte> bytes, LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var reader = new Reader(bytes);
        GkrProof proof = ReadLayers(ref reader, circuit, Kind);
        reader.End();
        return proof;
    }

    /// <summary>Decodes a proof for <paramref name="statement"/>: kind <see cref="Kind"/> when its input is all public,
    /// <see cref="CommittedKind"/> with the committed part when it has <see cref="GkrStatement.Committed"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of a proof of this shape.</exception>
    /// <exception cref="GkrRejectedException">The layer count differs from the circuit's (<see cref="GkrRejection.LayerCountMismatch"/>).</exception>
    public static GkrProof Decode(ReadOnlySpan<byte> bytes, GkrStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        if (statement.Committed is not { } committed)
        {
            return Decode(bytes, statement.Circuit);
        }

        var reader = new Reader(bytes);
        GkrProof layers = ReadLayers(ref reader, statement.Circuit, CommittedKind);
        int segments = reader.Count("committed segments", committed.Layout.Segments.Length);
        int claims = reader.Count("input claims", GkrShapes.ClaimCounts(statement.Circuit)[0]);
        var evaluations = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(segments);
        for (int j = 0; j < segments; j++)
        {
            evaluations.Add([.. reader.Elements(claims)]);
        }

        ImmutableArray<ImmutableArray<int>> groups = committed.Layout.Groups();
        int count = reader.Count("openings", groups.Length);
        var openings = ImmutableArray.CreateBuilder<BasefoldOpeningProof>(count);
        foreach (ImmutableArray<int> group in groups)
        {
            int length = (int)Math.Min(reader.UInt32("opening length"), int.MaxValue);
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

    private static GkrProof ReadLayers(ref Reader reader, LayeredCircuit circuit, byte kind)
    {
        ReadOnlySpan<byte> header = reader.Take(8, "header");
        if (!header[..4].SequenceEqual("GKRP"u8))
        {
            throw new MalformedProofException("Bad magic: not a Gkr proof.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
        if (version != ProofEncoding.FormatVersion || header[6] != kind || header[7] != Size)
        {
            throw new MalformedProofException($"Expected a GKR proof (version {ProofEncoding.FormatVersion}, kind {kind}, element size {Size}), found version {version}, kind {header[6]}, size {header[7]}.");
        }

        uint layerCount = reader.UInt32("layer count");
        if (layerCount != (uint)circuit.Layers.Length)
        {
            throw new GkrRejectedException(GkrRejection.LayerCountMismatch, $"the circuit has {circuit.Layers.Length} layers, the proof declares {layerCount}");
        }

        ImmutableArray<LayerProofShape> shapes = GkrShapes.Of(circuit);
        var layers = new GkrLayerProof[circuit.Layers.Length];
        for (int i = 0; i < layers.Length; i++)
        {
            LayerProofShape shape = shapes[i];
            int sumchecks = reader.Count($"layer {i} sumchecks", shape.SumcheckRounds.Length);
            var proofs = new SumcheckProof<GoldilocksExt2>[sumchecks];
            for (int s = 0; s < sumchecks; s++)
            {
                int rounds = reader.Count($"layer {i} sumcheck {s} rounds", shape.SumcheckRounds[s]);
                int width = reader.Count($"layer {i} values per round", rounds == 0 ? 0 : shape.Degree + 1);
                var polynomials = ImmutableArray.CreateBuilder<ImmutableArray<GoldilocksExt2>>(rounds);
                for (int k = 0; k < rounds; k++)
                {
                    polynomials.Add([.. reader.Elements(width)]);
                }

                proofs[s] = new SumcheckProof<GoldilocksExt2>(polynomials.MoveToImmutable());
            }

            int evaluations = reader.Count($"layer {i} evaluations", shape.Evaluations);
            layers[i] = new GkrLayerProof([.. proofs], [.. reader.Elements(evaluations)]);
        }

        return new GkrProof([.. layers]);
    }

    private static void UInt32(List<byte> bytes, int value)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)value);
        bytes.AddRange(word);
    }

    private ref struct Reader(ReadOnlySpan<byte> bytes)
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;
        private int _offset;

        public ReadOnlySpan<byte> Take(int length, string what)
        {
            if (length > _bytes.Length - _offset)
            {
                throw new MalformedProofException($"Proof truncated while reading {what} at byte {_offset}.");
            }

            ReadOnlySpan<byte> slice = _bytes.Slice(_offset, length);
            _offset += length;
            return slice;
        }

        public uint UInt32(string what) => BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));

        public int Count(string what, int expected)
        {
            uint count = UInt32(what);
            return count == (uint)expected ? expected : throw new MalformedProofException($"The circuit implies {expected} {what}, the proof declares {count}.");
        }

        public GoldilocksExt2[] Elements(int count)
        {
            ReadOnlySpan<byte> data = Take(checked(count * Size), "field elements");
            var values = new GoldilocksExt2[count];
            for (int i = 0; i < count; i++)
            {
                if (!GoldilocksExt2.TryDecode(data.Slice(i * Size, Size), out values[i]))
                {
                    throw new MalformedProofException($"Field element at byte {_offset - data.Length + (i * Size)} is not a canonical GoldilocksExt2 encoding.");
                }
            }

            return values;
        }

        public readonly void End()
        {
            if (_offset != _bytes.Length)
            {
                throw new MalformedProofException($"{_bytes.Length - _offset} trailing bytes after the proof.");
            }
        }
    }
}
