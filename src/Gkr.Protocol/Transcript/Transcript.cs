using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Gkr.Field;

namespace Gkr.Protocol.FiatShamir;

/// <summary>
/// The Fiat–Shamir transcript: a SHA-256 hash chain that absorbs labelled prover messages and
/// squeezes verifier challenges.
/// </summary>
/// <remarks>
/// <para>State update (every length little-endian 64-bit, every label UTF-8, every field element in its
/// canonical encoding):</para>
/// <list type="bullet">
/// <item>start: <c>s = SHA256(0x00 ‖ len ‖ Domain ‖ 0^32)</c>; then the protocol id and version are absorbed;</item>
/// <item>absorb: appends the frame <c>0x01 ‖ len(label) ‖ label ‖ len(data) ‖ data</c> to the pending
/// messages (no hash yet: frames are self-delimiting, so the pending bytes encode the absorb sequence
/// injectively);</item>
/// <item>challenge: <c>s = SHA256(0x02 ‖ s ‖ pending frames ‖ 0x02 ‖ len(label) ‖ label)</c>, pending cleared;
/// then words are read from blocks <c>SHA256(0x03 ‖ s ‖ j)</c>, j = 0, 1, … (a different leading tag from
/// every state update, so outputs never collide with states).</item>
/// </list>
/// <para>After the fixed-length state, every frame starts with its tag and carries its own lengths, and
/// the challenge frame (tag 0x02) comes last: a hash input parses one way only, so two different
/// absorb/challenge sequences never hash the same bytes.</para>
/// <para>A challenge therefore costs two SHA-256 calls however many messages precede it (one more per
/// 32 bytes of words). On Linux each BCL hash call costs about a microsecond of fixed overhead, so
/// this roughly halves a sumcheck verifier's time against hashing every absorb as version 1 of the layout did.
/// Absorbs after the last challenge affect nothing, exactly as in any hash chain.</para>
/// <para>Challenges are drawn with the field's own rejection sampler (<c>IField.Sample</c>), so they are
/// uniform with no modular bias. Every challenge depends on everything absorbed before it; the
/// <see cref="TranscriptRecorder"/> hook lists the absorb/challenge sequence for inventory tests.</para>
/// <para>Not thread-safe; a transcript belongs to one prover or verifier run.</para>
/// </remarks>
public sealed class Transcript
{
    private const byte TagStart = 0x00, TagAbsorb = 0x01, TagChallenge = 0x02, TagSqueeze = 0x03;
    private const int StateSize = 32;

    private readonly TranscriptRecorder? _recorder;
    private readonly byte[] _block = new byte[StateSize];
    private byte[] _message = new byte[256]; // the next challenge's hash input: tag ‖ state ‖ pending frames
    private int _length;
    private int _blockOffset;
    private ulong _blockCounter;

    /// <summary>A transcript for <paramref name="protocolId"/> (e.g. "gkr/layered-circuit").</summary>
    /// <param name="protocolId">Application protocol id; different ids give independent challenge streams.</param>
    /// <param name="recorder">Optional hook that records every absorb and challenge in order.</param>
    public Transcript(string protocolId, TranscriptRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(protocolId);
        Append(TagStart);
        AppendString(TranscriptLabels.Domain);
        Reserve(StateSize).Clear();
        Ratchet();
        _recorder = recorder;
        AbsorbBytes(TranscriptLabels.ProtocolId, Encoding.UTF8.GetBytes(protocolId));
        AbsorbUInt64(TranscriptLabels.Version, TranscriptLabels.ProtocolVersion);
    }

    /// <summary>Absorbs raw bytes under <paramref name="label"/>.</summary>
    public void AbsorbBytes(string label, ReadOnlySpan<byte> data) => data.CopyTo(BeginFrame(label, data.Length));

    /// <summary>Absorbs a 64-bit unsigned integer (8 bytes little-endian).</summary>
    public void AbsorbUInt64(string label, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        AbsorbBytes(label, bytes);
    }

    /// <summary>Absorbs the canonical encoding of one field element.</summary>
    public void AbsorbField<T>(string label, T value) where T : unmanaged, IField<T> => AbsorbFields(label, [value]);

    /// <summary>Absorbs the canonical encodings of <paramref name="values"/>, concatenated, as one message.</summary>
    public void AbsorbFields<T>(string label, ReadOnlySpan<T> values) where T : unmanaged, IField<T>
    {
        int size = T.EncodedLength;
        Span<byte> bytes = BeginFrame(label, checked(size * values.Length));
        for (int i = 0; i < values.Length; i++)
        {
            values[i].Encode(bytes.Slice(i * size, size));
        }
    }

