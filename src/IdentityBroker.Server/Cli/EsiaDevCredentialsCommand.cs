using System.CommandLine;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.Server.Cli;

/// <summary><c>esia-dev-credentials</c>: a GOST development key and self-signed certificate for the ESIA emulator.</summary>
internal static class EsiaDevCredentialsCommand
{
    public static Command Create(Func<ParseResult, CliOutput> output)
    {
        var outOption = new Option<string>("--out") { Description = "the folder to write esia-client.key.pem and esia-client.cert.pem into", Required = true, HelpName = "DIR" };
        var name = new Option<string>("--name") { Description = "the certificate's common name", DefaultValueFactory = _ => "IdentityBroker development", HelpName = "CN" };
        var command = new Command("esia-dev-credentials", "Write a GOST R 34.10-2012 development key and certificate for the ESIA emulator (development only).") { outOption, name };
        command.SetAction(parse =>
        {
            var o = output(parse);
            var dir = parse.GetValue(outOption)!;
            System.IO.Directory.CreateDirectory(dir);
            var now = DateTimeOffset.UtcNow;
            var (key, cert) = GostCredentialGenerator.CreateSelfSigned(parse.GetValue(name)!, now.AddDays(-1), now.AddYears(2));
            File.WriteAllText(Path.Combine(dir, "esia-client.key.pem"), key);
            File.WriteAllText(Path.Combine(dir, "esia-client.cert.pem"), cert);
            o.Line($"Wrote a GOST R 34.10-2012 development key and self-signed certificate to {dir}. For development and tests only: production ESIA requires certified crypto (docs/ESIA.md §0.2).");
            if (o.Json)
            {
                o.WriteJson(new { key = Path.Combine(dir, "esia-client.key.pem"), certificate = Path.Combine(dir, "esia-client.cert.pem") });
            }

            return 0;
        });
        return command;
    }
}
