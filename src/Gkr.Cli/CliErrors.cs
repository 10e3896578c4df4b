using System.CommandLine;

namespace Gkr.Cli;

/// <summary>Exit codes and the one-line error policy of the <c>gkr</c> tool.</summary>
internal static class CliErrors
{
    /// <summary>Success (and, for <c>verify</c>, an accepted proof).</summary>
    public const int Ok = 0;

    /// <summary>A failed self-check or a rejected proof.</summary>
    public const int Rejected = 1;

    /// <summary>Bad arguments or malformed input files.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// Parses and runs; any exception escaping a command becomes one line on stderr and a non-zero
    /// exit, never a stack trace (set GKR_DEBUG=1 to see the trace).
    /// </summary>
    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            ParseResult parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
            {
                // Bad arguments: the reasons and a pointer to help, exit 2 (not the parser's default 1,
                // which here means "rejected").
                foreach (var error in parsed.Errors)
                {
                    Console.Error.WriteLine($"gkr: error: {error.Message}");
                }

                Console.Error.WriteLine("Run 'gkr --help' (or 'gkr COMMAND --help') for usage.");
                return BadInput;
            }

            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("GKR_DEBUG") != "1")
        {
            Console.Error.WriteLine($"gkr: error: {ex.Message.ReplaceLineEndings(" ")}");
            return ex is ArgumentException or FormatException or IOException ? BadInput : Rejected;
        }
    }
}
