using Gkr.Cli;

return CliErrors.Run(GkrCommands.CreateRoot(), args);
