using System.CommandLine;
using Gkr.Cli.Bench;

namespace Gkr.Cli;

/// <summary>The <c>gkr</c> command tree (shared by the program and its tests).</summary>
internal static class GkrCommands
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("gkr: transparent GKR proofs that layered arithmetic circuits and quantized neural networks were computed correctly.");
        Option<string?> maxFileSize = FileLimits.CreateOption();
        root.Options.Add(maxFileSize);
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CommitCommand.Create(maxFileSize));
        root.Subcommands.Add(ProveVerifyCommands.CreateProve(maxFileSize));
        root.Subcommands.Add(ProveVerifyCommands.CreateVerify(maxFileSize));
        root.Subcommands.Add(InspectCommand.Create(maxFileSize));
        root.Subcommands.Add(ModelCommand.Create(maxFileSize));
        return root;
    }
}
