using System.CommandLine;
using System.Security.Cryptography;
using System.Text;

namespace IdentityBroker.Server.Cli;

/// <summary><c>hash-secret</c>: the <c>secretSha256</c> value of a client secret for a region file.</summary>
internal static class HashSecretCommand
{
    public static Command Create(Func<ParseResult, CliOutput> output)
    {
        var secretOption = new Option<string>("--secret") { Description = "the client secret (default: read one line from standard input, which keeps it out of the shell history)", HelpName = "S" };
        var command = new Command("hash-secret", "Print the secretSha256 value of a client secret (reads standard input).") { secretOption };
        command.SetAction(parse =>
        {
            var o = output(parse);
            var secret = parse.GetValue(secretOption) ?? Console.In.ReadLine();
            if (string.IsNullOrEmpty(secret))
            {
                throw new CliUsageException("give the client secret on standard input (or --secret).");
            }

            var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
            if (o.Json)
            {
                o.WriteJson(new { secretSha256 = hash });
            }
            else
            {
                o.Out.WriteLine(hash);
            }

            return 0;
        });
        return command;
    }
}
