using System.Collections.Immutable;
using System.Text;
using Gkr.Field;
using Gkr.Protocol.Commitments;
using Gkr.Protocol.FiatShamir;

namespace Gkr.Protocol.Graph;

/// <summary>
/// What a graph-circuit proof proves: "<see cref="Circuit"/>, with the model's tables (public
/// <see cref="PublicTables"/> or committed <see cref="ModelCommitment"/>), maps <see cref="PublicInput"/> to
/// <see cref="ClaimedOutput"/>". The verifier needs this and the proof bytes, nothing else.
/// </summary>
/// <remarks>
/// Absorbed before any challenge, in this order: the protocol id, the application context (<see cref="Context"/>,
/// e.g. a neural model's digest; empty by default), the circuit digest, the model (a tag byte,
/// then the tables' digest in public mode or the commitment's layout, parameters and root), the witness
/// commitment's parameters, the public input, the claimed output (all 2^n output values, padding included).
/// </remarks>
public sealed class GraphStatement
{
    /// <summary>The transcript's protocol id.</summary>
    public const string ProtocolId = "gkr/graph-circuit";

    private byte[]? _tablesDigest;

    /// <summary>A statement with public tables (none for a circuit without tables).</summary>
    public GraphStatement(GraphCircuit circuit, IEnumerable<Goldilocks> publicInput, IEnumerable<Goldilocks> claimedOutput, IEnumerable<IEnumerable<Goldilocks>> publicTables, BasefoldParameters? witnessParameters = null, ReadOnlySpan<byte> context = default)
        : this(circuit, publicInput, claimedOutput, witnessParameters, context)
    {
        ArgumentNullException.ThrowIfNull(publicTables);
        PublicTables = [.. publicTables.Select(t => t.ToImmutableArray())];
    }

    /// <summary>A statement about a committed model.</summary>
    public GraphStatement(GraphCircuit circuit, IEnumerable<Goldilocks> publicInput, IEnumerable<Goldilocks> claimedOutput, GraphModelCommitment modelCommitment, BasefoldParameters? witnessParameters = null, ReadOnlySpan<byte> context = default)
        : this(circuit, publicInput, claimedOutput, witnessParameters, context)
    {
        ModelCommitment = modelCommitment ?? throw new ArgumentNullException(nameof(modelCommitment));
    }

    private GraphStatement(GraphCircuit circuit, IEnumerable<Goldilocks> publicInput, IEnumerable<Goldilocks> claimedOutput, BasefoldParameters? witnessParameters, ReadOnlySpan<byte> context)
    {
        if (context.Length > MaxContextLength)
        {
            throw new ArgumentException($"A statement's context is at most {MaxContextLength} bytes; got {context.Length}.", nameof(context));
        }

        ArgumentNullException.ThrowIfNull(circuit);
        ArgumentNullException.ThrowIfNull(publicInput);
        ArgumentNullException.ThrowIfNull(claimedOutput);
        Circuit = circuit;
        PublicInput = [.. publicInput];
        ClaimedOutput = [.. claimedOutput];
        WitnessParameters = witnessParameters ?? BasefoldParameters.Default;
        Context = [.. context];
    }

    /// <summary>The longest <see cref="Context"/>.</summary>
    public const int MaxContextLength = 1 << 16;

    /// <summary>The circuit.</summary>
    public GraphCircuit Circuit { get; }

    /// <summary>The public input (<see cref="GraphCircuit.InputWidth"/> values).</summary>
    public ImmutableArray<Goldilocks> PublicInput { get; }

    /// <summary>The claimed output (2^n values of the last layer).</summary>
    public ImmutableArray<Goldilocks> ClaimedOutput { get; }

    /// <summary>The tables in public mode; default (not empty) in committed mode.</summary>
    public ImmutableArray<ImmutableArray<Goldilocks>> PublicTables { get; }

    /// <summary>The model commitment in committed mode; null in public mode.</summary>
    public GraphModelCommitment? ModelCommitment { get; }

    /// <summary>
    /// Bytes the caller binds the proof to (a neural model's digest, a request id): absorbed right after the protocol
    /// id, so a proof made under one context is rejected under any other. Empty by default.
    /// </summary>
    public ImmutableArray<byte> Context { get; }

    /// <summary>The parameters of the per-proof witness commitment and its opening.</summary>
    public BasefoldParameters WitnessParameters { get; }

    /// <summary>The statement for a prover's model: public tables or its commitment.</summary>
    public static GraphStatement For(GraphCircuit circuit, IEnumerable<Goldilocks> publicInput, IEnumerable<Goldilocks> claimedOutput, GraphModel model, BasefoldParameters? witnessParameters = null, ReadOnlySpan<byte> context = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Commitment is { } commitment
            ? new GraphStatement(circuit, publicInput, claimedOutput, commitment, witnessParameters, context)
            : new GraphStatement(circuit, publicInput, claimedOutput, model.Tables.Select(t => (IEnumerable<Goldilocks>)t), witnessParameters, context);
    }

    /// <summary>The packed layout of the witness columns (null when the circuit has none).</summary>
    internal PackedLayout? WitnessLayout => Circuit.Witness.IsEmpty ? null : _witnessLayout ??= new PackedLayout([.. Circuit.Witness.Select(w => w.NumVariables)]);

    private PackedLayout? _witnessLayout;

    /// <summary>A fresh transcript with the statement absorbed.</summary>
    internal Transcript StartTranscript(TranscriptRecorder? recorder = null)
    {
        var transcript = new Transcript(ProtocolId, recorder);
        transcript.AbsorbBytes(TranscriptLabels.GraphStatement, Encoding.UTF8.GetBytes(ProtocolId));
        transcript.AbsorbBytes(TranscriptLabels.GraphContext, Context.AsSpan());
        transcript.AbsorbBytes(TranscriptLabels.GraphCircuitDigest, Circuit.Digest);
        if (ModelCommitment is { } commitment)
        {
            transcript.AbsorbBytes(TranscriptLabels.GraphModel, [1, .. commitment.Encode()]);
        }
        else
        {
            transcript.AbsorbBytes(TranscriptLabels.GraphModel, [0, .. _tablesDigest ??= GraphModel.TablesDigest(PublicTables)]);
        }

        transcript.AbsorbBytes(TranscriptLabels.GraphWitnessCommitment, ParameterBytes(WitnessParameters));
        transcript.AbsorbFields(TranscriptLabels.GraphPublicInput, PublicInput.AsSpan());
        transcript.AbsorbFields(TranscriptLabels.GraphClaimedOutput, ClaimedOutput.AsSpan());
        return transcript;
    }

    private static byte[] ParameterBytes(BasefoldParameters p)
    {
        var bytes = new byte[6 * 8];
        long[] words = [p.TargetBits, p.Queries, p.ProofOfWorkBits, (long)p.Bound, p.LogInverseRate, p.LogArity];
        for (int i = 0; i < words.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8 * i), (ulong)words[i]);
        }

        return bytes;
    }
}
