namespace IdentityBroker.Server.Cli;

/// <summary>The command line is wrong (exit code 2): the message names the option and the fix.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
