using System.Buffers.Binary;
using Gkr.NeuralLayers.Model;
using Gkr.NeuralLayers.Onnx.Proto;
using DataType = Gkr.NeuralLayers.Onnx.Proto.TensorProto.Types.DataType;

namespace Gkr.NeuralLayers.Onnx;

/// <summary>
/// Decodes an ONNX TensorProto (float, double, float16, int8, uint8, int32, int64) from its typed field, its
/// raw_data (little endian) or its external data file. Every size is checked against the shape, and against
/// <see cref="TensorShape.MaxElements"/>, before anything is allocated.
/// </summary>
internal static class OnnxTensorDecoder
{
    public static OnnxTensor Decode(TensorProto tensor, string? externalDirectory)
    {
        string name = tensor.Name;
        int count = ElementCount(tensor);
        var type = (DataType)tensor.DataType;
        int size = type switch
        {
            DataType.Float or DataType.Int32 => 4,
            DataType.Double or DataType.Int64 => 8,
            DataType.Float16 => 2,
            DataType.Int8 or DataType.Uint8 => 1,
            _ => throw new OnnxImportException($"initializer '{name}' has data type {tensor.DataType}; supported: float, double, float16, int8, uint8, int32, int64."),
        };

        byte[]? raw = null;
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External)
        {
            raw = ReadExternal(tensor, externalDirectory, (long)count * size);
        }
        else if (!tensor.RawData.IsEmpty)
        {
            if (tensor.RawData.Length != (long)count * size)
            {
                throw new OnnxImportException($"initializer '{name}' has {tensor.RawData.Length} bytes of raw_data; its {count} {type} values need {(long)count * size}.");
            }

            raw = tensor.RawData.ToByteArray();
        }

        return raw is not null ? FromRaw(name, tensor, type, count, raw) : FromTyped(name, tensor, type, count);
    }

    private static int ElementCount(TensorProto tensor)
    {
        if (tensor.Dims.Count > 8)
        {
            throw new OnnxImportException($"initializer '{tensor.Name}' has {tensor.Dims.Count} dimensions; at most 8 are read.");
        }

        long count = 1;
        foreach (long d in tensor.Dims)
        {
            if (d < 0 || d > TensorShape.MaxElements)
            {
                throw new OnnxImportException($"initializer '{tensor.Name}' has dimension {d}.");
            }

            count *= d;
            if (count > TensorShape.MaxElements)
            {
                throw new OnnxImportException($"initializer '{tensor.Name}' has more than {TensorShape.MaxElements} elements.");
            }
        }

        return (int)count;
    }

    private static int[] Dims(TensorProto tensor) => [.. tensor.Dims.Select(static d => (int)d)];

    private static OnnxTensor FromRaw(string name, TensorProto tensor, DataType type, int count, byte[] raw)
    {
        var values = new float[count];
        long[]? ints = type is DataType.Int32 or DataType.Int64 or DataType.Int8 or DataType.Uint8 ? new long[count] : null;
        for (int i = 0; i < count; i++)
        {
            double v = type switch
            {
                DataType.Float => BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(4 * i)),
                DataType.Double => BinaryPrimitives.ReadDoubleLittleEndian(raw.AsSpan(8 * i)),
                DataType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(2 * i)),
                DataType.Int8 => (sbyte)raw[i],
                DataType.Uint8 => raw[i],
                DataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(raw.AsSpan(4 * i)),
                _ => BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8 * i)),
            };
            values[i] = (float)v;
            if (ints is not null)
            {
                ints[i] = type == DataType.Int64 ? BinaryPrimitives.ReadInt64LittleEndian(raw.AsSpan(8 * i)) : (long)v;
            }
        }

        return new OnnxTensor(name, Dims(tensor), values, ints);
    }

    private static OnnxTensor FromTyped(string name, TensorProto tensor, DataType type, int count)
    {
        int have = type switch
        {
            DataType.Float => tensor.FloatData.Count,
            DataType.Double => tensor.DoubleData.Count,
            DataType.Int64 => tensor.Int64Data.Count,
            _ => tensor.Int32Data.Count, // int32, int8, uint8 and float16 (as its 16 bits) live in int32_data
        };
        if (have != count)
        {
            throw new OnnxImportException($"initializer '{name}' holds {have} typed values; its shape [{string.Join(", ", tensor.Dims)}] needs {count}.");
        }

        var values = new float[count];
        long[]? ints = type is DataType.Int32 or DataType.Int64 or DataType.Int8 or DataType.Uint8 ? new long[count] : null;
        for (int i = 0; i < count; i++)
        {
            long integer = type == DataType.Int64 ? tensor.Int64Data[i] : type is DataType.Int32 or DataType.Int8 or DataType.Uint8 ? tensor.Int32Data[i] : 0;
            values[i] = type switch
            {
                DataType.Float => tensor.FloatData[i],
                DataType.Double => (float)tensor.DoubleData[i],
                DataType.Float16 => (float)BitConverter.UInt16BitsToHalf((ushort)tensor.Int32Data[i]),
                _ => integer,
            };
            if (ints is not null)
            {
                ints[i] = integer;
            }
        }

        return new OnnxTensor(name, Dims(tensor), values, ints);
    }

    private static byte[] ReadExternal(TensorProto tensor, string? directory, long expected)
    {
        string name = tensor.Name;
        if (directory is null)
        {
            throw new OnnxImportException($"initializer '{name}' is stored in an external file; load the model from its path (or pass the directory) to read it.");
        }

        string? location = null;
        long offset = 0;
        long length = -1;
        foreach (StringStringEntryProto entry in tensor.ExternalData)
        {
            switch (entry.Key)
            {
                case "location":
                    location = entry.Value;
                    break;
                case "offset" when !long.TryParse(entry.Value, out offset) || offset < 0:
                case "length" when !long.TryParse(entry.Value, out length) || length < 0:
                    throw new OnnxImportException($"initializer '{name}' has external {entry.Key} '{entry.Value}'; it must be a non-negative integer.");
            }
        }

        if (string.IsNullOrEmpty(location) || Path.IsPathRooted(location) || location.Contains('\0'))
        {
            throw new OnnxImportException($"initializer '{name}' has external location '{location}'; it must be a relative path inside the model's directory.");
        }

        if (length >= 0 && length != expected)
        {
            throw new OnnxImportException($"initializer '{name}' has external length {length}; its shape needs {expected} bytes.");
        }

        string root = Path.GetFullPath(directory);
        string full = Path.GetFullPath(Path.Combine(root, location));
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new OnnxImportException($"initializer '{name}' has external location '{location}', which leaves the model's directory.");
        }

        try
        {
            using var stream = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (offset > stream.Length || expected > stream.Length - offset)
            {
                throw new OnnxImportException($"initializer '{name}' reads {expected} bytes at offset {offset} of '{location}', which holds {stream.Length}.");
            }

            var data = new byte[expected];
            stream.Seek(offset, SeekOrigin.Begin);
            stream.ReadExactly(data);
            return data;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new OnnxImportException($"initializer '{name}': cannot read external file '{location}': {ex.Message.ReplaceLineEndings(" ")}", ex);
        }
    }
}
