using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Gkr.Cli;

/// <summary>
/// The limit of the file kinds whose size nothing else fixes: circuits (binary or JSON), value files, and the
/// files of kinds still to come (models, images, ONNX), also a statement or proof given to <c>gkr inspect</c>
/// without the circuit that would bound it. <see cref="DefaultMaxFileSize"/> unless the global option
/// <c>--max-file-size</c> says otherwise.
/// </summary>
/// <remarks>
/// Proofs and statements are bounded by what their statement or circuit allows and commitment files by their
/// fixed length (<see cref="FileSpec"/>); the option does not change those, since no larger file could decode.
/// </remarks>
internal sealed record FileLimits(long MaxFileSize)
{
    /// <summary>256 MiB: a binary circuit of 15 million gates (17 bytes a gate), a value file of 12 million values.</summary>
    public const long DefaultMaxFileSize = 256L << 20;

    /// <summary>The largest limit: one byte less than the longest byte array (<see cref="Array.MaxLength"/> − 1, a test checks),
    /// so the byte over the limit can still be read.</summary>
    public const long MaxReadable = 2_147_483_590;

    /// <summary>The limit of a <paramref name="kind"/> file whose size is set by <c>--max-file-size</c>.</summary>
    public FileLimit For(string kind) => new(kind, MaxFileSize, "--max-file-size allows");

    /// <summary>The global option: a byte count, optionally with a binary suffix (K, M, G; KiB, MiB, GiB).</summary>
    /// <remarks>A string option on purpose: the CLI runs without tiered compilation, and an <c>Option&lt;long&gt;</c> would compile
    /// the parser's generic code for <c>long</c> afresh on every run; string options share the code already compiled.</remarks>
    public static Option<string?> CreateOption()
    {
        var option = new Option<string?>("--max-file-size")
        {
            Description = "Largest circuit, values, model or image file read, in bytes (suffix K, M or G for KiB, MiB, GiB; default 256M, at most 2,147,483,590). Proof, statement and commitment files are bounded by their statement, circuit or format.",
            Recursive = true,
        };
        option.Validators.Add(Validate);
        return option;
    }

    private static void Validate(OptionResult result)
    {
        if (result.Tokens.Count > 0 && Parse(result.Tokens[0].Value) is null)
        {
            result.AddError($"--max-file-size must be a byte count from 1 to {MaxReadable:N0} (suffix K, M or G allowed), got '{result.Tokens[0].Value}'.");
        }
    }

    /// <summary>The limits a parsed command line asks for.</summary>
    public static FileLimits From(ParseResult parse, Option<string?> option) =>
        new(parse.GetValue(option) is { } text && Parse(text) is { } bytes ? bytes : DefaultMaxFileSize);

    /// <summary>A byte count with an optional binary suffix, or null when it is not one within 1 .. <see cref="MaxReadable"/>.</summary>
    private static long? Parse(string value)
    {
        string text = value.Trim();
        string digits = text.TrimEnd("KMGiBkmgib".ToCharArray());
        int shift = text[digits.Length..].ToUpperInvariant() switch
        {
            "" or "B" => 0,
            "K" or "KIB" => 10,
            "M" or "MIB" => 20,
            "G" or "GIB" => 30,
            _ => -1,
        };
        return shift >= 0 && long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count >= 1 && count <= MaxReadable >> shift
            ? count << shift
            : null;
    }
}
