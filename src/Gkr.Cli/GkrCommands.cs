using System.CommandLine;
using Gkr.Cli.Bench;

namespace Gkr.Cli;

/// <summary>The <c>gkr</c> command tree (shared by the program and its tests).</summary>
internal static class GkrCommands
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("gkr: transparent GKR proofs that layered arithmetic circuits and quantized neural networks were computed correctly.");
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(CommitCommand.Create());
        root.Subcommands.Add(ProveVerifyCommands.CreateProve());
        root.Subcommands.Add(ProveVerifyCommands.CreateVerify());
        root.Subcommands.Add(InspectCommand.Create());
        return root;
    }
}
