using System.Collections.Immutable;
using Gkr.Field;
using Gkr.Protocol.Sumcheck;

namespace Gkr.Protocol.Serialization;

/// <summary>
/// The canonical binary encoding of proofs. Every proof has exactly one encoding, and decoding accepts
/// exactly that encoding.
/// </summary>
/// <remarks>
/// <para>Layout: the <see cref="GkrFormat"/> header (kind <see cref="EncodingKind.Sumcheck"/> or
/// <see cref="EncodingKind.BatchedSumcheck"/>, element size of the field), then the body.</para>
/// <para>Sumcheck body: u32 rounds, u32 values per round, then rounds × values canonical field elements.
/// Batched body: the sumcheck body, then u32 claim count and that many canonical field elements.</para>
/// <para>Decoding takes the statement, which fixes every count: counts are compared with what the
/// statement implies before anything is allocated, the total length must match exactly, and every
/// element must be canonical. Any deviation throws <see cref="MalformedProofException"/>.</para>
/// </remarks>
public static class ProofEncoding
{
    /// <summary>The canonical bytes of a sumcheck proof.</summary>
    public static byte[] Encode<T>(SumcheckProof<T> proof) where T : unmanaged, IField<T>
    {
        var writer = new CanonicalWriter();
        Write(proof, writer);
        return writer.ToArray();
    }

    /// <summary>The canonical bytes of a batched sumcheck proof.</summary>
    public static byte[] Encode<T>(BatchedSumcheckProof<T> proof) where T : unmanaged, IField<T>
    {
        var writer = new CanonicalWriter();
        Write(proof, writer);
        return writer.ToArray();
    }

    /// <summary>Decodes a sumcheck proof for <paramref name="statement"/> (n rounds of d + 1 values).</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static SumcheckProof<T> DecodeSumcheck<T>(ReadOnlySpan<byte> bytes, SumcheckStatement<T> statement) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(statement);
        var reader = new CanonicalReader(bytes);
        reader.Header(EncodingKind.Sumcheck, T.EncodedLength);
        SumcheckProof<T> proof = ReadRounds<T>(ref reader, statement.NumVariables, statement.Degree + 1, "rounds");
        reader.End();
        return proof;
    }

    /// <summary>Decodes a batched proof for <paramref name="statement"/>.</summary>
    /// <exception cref="MalformedProofException">The bytes are not the canonical encoding of such a proof.</exception>
    public static BatchedSumcheckProof<T> DecodeBatched<T>(ReadOnlySpan<byte> bytes, BatchedSumcheckStatement<T> statement) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(statement);
        var reader = new CanonicalReader(bytes);
        reader.Header(EncodingKind.BatchedSumcheck, T.EncodedLength);
        SumcheckProof<T> rounds = ReadRounds<T>(ref reader, statement.NumVariables, statement.Degree + 1, "rounds");
        T[] finals = reader.Elements<T>(reader.Count("final values", statement.Claims.Length));
        reader.End();
        return new BatchedSumcheckProof<T>(rounds, ImmutableArray.Create(finals));
    }

    internal static void Write<T>(SumcheckProof<T> proof, CanonicalWriter writer) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(proof);
        writer.Header(EncodingKind.Sumcheck, T.EncodedLength);
        WriteRounds(proof, writer);
    }

    internal static void Write<T>(BatchedSumcheckProof<T> proof, CanonicalWriter writer) where T : unmanaged, IField<T>
    {
        ArgumentNullException.ThrowIfNull(proof);
        writer.Header(EncodingKind.BatchedSumcheck, T.EncodedLength);
        WriteRounds(proof.Rounds, writer);
        writer.Count(proof.FinalValues.Length);
        writer.Elements(proof.FinalValues.AsSpan());
    }

    /// <summary>The sumcheck body: u32 rounds, u32 values per round (0 without rounds), then the values.</summary>
    internal static void WriteRounds<T>(SumcheckProof<T> proof, CanonicalWriter writer) where T : unmanaged, IField<T>
    {
        ImmutableArray<ImmutableArray<T>> rounds = proof.RoundPolynomials;
        int width = rounds.IsEmpty ? 0 : rounds[0].Length;
        if (rounds.Any(r => r.Length != width))
        {
            throw new ArgumentException("Every round polynomial of a proof has the same number of values.", nameof(proof));
        }

        writer.Count(rounds.Length);
        writer.Count(width);
        foreach (ImmutableArray<T> round in rounds)
        {
            writer.Elements(round.AsSpan());
        }
    }

    /// <summary>Reads a sumcheck body whose round count and width the statement fixes.</summary>
    internal static SumcheckProof<T> ReadRounds<T>(ref CanonicalReader reader, int rounds, int width, string what) where T : unmanaged, IField<T>
    {
        int count = reader.Count(what, rounds);
        int values = reader.Count($"values per round of {what}", count == 0 ? 0 : width);
        var result = ImmutableArray.CreateBuilder<ImmutableArray<T>>(count);
        for (int k = 0; k < count; k++)
        {
            result.Add(ImmutableArray.Create(reader.Elements<T>(values)));
        }

        return new SumcheckProof<T>(result.MoveToImmutable());
    }
}
