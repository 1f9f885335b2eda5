using Xcally.Licensing.Signer.Cli;

return SignerCommand.Run(args, CliContext.Default, Console.Out, Console.Error);
