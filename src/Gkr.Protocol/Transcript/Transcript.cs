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
/// <para>State update (every length little-endian, every label UTF-8, every field element in its canonical
/// encoding):</para>
/// <list type="bullet">
/// <item>start: <c>s = SHA256(0x00 ‖ Domain ‖ len ‖ protocolId)</c>, then the protocol id and version are absorbed;</item>
/// <item>absorb: <c>s = SHA256(0x01 ‖ s ‖ len(label) ‖ label ‖ len(data) ‖ data)</c>;</item>
/// <item>challenge: <c>s = SHA256(0x02 ‖ s ‖ len(label) ‖ label)</c>, then words are read from blocks
/// <c>SHA256(0x03 ‖ s ‖ j)</c>, j = 0, 1, … (a different tag from every state update, so outputs never
/// collide with later states).</item>
/// </list>
/// <para>Challenges are drawn with the field's own rejection sampler (<c>IField.Sample</c>), so they are
/// uniform with no modular bias. Every challenge depends on everything absorbed before it; the
/// <see cref="TranscriptRecorder"/> hook lists the absorb/challenge sequence for inventory tests.</para>
/// <para>Not thread-safe; a transcript belongs to one prover or verifier run.</para>
/// </remarks>
public sealed class Transcript
{
    private const byte TagStart = 0x00, TagAbsorb = 0x01, TagChallenge = 0x02, TagSqueeze = 0x03;

    private readonly MessageBuffer _hash = new();
    private readonly TranscriptRecorder? _recorder;
    private readonly byte[] _state = new byte[32];
    private readonly byte[] _block = new byte[32];
    private int _blockOffset;
    private ulong _blockCounter;

    /// <summary>A transcript for <paramref name="protocolId"/> (e.g. "gkr/layered-circuit").</summary>
    /// <param name="protocolId">Application protocol id; different ids give independent challenge streams.</param>
    /// <param name="recorder">Optional hook that records every absorb and challenge in order.</param>
    public Transcript(string protocolId, TranscriptRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(protocolId);
        _hash.AppendData([TagStart]);
        AppendString(TranscriptLabels.Domain);
        _hash.AppendData(_state);
        Ratchet();
        _recorder = recorder;
        AbsorbBytes(TranscriptLabels.ProtocolId, Encoding.UTF8.GetBytes(protocolId));
        AbsorbUInt64(TranscriptLabels.Version, TranscriptLabels.ProtocolVersion);
    }

    /// <summary>Absorbs raw bytes under <paramref name="label"/>.</summary>
    public void AbsorbBytes(string label, ReadOnlySpan<byte> data)
    {
        _recorder?.Add(new TranscriptEvent(TranscriptOperation.Absorb, label, data.Length));
        _hash.AppendData([TagAbsorb]);
        _hash.AppendData(_state);
        AppendString(label);
        AppendLength(data.Length);
        _hash.AppendData(data);
        Ratchet();
    }

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
        int total = checked(size * values.Length);
        byte[]? rented = total > 512 ? new byte[total] : null;
        Span<byte> bytes = rented ?? stackalloc byte[512];
        bytes = bytes[..total];
        for (int i = 0; i < values.Length; i++)
        {
            values[i].Encode(bytes.Slice(i * size, size));
        }

        AbsorbBytes(label, bytes);
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
        _recorder?.Add(new TranscriptEvent(TranscriptOperation.Challenge, label, count));
        _hash.AppendData([TagChallenge]);
        _hash.AppendData(_state);
        AppendString(label);
        Ratchet();
        _blockCounter = 0;
        _blockOffset = _block.Length;
    }

    private ulong NextWord()
    {
        if (_blockOffset == _block.Length)
        {
            _hash.AppendData([TagSqueeze]);
            _hash.AppendData(_state);
            AppendLength((long)_blockCounter++);
            _hash.GetHashAndReset(_block);
            _blockOffset = 0;
        }

        ulong word = BinaryPrimitives.ReadUInt64LittleEndian(_block.AsSpan(_blockOffset, 8));
        _blockOffset += 8;
        return word;
    }

    private void Ratchet() => _hash.GetHashAndReset(_state);

    private void AppendString(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        AppendLength(bytes.Length);
        _hash.AppendData(bytes);
    }

    private void AppendLength(long length)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, length);
        _hash.AppendData(bytes);
    }

    /// <summary>
    /// Collects one hash input and hashes it in one call (faster than incremental hashing for the short
    /// messages of a transcript; the digest of the concatenation is the same).
    /// </summary>
    private sealed class MessageBuffer
    {
        private byte[] _bytes = new byte[256];
        private int _length;

        public void AppendData(ReadOnlySpan<byte> data)
        {
            if (_length + data.Length > _bytes.Length)
            {
                Array.Resize(ref _bytes, Math.Max(2 * _bytes.Length, _length + data.Length));
            }

            data.CopyTo(_bytes.AsSpan(_length));
            _length += data.Length;
        }

        public void GetHashAndReset(Span<byte> digest)
        {
            SHA256.HashData(_bytes.AsSpan(0, _length), digest);
            _length = 0;
        }
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
