using System.Buffers.Binary;

namespace Gkr.NeuralLayers.Model;

/// <summary>Writes the little-endian fixed-width integers of a <see cref="ModelFile"/> encoding.</summary>
internal sealed class ModelWriter
{
    private byte[] _buffer = new byte[256];

    /// <summary>Bytes written so far.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, Length).ToArray();

    /// <summary>A u8.</summary>
    public void UInt8(byte value) => Reserve(1)[0] = value;

    /// <summary>A u16.</summary>
    public void UInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Reserve(2), value);

    /// <summary>A u32 (a non-negative int).</summary>
    public void UInt32(int value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), checked((uint)value));

    /// <summary>A u64.</summary>
    public void UInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Reserve(8), value);

    /// <summary>An i32.</summary>
    public void Int32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    /// <summary>Raw bytes.</summary>
    public void Bytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>int8 values, one byte each (two's complement).</summary>
    public void SBytes(ReadOnlySpan<sbyte> values) => Bytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));

    /// <summary>i32 values.</summary>
    public void Int32s(ReadOnlySpan<int> values)
    {
        foreach (int v in values)
        {
            Int32(v);
        }
    }

    /// <summary>A shape: u8 rank, then each dimension as u32.</summary>
    public void Shape(TensorShape shape)
    {
        UInt8((byte)shape.Rank);
        foreach (int d in shape.Dims)
        {
            UInt32(d);
        }
    }

    private Span<byte> Reserve(int length)
    {
        if (Length + length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, Length + length));
        }

        Span<byte> span = _buffer.AsSpan(Length, length);
        Length += length;
        return span;
    }
}
