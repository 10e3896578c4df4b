using Gkr.Cli;

namespace Gkr.Cli.Tests;

/// <summary>Runs the <c>gkr</c> command tree in process, capturing stdout and stderr (tests using it share the Console collection).</summary>
internal static class GkrRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        TextWriter savedOut = Console.Out, savedError = Console.Error;
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (CliErrors.Run(GkrCommands.CreateRoot(), args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(savedOut);
            Console.SetError(savedError);
        }
    }
}
