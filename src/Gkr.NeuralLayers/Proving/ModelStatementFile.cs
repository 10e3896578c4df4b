using System.Collections.Immutable;
using Gkr.Field;
using Gkr.NeuralLayers.Model;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Graph;
using Gkr.Protocol.Serialization;

namespace Gkr.NeuralLayers.Proving;

/// <summary>
/// The canonical file of a <see cref="ModelStatement"/> (what a model proof is about) and of a published weight
/// commitment. Same conventions as the model file (<see cref="ModelFile"/>): fixed-width little-endian integers,
/// every count checked against the remaining bytes before anything is allocated, exactly one encoding per value,
/// every failure a <see cref="MalformedModelException"/> naming the field and byte offset.
/// </summary>
/// <remarks>
/// <code>
/// statement:  "GKMS" | u16 version 1 | u8 kind 1 | u8 0
///             | 32-byte model digest | u32 batch (1..65536) | u32 values per sample (1..2^28) | batch × values × i32 inputs
///             | u32 output count (a power of two, ≤ 2^28) | output count × u64 canonical Goldilocks values
///             | witness parameters (5 × u32: proximity bound, log inverse rate, log arity, target bits, proof-of-work bits)
///             | u8 weights (0 public, 1 committed) | committed: weight commitment body (below)
/// commitment: "GKMS" | u16 version 1 | u8 kind 2 | u8 0 | 32-byte model digest | weight commitment body
/// weight commitment body: u32 table count (1..65536) | count × u8 table variables | the Basefold commitment file (64 bytes)
/// </code>
/// The witness parameters are rebuilt with <see cref="BasefoldParameters.ForSecurity"/> (the query count follows from the
/// target, so a file cannot lower it).
/// </remarks>
public static class ModelStatementFile
{
    /// <summary>The layout version.</summary>
    public const ushort Version = 1;

    /// <summary>The kind byte of a statement.</summary>
    public const byte StatementKind = 1;

    /// <summary>The kind byte of a weight commitment.</summary>
    public const byte CommitmentKind = 2;

    private const int MaxBatch = 1 << 16, MaxValues = 1 << 28, MaxTables = 1 << 16;

    /// <summary>The magic bytes "GKMS".</summary>
    public static ReadOnlySpan<byte> Magic => "GKMS"u8;

    /// <summary>The canonical bytes of <paramref name="statement"/>.</summary>
    public static byte[] Encode(ModelStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var w = new ModelWriter();
        Header(w, StatementKind);
        w.Bytes(statement.ModelDigest.AsSpan());
        w.UInt32(statement.Batch);
        w.UInt32(statement.Inputs[0].Length);
        foreach (ImmutableArray<int> sample in statement.Inputs)
        {
            if (sample.Length != statement.Inputs[0].Length)
            {
                throw new ArgumentException("Every input sample of a statement has the same length.", nameof(statement));
            }

            w.Int32s(sample.AsSpan());
        }

        w.UInt32(statement.ClaimedOutput.Length);
        foreach (Goldilocks v in statement.ClaimedOutput)
        {
            w.UInt64(v.Value);
        }

        Parameters(w, statement.WitnessParameters);
        w.UInt8(statement.WeightCommitment is null ? (byte)0 : (byte)1);
        if (statement.WeightCommitment is { } c)
        {
            CommitmentBody(w, c);
        }

        return w.ToArray();
    }

    /// <summary>Decodes a statement file.</summary>
    /// <exception cref="MalformedModelException">The bytes are not a canonical statement file (the message names the field and offset).</exception>
    public static ModelStatement Decode(ReadOnlySpan<byte> bytes)
    {
        var r = new ModelReader(bytes, "Statement file");
        ReadHeader(ref r, StatementKind, "statement");
        byte[] digest = r.Take(32, "model digest").ToArray();
        int batch = r.UInt32("batch", 1, MaxBatch);
        int length = r.UInt32("values per sample", 1, MaxValues);
        r.Fit((long)batch * length, 4, "inputs");
        var inputs = new int[batch][];
        for (int b = 0; b < batch; b++)
        {
            inputs[b] = r.Int32s(length, $"input sample {b}");
        }

        int outputs = r.UInt32("output count", 1, MaxValues);
        if (!System.Numerics.BitOperations.IsPow2(outputs))
        {
            throw ModelReader.Error($"Statement: the output count {outputs} at byte {r.Offset - 4} is not a power of two.");
        }

        r.Fit(outputs, 8, "claimed output");
        var claimed = new Goldilocks[outputs];
        for (int i = 0; i < outputs; i++)
        {
            ulong v = r.UInt64("claimed output value");
            claimed[i] = v < Goldilocks.Modulus ? Goldilocks.FromUInt64(v) : throw ModelReader.Error($"Statement: claimed output value {i} at byte {r.Offset - 8} is not a canonical field element.");
        }

        BasefoldParameters witness = ReadParameters(ref r);
        GraphModelCommitment? commitment = r.UInt8("weights mode") switch
        {
            0 => null,
            1 => ReadCommitmentBody(ref r),
            byte other => throw ModelReader.Error($"Statement: weights mode {other} at byte {r.Offset - 1} is neither 0 (public) nor 1 (committed)."),
        };
        r.End();
        return ModelReader.Guard(() => new ModelStatement(digest, batch, inputs, claimed, commitment, witness), "statement");
    }

