using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Gkr.Protocol.Circuits;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;

namespace Gkr.Cli;

/// <summary>The most bytes a file may have: <paramref name="Kind"/> names the file ("proof"), <paramref name="Reason"/>
/// completes "is larger than …" ("its statement allows").</summary>
internal readonly record struct FileLimit(string Kind, long Bytes, string Reason);

/// <summary>
/// What a file option accepts, decided from the file's first <see cref="GkrFormat.HeaderLength"/> bytes before
/// anything else is read: the binary Gkr kinds it takes (magic, version and kind checked), whether it takes JSON
/// text opening with <see cref="JsonOpener"/>, and the byte limit: <see cref="Limit"/>, or <see cref="LimitOfKind"/> of the
/// kind the header announces (null for JSON) when the limit depends on it.
/// </summary>
/// <remarks>
/// <para>The header check is the file boundary's, so a wrong file is bad input (exit 2) naming what it is; the
/// decoders still check every header byte themselves (element size, the exact proof kind the statement implies),
/// and a file that passes here but fails there keeps the decoder's outcome (for a proof, a rejection).</para>
/// <para>Plain arrays and loops on purpose: the CLI runs without tiered compilation, so every generic collection
/// instantiated over <see cref="EncodingKind"/> would be compiled fully on each run of <c>gkr verify</c>.</para>
/// </remarks>
internal sealed record FileSpec(string Kind, EncodingKind[] GkrKinds, byte? JsonOpener, FileLimit Limit, Func<EncodingKind?, FileLimit>? LimitOfKind = null, byte[]? OtherMagic = null)
{
    /// <summary>A model statement or weight commitment file ("GKMS", <c>ModelStatementFile</c>); at most <see cref="FileLimits.MaxFileSize"/> bytes.</summary>
    public static FileSpec ModelStatement(FileLimits limits) => new("model statement", [], null, limits.For("model statement"), OtherMagic: [.. Gkr.NeuralLayers.Proving.ModelStatementFile.Magic]);

    /// <summary>A graph-circuit proof (a model proof); at most <see cref="FileLimits.MaxFileSize"/> bytes.</summary>
    public static FileSpec GraphProof(FileLimits limits) => new("proof", [EncodingKind.GraphProof], null, limits.For("proof"));

    /// <summary>A quantized model file ("GKRM", <c>ModelFile</c>); at most <see cref="FileLimits.MaxFileSize"/> bytes. Its decoder checks the rest of the header.</summary>
    public static FileSpec Model(FileLimits limits) => new("model", [], null, limits.For("model"), OtherMagic: [.. Gkr.NeuralLayers.Model.ModelFile.Magic]);

    /// <summary>A GKR proof for <paramref name="statement"/> (either GKR proof kind: the verifier checks which one the statement
    /// implies); at most <see cref="GkrProofEncoding.MaxLength(GkrStatement)"/> bytes.</summary>
    public static FileSpec Proof(GkrStatement statement)
    {
        return new("proof", [EncodingKind.Gkr, EncodingKind.GkrCommitted], null, new FileLimit("proof", GkrProofEncoding.MaxLength(statement), "its statement allows"));
    }

    /// <summary>A statement about <paramref name="circuit"/>; at most <see cref="GkrStatementEncoding.MaxLength"/> bytes.</summary>
    public static FileSpec Statement(LayeredCircuit circuit)
    {
        return new("statement", [EncodingKind.GkrStatement], null, new FileLimit("statement", GkrStatementEncoding.MaxLength(circuit), "its circuit allows"));
    }

    /// <summary>A circuit file, binary or JSON; at most <see cref="FileLimits.MaxFileSize"/> bytes.</summary>
    public static FileSpec Circuit(FileLimits limits) => new("circuit", [EncodingKind.Circuit], (byte)'{', limits.For("circuit"));

    /// <summary>A commitment file: exactly <see cref="BasefoldCommitmentFile.Length"/> bytes, so that is its limit.</summary>
    public static FileSpec Commitment => new(
        "commitment", [EncodingKind.BasefoldCommitment], null, new FileLimit("commitment", BasefoldCommitmentFile.Length, "a commitment file can be"));

    /// <summary>A values file (JSON array); at most <see cref="FileLimits.MaxFileSize"/> bytes.</summary>
    public static FileSpec Values(FileLimits limits) => new("values", [], (byte)'[', limits.For("values"));

