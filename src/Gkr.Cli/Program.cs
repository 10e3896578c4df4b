using System.CommandLine;
using Gkr.Cli;
using Gkr.Cli.Bench;

var root = new RootCommand("gkr: transparent GKR proofs that layered arithmetic circuits and quantized neural networks were computed correctly.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
return CliErrors.Run(root, args);
