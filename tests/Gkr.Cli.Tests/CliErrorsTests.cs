using Gkr.Cli;
using Gkr.Protocol.Gkr;
using Gkr.Protocol.Serialization;

namespace Gkr.Cli.Tests;

/// <summary>The one exception-to-exit-code map and the one-line rule, on exceptions no file in the CLI tests provokes.</summary>
public sealed class CliErrorsTests
{
    [Fact]
    public void RejectionsBadInputAndBugsMapToTheirExitCodes()
    {
        Assert.Equal(CliErrors.Rejected, CliErrors.Classify(new GkrRejectedException(GkrRejection.OutputClaimMismatch, "no")).Exit);
        Assert.Equal(CliErrors.BadInput, CliErrors.Classify(new MalformedProofException("short")).Exit);
        Assert.Equal(CliErrors.BadInput, CliErrors.Classify(new UnauthorizedAccessException("denied")).Exit);
        Assert.Equal(CliErrors.BadInput, CliErrors.Classify(new CliInputException("--input x: no such file.")).Exit);

        // An untyped exception is a bug: never exit 0, and the line says so.
        (int exit, string reason) = CliErrors.Classify(new IndexOutOfRangeException("Index was outside the bounds of the array."));
        Assert.Equal(CliErrors.Rejected, exit);
        Assert.StartsWith("internal error (IndexOutOfRangeException)", reason);
    }

    [Fact]
    public void OneWrappedExceptionIsClassifiedByWhatItWraps()
    {
        Assert.Equal(CliErrors.BadInput, CliErrors.Classify(new AggregateException(new FormatException("bad"))).Exit);
        Assert.StartsWith("internal error", CliErrors.Classify(new AggregateException(new FormatException("a"), new FormatException("b"))).Reason);
    }

    [Fact]
    public void ReasonsBecomeOnePrintableBoundedLine()
    {
        Assert.Equal("a b  c d e", CliErrors.OneLine("a\nb\r\nc\td\u2028e\n"));
        string cut = CliErrors.OneLine(new string('x', 10_000));
        Assert.True(cut.Length < 500);
        Assert.EndsWith("…", cut);
    }
}