    /// <summary>Squeezes one uniformly distributed challenge of field <typeparamref name="T"/>.</summary>
    public T ChallengeField<T>(string label) where T : unmanaged, IField<T>
    {
        BeginChallenge(label, 1);
        var source = new SqueezeSource(this);
        return T.Sample(ref source);
    }

    /// <summary>Squeezes <paramref name="count"/> independent uniform challenges under one label.</summary>
    public T[] ChallengeFields<T>(string label, int count) where T : unmanaged, IField<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        BeginChallenge(label, count);
        var source = new SqueezeSource(this);
        var values = new T[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = T.Sample(ref source);
        }

        return values;
    }

    private void BeginChallenge(string label, int count)
    {
        ArgumentNullException.ThrowIfNull(label);
        _recorder?.Add(new TranscriptEvent(TranscriptOperation.Challenge, label, count));
        Append(TagChallenge);
        AppendString(label);
        Ratchet();
        _blockCounter = 0;
        _blockOffset = _block.Length;
    }

    /// <summary>Appends the frame header <c>0x01 ‖ len(label) ‖ label ‖ len(data)</c> and returns the <paramref name="length"/> bytes for the data.</summary>
    private Span<byte> BeginFrame(string label, int length)
    {
        ArgumentNullException.ThrowIfNull(label);
        _recorder?.Add(new TranscriptEvent(TranscriptOperation.Absorb, label, length));
        Append(TagAbsorb);
        AppendString(label);
        AppendLength(length);
        return Reserve(length);
    }

    /// <summary>Hashes the pending message into the new state s and restarts it as <c>0x02 ‖ s</c>, the prefix of the next challenge's hash input.</summary>
    private void Ratchet()
    {
        Span<byte> state = stackalloc byte[StateSize];
        SHA256.HashData(_message.AsSpan(0, _length), state);
        _length = 0;
        Append(TagChallenge);
        Append(state);
    }

    private ulong NextWord()
    {
        if (_blockOffset == _block.Length)
        {
            // 0x03 ‖ s ‖ j, with s the current state (bytes 1..32 of the pending message).
            Span<byte> input = stackalloc byte[1 + StateSize + 8];
            input[0] = TagSqueeze;
            _message.AsSpan(1, StateSize).CopyTo(input[1..]);
            BinaryPrimitives.WriteInt64LittleEndian(input[(1 + StateSize)..], (long)_blockCounter++);
            SHA256.HashData(input, _block);
            _blockOffset = 0;
        }

        ulong word = BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(_blockOffset, 8));
        _blockOffset += 8;
        return word;
    }

    private void AppendString(string text)
    {
        int count = Encoding.UTF8.GetByteCount(text);
        AppendLength(count);
        Encoding.UTF8.GetBytes(text, Reserve(count));
    }

    private void AppendLength(long length) => BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), length);

    private void Append(byte value) => Reserve(1)[0] = value;

    private void Append(ReadOnlySpan<byte> data) => data.CopyTo(Reserve(data.Length));

    /// <summary>The next <paramref name="count"/> bytes of the pending message, growing it as needed.</summary>
    private Span<byte> Reserve(int count)
    {
        int end = checked(_length + count);
        if (end > _message.Length)
        {
            Array.Resize(ref _message, Math.Max(end, 2 * _message.Length));
        }

        Span<byte> span = _message.AsSpan(_length, count);
        _length = end;
        return span;
    }

    /// <summary>Reads uniform words from the squeeze blocks of the current challenge.</summary>
    private readonly struct SqueezeSource(Transcript owner) : IUniformSource
    {
        public ulong NextUInt64() => owner.NextWord();
    }
}

/// <summary>Kind of a transcript operation.</summary>
public enum TranscriptOperation
{
    /// <summary>A prover message or statement value was hashed in.</summary>
    Absorb,

    /// <summary>A verifier challenge was squeezed out.</summary>
    Challenge,
}

/// <summary>One transcript operation: for an absorb, <paramref name="Size"/> is the byte length; for a challenge, the number of elements.</summary>
public readonly record struct TranscriptEvent(TranscriptOperation Operation, string Label, int Size);

/// <summary>Records every transcript operation in order (for inventory tests and debugging).</summary>
public sealed class TranscriptRecorder
{
    private readonly List<TranscriptEvent> _events = [];

    /// <summary>The operations so far, in order.</summary>
    public IReadOnlyList<TranscriptEvent> Events => _events;

    internal void Add(TranscriptEvent transcriptEvent) => _events.Add(transcriptEvent);
}
