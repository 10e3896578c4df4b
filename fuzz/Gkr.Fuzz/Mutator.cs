using System.Buffers.Binary;
using Gkr.Field;

namespace Gkr.Fuzz;

/// <summary>
/// A seeded, havoc-style byte mutator: stacks 1..16 of bit flips, interesting bytes / u32 counts / u64 field
/// values (0, 1, p − 1, p, p + 1, 2^64 − 1, 0xFFFFFFFF, …), small arithmetic, inserted, deleted, duplicated and
/// copied ranges, truncation, appended bytes, splicing with another corpus entry and dictionary tokens.
/// Deterministic in its seed.
/// </summary>
public sealed class Mutator(int seed, IReadOnlyList<byte[]> dictionary, int maxLength)
{
    private const ulong P = Goldilocks.Modulus;

    private static readonly byte[] InterestingBytes = [0, 1, 2, 7, 8, 16, 0x10, 0x11, 0x20, 0x21, 0x22, 0x7F, 0x80, 0xFE, 0xFF];

    private static readonly uint[] InterestingCounts =
        [0, 1, 2, 3, 4, 5, 8, 16, 31, 32, 33, 64, 255, 256, 1024, 4096, 65535, 65536, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0xFFFF_FFFF, 0x1000_0000, 0x4000_0000];

    private static readonly ulong[] InterestingWords =
        [0, 1, 2, P - 1, P, P + 1, P + 2, ulong.MaxValue, ulong.MaxValue - 1, 1UL << 63, 1UL << 32, (1UL << 32) - 1, (1UL << 32) + 1, 0xFFFF_FFFF_0000_0000, long.MaxValue];

    private readonly Random _random = new(seed);

    /// <summary>A mutant of <paramref name="input"/>; <paramref name="corpus"/> supplies splicing partners.</summary>
    public byte[] Mutate(byte[] input, IReadOnlyList<byte[]> corpus)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(corpus);
        var data = new List<byte>(input);
        int stack = 1 << _random.Next(5);
        for (int i = 0; i < stack; i++)
        {
            MutateOnce(data, corpus);
        }

        if (data.Count > maxLength)
        {
            data.RemoveRange(maxLength, data.Count - maxLength);
        }

