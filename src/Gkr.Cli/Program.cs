using System.CommandLine;
using Gkr.Cli;
using Gkr.Cli.Bench;

var root = new RootCommand("gkr: transparent GKR proofs that layered arithmetic circuits and quantized neural networks were computed correctly.");
root.Subcommands.Add(InfoCommand.Create());
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(ProveVerifyCommands.CreateProve());
root.Subcommands.Add(ProveVerifyCommands.CreateVerify());
return CliErrors.Run(root, args);