    /// <summary>
    /// Any Gkr file or a JSON circuit (<c>gkr inspect</c>): statements and all-public proofs limited by
    /// <paramref name="circuit"/> when it is given, commitment files by their length, everything else by
    /// <see cref="FileLimits.MaxFileSize"/>.
    /// </summary>
    public static FileSpec Any(FileLimits limits, LayeredCircuit? circuit) => new("Gkr", Enum.GetValues<EncodingKind>(), (byte)'{', limits.For("Gkr"), kind => kind switch
    {
        EncodingKind.BasefoldCommitment => Commitment.Limit,
        EncodingKind.GkrStatement when circuit is not null => Statement(circuit).Limit,
        EncodingKind.Gkr when circuit is not null => new FileLimit("proof", GkrProofEncoding.MaxLength(circuit), "its circuit allows"),
        _ => limits.For(kind is { } k ? Name(k) : "JSON circuit"),
    });

    /// <summary>
    /// Checks the first bytes of the file (<paramref name="head"/>: <see cref="GkrFormat.HeaderLength"/> bytes, fewer
    /// only when the file is shorter) and returns the limit for what they announce.
    /// </summary>
    /// <exception cref="FormatException">The file is not of a kind this option takes; the message says what it is.</exception>
    public FileLimit Accept(ReadOnlySpan<byte> head)
    {
        if (OtherMagic is { } magic)
        {
            return head.StartsWith(magic) ? Limit : throw new FormatException($"not a {Kind} file: expected the magic \"{System.Text.Encoding.ASCII.GetString(magic)}\", found {Describe(head)}.");
        }

        if (head.StartsWith(GkrFormat.Magic))
        {
            EncodingKind kind = GkrKind(head);
            return LimitOfKind?.Invoke(kind) ?? Limit;
        }

        if (JsonOpener is { } opener && FirstJsonByte(head) is var first && (first is null || first == opener))
        {
            // An empty or all-blank head is left to the parser, which says what is missing.
            return LimitOfKind?.Invoke(null) ?? Limit;
        }

        throw NotThisKind(head);
    }

    /// <summary>The kind a Gkr header announces, if this option takes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private EncodingKind GkrKind(ReadOnlySpan<byte> head)
    {
        if (head.Length >= GkrFormat.HeaderLength && BinaryPrimitives.ReadUInt16LittleEndian(head[4..]) == GkrFormat.Version)
        {
            foreach (EncodingKind accepted in GkrKinds)
            {
                if (head[6] == (byte)accepted)
                {
                    return accepted;
                }
            }
        }

        throw WrongHeader(head);
    }

    // The messages live in methods of their own, compiled only when a file is refused: the CLI runs without
    // tiered compilation, and an honest run should not compile them.

    private FormatException NotThisKind(ReadOnlySpan<byte> head)
    {
        string expected = GkrKinds.Length == 0 ? $"a JSON {(JsonOpener == '[' ? "array" : "object")}"
            : JsonOpener is null ? $"the {GkrFormat.HeaderLength}-byte Gkr header (\"GKRP\", version {GkrFormat.Version}, kind {string.Join(" or ", GkrKinds.Select(Name))})"
            : "a binary Gkr file or JSON text";
        return new FormatException($"not a {Kind} file: expected {expected}, found {Describe(head)}.");
    }

    private FormatException WrongHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < GkrFormat.HeaderLength)
        {
            return new FormatException($"not a {Kind} file: {head.Length} bytes, shorter than the {GkrFormat.HeaderLength}-byte Gkr header.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
        var kind = (EncodingKind)head[6];
        return new FormatException(
            version != GkrFormat.Version ? $"a Gkr file of format version {version}; this gkr reads version {GkrFormat.Version}."
            : Enum.IsDefined(kind) ? $"a {Name(kind)} file, not a {Kind} file."
            : $"a Gkr file of unknown kind 0x{head[6]:x2}, not a {Kind} file.");
    }

    /// <summary>A kind's name in messages (the enum name for kinds no option takes on its own).</summary>
    private static string Name(EncodingKind kind) => kind switch
    {
        EncodingKind.Gkr => "GKR proof",
        EncodingKind.GkrCommitted => "GKR proof (committed inputs)",
        EncodingKind.Circuit => "binary circuit",
        EncodingKind.GkrStatement => "statement",
        EncodingKind.BasefoldCommitment => "commitment",
        _ => kind.ToString(),
    };

    /// <summary>The first byte after a UTF-8 byte-order mark and JSON whitespace, if the head has one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static byte? FirstJsonByte(ReadOnlySpan<byte> head)
    {
        foreach (byte b in head.StartsWith("\uFEFF"u8) ? head[3..] : head)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return b;
            }
        }

        return null;
    }

    private static string Describe(ReadOnlySpan<byte> head) => FirstJsonByte(head) switch
    {
        null when head.IsEmpty => "an empty file",
        (byte)'[' => "a JSON array",
        (byte)'{' => "a JSON object",
        _ => $"bytes 0x{Convert.ToHexStringLower(head)}",
    };
}
