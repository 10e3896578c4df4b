using Gkr.Field;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Serialization;

namespace Gkr.Protocol.Gkr;

/// <summary>
/// The canonical binary encoding of a <see cref="GkrStatement"/>: everything the verifier binds besides
/// the circuit itself, which it names by digest.
/// </summary>
/// <remarks>
/// <para>Layout: the <see cref="GkrFormat"/> header (kind <see cref="EncodingKind.GkrStatement"/>, element
/// size 8), the 32-byte circuit digest (<see cref="LayeredCircuit.Digest"/>), u32 committed segment count
/// and per segment u64 offset and the commitment body of <see cref="BasefoldCommitmentFile"/> (bound, n,
/// rate, arity, target bits, proof-of-work bits, root); u32 public input count and the values; u32
/// output count and the values.</para>
/// <para>Decoding takes the circuit: the digest must be its digest, the output count its output width,
/// the public count its input width (or, with committed segments, at most that), the segments a valid
/// layout that fits the circuit, every commitment under the same parameters, elements canonical, no
/// trailing bytes. Failures throw <see cref="MalformedEncodingException"/>.</para>
/// </remarks>
public static class GkrStatementEncoding
{
    private const int SegmentBytes = 8 + 24 + MerkleTree.DigestSize;

    /// <summary>The canonical bytes of <paramref name="statement"/>.</summary>
    public static byte[] Encode(GkrStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var writer = new CanonicalWriter(256 + (8 * (statement.PublicInput.Length + statement.ClaimedOutput.Length)));
        Write(statement, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a statement about <paramref name="circuit"/>.</summary>
    /// <exception cref="MalformedEncodingException">Not the canonical encoding of a statement about this circuit.</exception>
    public static GkrStatement Decode(ReadOnlySpan<byte> bytes, LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        var reader = new CanonicalReader(bytes, static message => new MalformedEncodingException($"Statement file: {message}"));
        reader.Header(EncodingKind.GkrStatement, Goldilocks.EncodedLength);
        if (!reader.Take(MerkleTree.DigestSize, "circuit digest").SequenceEqual(circuit.Digest))
        {
            throw reader.Error($"the statement is about another circuit (digest differs from {Convert.ToHexStringLower(circuit.Digest)}).");
        }

        int segments = reader.Bounded("committed segments", Math.Min(1 << circuit.InputVariables, reader.Remaining / SegmentBytes));
        var offsets = new CommittedSegment[segments];
        var commitments = new BasefoldCommitment[segments];
        BasefoldParameters? parameters = null;
        for (int j = 0; j < segments; j++)
        {
            ulong offset = reader.UInt64("segment offset");
            (commitments[j], BasefoldParameters p) = BasefoldCommitmentFile.ReadBody(ref reader);
            if (parameters is not null && p != parameters)
            {
                throw reader.Error($"commitment {j} is under other parameters than commitment 0.");
            }

            parameters = p;
            offsets[j] = new CommittedSegment(offset <= int.MaxValue ? (long)offset : throw reader.Error($"segment {j} offset {offset} is out of range."), commitments[j].NumVariables);
        }

        int publicCount = segments == 0
            ? reader.Count("public inputs", circuit.InputWidth)
            : reader.Bounded("public inputs", circuit.InputWidth);
        Goldilocks[] publicInput = reader.Elements<Goldilocks>(publicCount);
        Goldilocks[] output = reader.Elements<Goldilocks>(reader.Count("outputs", circuit.OutputWidth));
        reader.End();
        try
        {
            return segments == 0
                ? new GkrStatement(circuit, publicInput, output)
                : new GkrStatement(circuit, publicInput, output, new GkrCommittedInput(new GkrInputLayout(publicCount, offsets), commitments, parameters!));
        }
        catch (ArgumentException ex)
        {
            throw reader.Error($"invalid committed-input layout: {ex.Message}");
        }
    }

    /// <summary>
    /// The length of the longest statement <see cref="Decode"/> can accept for <paramref name="circuit"/>: a file
    /// limit for readers of untrusted statement files. Header, digest, the most segments the decoder allows
    /// (2^input variables, one per input position), a full public input and the output.
    /// </summary>
    public static long MaxLength(LayeredCircuit circuit)
    {
        ArgumentNullException.ThrowIfNull(circuit);
        return GkrFormat.HeaderLength + MerkleTree.DigestSize + 4 + ((1L << circuit.InputVariables) * SegmentBytes)
            + 4 + ((long)circuit.InputWidth * Goldilocks.EncodedLength) + 4 + ((long)circuit.OutputWidth * Goldilocks.EncodedLength);
    }

    internal static void Write(GkrStatement statement, CanonicalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(statement);
        writer.Header(EncodingKind.GkrStatement, Goldilocks.EncodedLength);
        writer.Digests(statement.Circuit.Digest);
        if (statement.Committed is { } committed)
        {
            writer.Count(committed.Layout.Segments.Length);
            for (int j = 0; j < committed.Commitments.Length; j++)
            {
                writer.UInt64((ulong)committed.Layout.Segments[j].Offset);
                BasefoldCommitmentFile.WriteBody(committed.Commitments[j], committed.Parameters, writer);
            }
        }
        else
        {
            writer.Count(0);
        }

        writer.Count(statement.PublicInput.Length);
        writer.Elements(statement.PublicInput.AsSpan());
        writer.Count(statement.ClaimedOutput.Length);
        writer.Elements(statement.ClaimedOutput.AsSpan());
    }
}
