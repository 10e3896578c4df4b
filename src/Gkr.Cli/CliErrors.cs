using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;
using Gkr.Protocol;

namespace Gkr.Cli;

/// <summary>Exit codes and the one-line error policy of the <c>gkr</c> tool.</summary>
/// <remarks>
/// Every failure prints exactly one line, <c>gkr: error: REASON</c>, on stderr and never a stack trace
/// (set GKR_DEBUG=1 to let the exception escape with its trace). <see cref="Classify"/> is the one place
/// that maps exception types to exit codes.
/// </remarks>
internal static class CliErrors
{
    /// <summary>Success (and, for <c>verify</c>, an accepted proof).</summary>
    public const int Ok = 0;

    /// <summary>A failed self-check or a rejected proof (including proof bytes that do not decode).</summary>
    public const int Rejected = 1;

    /// <summary>Bad arguments, or input files that are missing, unreadable or malformed.</summary>
    public const int BadInput = 2;

    /// <summary>The prefix of every error line.</summary>
    public const string Prefix = "gkr: error: ";

    /// <summary>The longest reason printed; longer ones (a message quoting a huge input) are cut with "…".</summary>
    private const int MaxReasonLength = 400;

    /// <summary>Parses and runs; bad arguments and any exception escaping a command become one line on stderr and a non-zero exit.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
            {
                // Bad arguments: every reason on one line and a pointer to help, exit 2 (not the parser's
                // default 1, which here means "rejected").
                return Fail(BadInput, $"{string.Join(' ', parsed.Errors.Select(e => e.Message))} Run '{CommandPath(parsed)} --help' for usage.");
            }

            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("GKR_DEBUG") != "1")
        {
            (int exit, string reason) = Classify(ex);
            return Fail(exit, reason);
        }
    }

    /// <summary>
    /// The exit code and reason for an exception escaping a command. A verifier's rejection is
    /// <see cref="Rejected"/>; bad arguments and unreadable or malformed input files (<see cref="IsBadInput"/>)
    /// are <see cref="BadInput"/>; anything else is a bug, reported as an internal error with exit
    /// <see cref="Rejected"/> (never 0, so a crashing verifier never reads as an acceptance).
    /// </summary>
    public static (int Exit, string Reason) Classify(Exception ex) => ex switch
    {
        AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException { InnerException: not null } => Classify(ex.InnerException!),
        CliInputException => (BadInput, ex.Message),
        _ when IsRejection(ex) => (Rejected, ex.Message),
        _ when IsBadInput(ex) => (BadInput, ex.Message),
        _ => (Rejected, $"internal error ({ex.GetType().Name}): {ex.Message} (a bug in gkr; GKR_DEBUG=1 shows the stack trace)"),
    };

    /// <summary>A verifier rejected a proof (its bytes or its content).</summary>
    public static bool IsRejection(Exception ex) => ex is ProofRejectedException;

    /// <summary>Bad arguments, a file that cannot be read or written, or a decoder's typed rejection of malformed content.</summary>
    public static bool IsBadInput(Exception ex) => ex is ArgumentException or FormatException or IOException or UnauthorizedAccessException;

    /// <summary>The reason as one printable line: line breaks and control characters become spaces, overlong reasons are cut.</summary>
    public static string OneLine(string reason)
    {
        string line = string.Concat(reason.Select(c => char.IsControl(c) || c is '\u2028' or '\u2029' ? ' ' : c)).Trim();
        return line.Length <= MaxReasonLength ? line : string.Concat(line.AsSpan(0, MaxReasonLength), "…");
    }

    private static int Fail(int exit, string reason)
    {
        Console.Error.WriteLine(Prefix + OneLine(reason));
        return exit;
    }

    /// <summary>"gkr" and the subcommands the parser reached, e.g. "gkr bench field".</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (SymbolResult? result = parsed.CommandResult; result?.Parent is not null; result = result.Parent)
        {
            if (result is CommandResult command)
            {
                names.Push(command.Command.Name);
            }
        }

        return string.Join(' ', ["gkr", .. names]);
    }
}

/// <summary>An input or output file of a command could not be used; the message names the option and the path.</summary>
internal sealed class CliInputException(string message, Exception? inner = null) : Exception(message, inner);
