using System.Text;

namespace Gkr.Cli;

/// <summary>
/// The files the commands read and write. Every input file is read through <see cref="BoundedFileReader"/>:
/// its header checked against what the option takes (<see cref="FileSpec"/>), then at most its kind's limit.
/// A file that is missing, a directory, unreadable, unwritable, of the wrong kind, over its limit or
/// malformed (its decoder throws a typed exception, <see cref="CliErrors.IsBadInput"/> or
/// <see cref="CliErrors.IsRejection"/>) becomes a <see cref="CliInputException"/> naming the option and
/// the path, so the one-line reason says which file is wrong. Exceptions of any other type escape
/// unchanged: they are bugs, and <see cref="CliErrors.Classify"/> reports them as such.
/// </summary>
/// <remarks>
/// The proof given to <c>verify</c> is read with <see cref="ReadBytes(string, string, FileSpec)"/> and decoded by
/// the verifier: a file that is not a GKR proof at all (header) or is larger than its statement allows is bad
/// input (exit 2), while proof bytes that do not decode or verify are a rejection (exit 1).
/// </remarks>
internal static class CliFiles
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a text file (UTF-8, an optional byte-order mark) and parses it.</summary>
    public static T ReadText<T>(string option, string path, FileSpec spec, Func<string, T> parse) =>
        ReadBytes(option, path, spec, bytes => parse(Utf8(bytes)));

    /// <summary>Reads a binary file and decodes it.</summary>
    public static T ReadBytes<T>(string option, string path, FileSpec spec, Func<byte[], T> decode) =>
        Guard(option, path, () => decode(BoundedFileReader.Read(Existing(path), spec)));

    /// <summary>Reads a binary file as it is.</summary>
    public static byte[] ReadBytes(string option, string path, FileSpec spec) => ReadBytes(option, path, spec, bytes => bytes);

    /// <summary>Writes a binary file (replacing a file, never a directory).</summary>
    public static void Write(string option, string path, byte[] bytes) =>
        Guard(option, path, () => File.WriteAllBytes(NotDirectory(path), bytes));

    /// <summary>Writes a text file (replacing a file, never a directory).</summary>
    public static void Write(string option, string path, string text) =>
        Guard(option, path, () => File.WriteAllText(NotDirectory(path), text));

    /// <summary>Runs <paramref name="action"/> on the file or directory <paramref name="path"/> given to <paramref name="option"/>, naming both in any typed failure.</summary>
    public static void Guard(string option, string path, Action action) =>
        Guard(option, path, () =>
        {
            action();
            return true;
        });

    public static T Guard<T>(string option, string path, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (CliErrors.IsBadInput(ex) || CliErrors.IsRejection(ex))
        {
            throw new CliInputException($"{option} {path}: {ex.Message}", ex);
        }
    }

    private static string Utf8(byte[] bytes)
    {
        ReadOnlySpan<byte> text = bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsSpan(3) : bytes;
        try
        {
            return StrictUtf8.GetString(text);
        }
        catch (DecoderFallbackException)
        {
            throw new FormatException("is not UTF-8 text.");
        }
    }

    private static string Existing(string path) =>
        Directory.Exists(path) ? throw new IOException("is a directory, not a file.")
        : File.Exists(path) ? path
        : throw new FileNotFoundException("no such file.", path);

    private static string NotDirectory(string path) =>
        Directory.Exists(path) ? throw new IOException("is a directory; give a file name.") : path;
}