        return [.. data];
    }

    private void MutateOnce(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        switch (_random.Next(dictionary.Count > 0 ? 15 : 13))
        {
            case 0: FlipBit(data); break;
            case 1: SetByte(data, _random.Next(4) == 0 ? (byte)_random.Next(256) : Pick(InterestingBytes)); break;
            case 2: AddToByte(data); break;
            case 3: Overwrite(data, Count(data), 4); break;
            case 4: Overwrite(data, Word(), 8); break;
            case 5: Insert(data, RandomBytes(_random.Next(1, 17))); break;
            case 6: Delete(data); break;
            case 7: Duplicate(data); break;
            case 8: Truncate(data); break;
            case 9: Append(data); break;
            case 10: Splice(data, corpus); break;
            case 11: CopyWithin(data); break;
            case 12: Overwrite(data, Word(), 16, extension: true); break;
            case 13: Insert(data, Pick(dictionary)); break;
            default: OverwriteToken(data, Pick(dictionary)); break;
        }
    }

    private T Pick<T>(IReadOnlyList<T> values) => values[_random.Next(values.Count)];

    private int Position(List<byte> data, int width = 1) => data.Count < width ? 0 : _random.Next(data.Count - width + 1);

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }

    private void FlipBit(List<byte> data)
    {
        if (data.Count > 0)
        {
            int i = Position(data);
            data[i] ^= (byte)(1 << _random.Next(8));
        }
    }

    private void SetByte(List<byte> data, byte value)
    {
        if (data.Count > 0)
        {
            data[Position(data)] = value;
        }
    }

    private void AddToByte(List<byte> data)
    {
        if (data.Count > 0)
        {
            int i = Position(data);
            data[i] = (byte)(data[i] + (_random.Next(2) == 0 ? 1 : -1) * _random.Next(1, 36));
        }
    }

    /// <summary>A u32: an interesting count, or the little-endian u32 already somewhere in the data ± a little.</summary>
    private ulong Count(List<byte> data)
    {
        if (_random.Next(3) > 0 || data.Count < 4)
        {
            return Pick(InterestingCounts);
        }

        int i = Position(data, 4);
        uint current = (uint)(data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
        return unchecked(current + (uint)_random.Next(-4, 5));
    }

    private ulong Word() => _random.Next(4) == 0 ? (ulong)_random.NextInt64() * 3 : Pick(InterestingWords);

    /// <summary>Writes <paramref name="value"/> little-endian over <paramref name="width"/> bytes (an extension element: two words).</summary>
    private void Overwrite(List<byte> data, ulong value, int width, bool extension = false)
    {
        if (data.Count < width)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes[8..], extension ? Word() : 0);
        int at = Position(data, width);
        if (_random.Next(2) == 0)
        {
            at -= at % width; // aligned to the element size, where counts and elements usually sit
        }

        for (int k = 0; k < width; k++)
        {
            data[at + k] = bytes[k];
        }
    }

    private void Insert(List<byte> data, byte[] bytes) => data.InsertRange(Position(data, 0), bytes);

    private (int Start, int Length) Range(List<byte> data)
    {
        int start = Position(data);
        int length = _random.Next(1, Math.Max(2, Math.Min(data.Count - start, _random.Next(4) == 0 ? 4096 : 64) + 1));
        return (start, Math.Min(length, data.Count - start));
    }

    private void Delete(List<byte> data)
    {
        if (data.Count > 0)
        {
            (int start, int length) = Range(data);
            data.RemoveRange(start, length);
        }
    }

    private void Duplicate(List<byte> data)
    {
        if (data.Count > 0)
        {
            (int start, int length) = Range(data);
            data.InsertRange(Position(data, 0), data.GetRange(start, length));
        }
    }

    private void CopyWithin(List<byte> data)
    {
        if (data.Count > 1)
        {
            (int start, int length) = Range(data);
            byte[] chunk = [.. data.GetRange(start, length)];
            int to = _random.Next(data.Count - length + 1);
            for (int k = 0; k < length; k++)
            {
                data[to + k] = chunk[k];
            }
        }
    }

    private void Truncate(List<byte> data)
    {
        if (data.Count > 0)
        {
            int keep = _random.Next(2) == 0 ? data.Count - _random.Next(1, Math.Min(data.Count, 32) + 1) : _random.Next(data.Count);
            data.RemoveRange(keep, data.Count - keep);
        }
    }

    private void Append(List<byte> data)
    {
        Span<byte> word = stackalloc byte[8];
        switch (_random.Next(3))
        {
            case 0: data.AddRange(RandomBytes(_random.Next(1, 33))); break;
            case 1: BinaryPrimitives.WriteUInt32LittleEndian(word, (uint)Count(data)); data.AddRange(word[..4]); break;
            default: BinaryPrimitives.WriteUInt64LittleEndian(word, Word()); data.AddRange(word); break;
        }
    }

    /// <summary>This input's prefix and another's suffix, cut at the same offset half the time (keeps the layout aligned).</summary>
    private void Splice(List<byte> data, IReadOnlyList<byte[]> corpus)
    {
        if (corpus.Count == 0)
        {
            return;
        }

        byte[] other = Pick(corpus);
        int cut = Position(data, 0);
        int from = _random.Next(2) == 0 ? Math.Min(cut, other.Length) : _random.Next(other.Length + 1);
        data.RemoveRange(cut, data.Count - cut);
        data.AddRange(other.AsSpan(from).ToArray());
    }

    private void OverwriteToken(List<byte> data, byte[] token)
    {
        if (data.Count >= token.Length)
        {
            int at = Position(data, token.Length);
            for (int k = 0; k < token.Length; k++)
            {
                data[at + k] = token[k];
            }
        }
    }
}
