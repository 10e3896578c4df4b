using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Gkr.NeuralLayers.Model;

/// <summary>
/// Reads a <see cref="ModelFile"/> encoding: every failure is a <see cref="MalformedModelException"/> naming the
/// field and its byte offset; every length is checked against the remaining bytes before anything is allocated.
/// </summary>
internal ref struct ModelReader(ReadOnlySpan<byte> bytes, string document = "Model file")
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;

    /// <summary>The offset of the next byte.</summary>
    public int Offset { get; private set; }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _bytes.Length - Offset;

    /// <summary>A u8.</summary>
    public byte UInt8(string what) => Take(1, what)[0];

    /// <summary>A u16.</summary>
    public ushort UInt16(string what) => BinaryPrimitives.ReadUInt16LittleEndian(Take(2, what));

    /// <summary>A u64.</summary>
    public ulong UInt64(string what) => BinaryPrimitives.ReadUInt64LittleEndian(Take(8, what));

    /// <summary>An i32.</summary>
    public int Int32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    /// <summary>A u32 in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int UInt32(string what, int min, int max)
    {
        int at = Offset;
        uint value = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, what));
        return value >= (uint)min && value <= (uint)max ? (int)value
            : throw Error($"{what} at byte {at} is {value}, outside [{min}, {max}].");
    }

    /// <summary>A u8 that must be a defined value of <typeparamref name="TEnum"/>.</summary>
    public TEnum Enum<TEnum>(string what) where TEnum : struct, Enum
    {
        int at = Offset;
        byte raw = UInt8(what);
        // Safety: every enum of the format has the underlying type byte (checked by the constraint below).
        TEnum value = System.Runtime.CompilerServices.Unsafe.SizeOf<TEnum>() == 1
            ? System.Runtime.CompilerServices.Unsafe.As<byte, TEnum>(ref raw)
            : throw new InvalidOperationException($"{typeof(TEnum).Name} is not a byte enum.");
        return System.Enum.IsDefined(value) ? value : throw Error($"{what} at byte {at} is {raw}, not a defined {typeof(TEnum).Name}.");
    }

    /// <summary>A shape: u8 rank 1..<see cref="TensorShape.MaxRank"/>, then positive u32 dimensions whose product is at most <see cref="TensorShape.MaxElements"/>.</summary>
    public TensorShape Shape(string what)
    {
        int rank = UInt32Byte($"{what} rank", 1, TensorShape.MaxRank);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            dims[i] = UInt32($"{what} dimension {i}", 1, TensorShape.MaxElements);
        }

        int at = Offset;
        return Guard(() => new TensorShape(dims), $"{what} ending at byte {at}");
    }

    /// <summary><paramref name="count"/> int8 values (checked against the remaining bytes first).</summary>
    public sbyte[] SBytes(long count, string what) => MemoryMarshal.Cast<byte, sbyte>(Take(Fit(count, 1, what), what)).ToArray();

    /// <summary><paramref name="count"/> i32 values (checked against the remaining bytes first).</summary>
    public int[] Int32s(long count, string what)
    {
        ReadOnlySpan<byte> raw = Take(Fit(count, 4, what), what);
        var values = new int[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt32LittleEndian(raw[(4 * i)..]);
        }

        return values;
    }

    /// <summary>Checks that <paramref name="count"/> items of <paramref name="size"/> bytes fit in the remaining bytes.</summary>
    public readonly int Fit(long count, int size, string what) =>
        count >= 0 && count * size <= Remaining ? (int)(count * size)
            : throw Error($"{what}: {count} items of {size} bytes do not fit in the {Remaining} bytes left at byte {Offset}.");

    /// <summary>The next <paramref name="length"/> bytes.</summary>
    public ReadOnlySpan<byte> Take(int length, string what)
    {
        if (length < 0 || length > Remaining)
        {
            throw Error($"{document} truncated while reading {what} at byte {Offset} ({Remaining} bytes left, {length} needed).");
        }

        ReadOnlySpan<byte> slice = _bytes.Slice(Offset, length);
        Offset += length;
        return slice;
    }

    /// <summary>Requires that every byte was read.</summary>
    public readonly void End()
    {
        if (Remaining != 0)
        {
            throw Error($"{document}: {Remaining} trailing bytes at byte {Offset}.");
        }
    }

    /// <summary>Runs a constructor, turning its <see cref="ArgumentException"/> into a <see cref="MalformedModelException"/> about <paramref name="where"/>.</summary>
    public static T Guard<T>(Func<T> build, string where)
    {
        try
        {
            return build();
        }
        catch (ArgumentException ex)
        {
            throw new MalformedModelException($"Invalid {where}: {ex.Message}", ex);
        }
    }

    /// <summary>A <see cref="MalformedModelException"/>.</summary>
    public static MalformedModelException Error(string message) => new(message);

    private int UInt32Byte(string what, int min, int max)
    {
        int at = Offset;
        byte value = UInt8(what);
        return value >= min && value <= max ? value : throw Error($"{what} at byte {at} is {value}, outside [{min}, {max}].");
    }
}