    /// <summary>The canonical bytes of a published weight commitment for the model with digest <paramref name="modelDigest"/>.</summary>
    public static byte[] EncodeCommitment(ReadOnlySpan<byte> modelDigest, GraphModelCommitment commitment)
    {
        ArgumentNullException.ThrowIfNull(commitment);
        if (modelDigest.Length != 32)
        {
            throw new ArgumentException($"A model digest is 32 bytes; got {modelDigest.Length}.", nameof(modelDigest));
        }

        var w = new ModelWriter();
        Header(w, CommitmentKind);
        w.Bytes(modelDigest);
        CommitmentBody(w, commitment);
        return w.ToArray();
    }

    /// <summary>Decodes a weight commitment file.</summary>
    /// <exception cref="MalformedModelException">The bytes are not a canonical weight commitment file.</exception>
    public static (ImmutableArray<byte> ModelDigest, GraphModelCommitment Commitment) DecodeCommitment(ReadOnlySpan<byte> bytes)
    {
        var r = new ModelReader(bytes, "Weight commitment file");
        ReadHeader(ref r, CommitmentKind, "weight commitment");
        ImmutableArray<byte> digest = [.. r.Take(32, "model digest")];
        GraphModelCommitment commitment = ReadCommitmentBody(ref r);
        r.End();
        return (digest, commitment);
    }

    private static void Header(ModelWriter w, byte kind)
    {
        w.Bytes(Magic);
        w.UInt16(Version);
        w.UInt8(kind);
        w.UInt8(0);
    }

    private static void ReadHeader(ref ModelReader r, byte kind, string what)
    {
        if (!r.Take(4, "magic").SequenceEqual(Magic))
        {
            throw ModelReader.Error($"Not a Gkr {what} file: the magic is not \"GKMS\".");
        }

        ushort version = r.UInt16("version");
        byte actual = r.UInt8("kind"), reserved = r.UInt8("reserved byte");
        if (version != Version || actual != kind || reserved != 0)
        {
            throw ModelReader.Error($"A {what} file is version {Version}, kind {kind}, reserved 0; got version {version}, kind {actual}, reserved {reserved}.");
        }
    }

    private static void Parameters(ModelWriter w, BasefoldParameters p)
    {
        w.UInt32((int)p.Bound);
        w.UInt32(p.LogInverseRate);
        w.UInt32(p.LogArity);
        w.UInt32(p.TargetBits);
        w.UInt32(p.ProofOfWorkBits);
    }

    private static BasefoldParameters ReadParameters(ref ModelReader r)
    {
        int bound = r.UInt32("proximity bound", 0, 1), rate = r.UInt32("log inverse rate", 1, 16), arity = r.UInt32("log arity", 1, 16);
        int target = r.UInt32("target bits", 1, 120), work = r.UInt32("proof-of-work bits", 0, 64);
        return ModelReader.Guard(() => BasefoldParameters.ForSecurity(target, rate, work, arity, (ProximityBound)bound), "witness parameters");
    }

    private static void CommitmentBody(ModelWriter w, GraphModelCommitment c)
    {
        w.UInt32(c.Layout.Variables.Length);
        foreach (int v in c.Layout.Variables)
        {
            w.UInt8((byte)v);
        }

        w.Bytes(BasefoldCommitmentFile.Encode(c.Commitment, c.Parameters));
    }

    private static GraphModelCommitment ReadCommitmentBody(ref ModelReader r)
    {
        int tables = r.UInt32("table count", 1, MaxTables);
        r.Fit(tables, 1, "table variables");
        var variables = new int[tables];
        for (int i = 0; i < tables; i++)
        {
            variables[i] = r.UInt8("table variables");
        }

        ReadOnlySpan<byte> file = r.Take(BasefoldCommitmentFile.Length, "Basefold commitment");
        (BasefoldCommitment commitment, BasefoldParameters parameters) decoded;
        try
        {
            decoded = BasefoldCommitmentFile.Decode(file);
        }
        catch (MalformedEncodingException ex)
        {
            throw new MalformedModelException($"Weight commitment: {ex.Message}", ex);
        }

        (BasefoldCommitment commitment, BasefoldParameters parameters) = decoded;
        return ModelReader.Guard(() => new GraphModelCommitment(new PackedLayout(variables), commitment, parameters), "weight commitment");
    }
}
