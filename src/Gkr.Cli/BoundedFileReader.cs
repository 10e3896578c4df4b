using Gkr.Protocol.Serialization;

namespace Gkr.Cli;

/// <summary>
/// The one way the CLI reads an input file: the header first, checked against what the option takes
/// (<see cref="FileSpec.Accept"/>), then at most the limit of the kind it announces, so a huge, growing or
/// endless file (a device, a pipe) costs at most the limit in memory and time, never its own size.
/// </summary>
/// <remarks>
/// <para>A regular file longer than the limit is refused by its length before its body is read. Every file,
/// regular or not, is then read to at most limit + 1 bytes, in chunks that double from 64 KiB as data
/// arrives and are joined once at the end (a regular file's first chunk is its length, so an honest file
/// is read once into an array of its size, with no copy): the one byte over the limit is how an
/// unseekable file is found too large without reading on. Memory: the file's size (twice it, while
/// joining, for a pipe), and never more than limit + 1 bytes of a file over the limit.</para>
/// <para>Failures are <see cref="FormatException"/> (not the kind the option takes) and
/// <see cref="FileTooLargeException"/>; <see cref="CliFiles"/> adds the option and the path.</para>
/// </remarks>
internal static class BoundedFileReader
{
    private const int FirstChunk = 64 * 1024;

    /// <summary>Reads the file at <paramref name="path"/> if it is of a kind <paramref name="spec"/> takes and within that kind's limit.</summary>
    /// <exception cref="FormatException">Its header is not one of the kinds <paramref name="spec"/> takes.</exception>
    /// <exception cref="FileTooLargeException">It is larger than the limit of its kind.</exception>
    /// <exception cref="IOException">It cannot be read.</exception>
    public static byte[] Read(string path, FileSpec spec)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        Span<byte> head = stackalloc byte[GkrFormat.HeaderLength];
        head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
        FileLimit limit = spec.Accept(head);
        if (limit.Bytes > FileLimits.MaxReadable)
        {
            limit = limit with { Bytes = FileLimits.MaxReadable, Reason = "gkr reads into memory" };
        }

        // A device or a file in /proc may report length 0 (or any length) and still have data: the length only
        // refuses early and sizes the first buffer; the reads stop at the limit whatever it said.
        long length = stream.CanSeek ? stream.Length : -1;
        if (length > limit.Bytes)
        {
            throw new FileTooLargeException(limit);
        }

        byte[] first = new byte[length > head.Length ? length : Math.Min(FirstChunk, limit.Bytes + 1)];
        head.CopyTo(first);
        int filled = head.Length + stream.ReadAtLeast(first.AsSpan(head.Length), first.Length - head.Length, throwOnEndOfStream: false);
        if (filled < first.Length)
        {
            return first[..filled];
        }

        // A full buffer of the stated length: one more byte tells whether the file ended there (the honest case).
        int next = filled == length ? stream.ReadByte() : -1;
        return filled == length && next < 0 ? first : ReadOn(stream, first, next, limit);
    }

    /// <summary>The rest of a file longer than its first buffer (a pipe, a device, a file that grew), after <paramref name="first"/> and
    /// <paramref name="next"/> (a byte already read after it, or −1): chunks that double, joined at the end.</summary>
    private static byte[] ReadOn(FileStream stream, byte[] first, int next, FileLimit limit)
    {
        // Chunks, not one array resized: nothing read is copied before the end, and a file over the limit is
        // refused holding at most limit + 1 bytes.
        var chunks = new List<byte[]> { first };
        long total = first.Length;
        while (true)
        {
            if (total > limit.Bytes)
            {
                throw new FileTooLargeException(limit);
            }

            var chunk = new byte[Math.Min(Math.Max(2L * chunks[^1].Length, FirstChunk), limit.Bytes + 1 - total)];
            int filled = 0;
            if (next >= 0)
            {
                chunk[filled++] = (byte)next;
                next = -1;
            }

            filled += stream.ReadAtLeast(chunk.AsSpan(filled), chunk.Length - filled, throwOnEndOfStream: false);
            total += filled;
            if (filled < chunk.Length)
            {
                chunks.Add(chunk[..filled]);
                break;
            }

            chunks.Add(chunk);
        }

        var bytes = new byte[total];
        int at = 0;
        foreach (byte[] chunk in chunks)
        {
            chunk.CopyTo(bytes, at);
            at += chunk.Length;
        }

        return bytes;
    }
}

/// <summary>A file is larger than its kind allows; the message names the kind and the limit (the caller adds option and path).</summary>
internal sealed class FileTooLargeException(FileLimit limit)
    : IOException($"{limit.Kind} file is larger than {limit.Reason} (limit {limit.Bytes:N0} bytes).")
{
    /// <summary>The limit that was exceeded.</summary>
    public FileLimit Limit { get; } = limit;
}
