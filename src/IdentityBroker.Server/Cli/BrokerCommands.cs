using System.CommandLine;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// The operator verbs of the broker binary (README "Operations"), on System.CommandLine: <c>migrate</c>,
/// <c>import-directory</c>, <c>hash-secret</c>, <c>esia-dev-credentials</c>, <c>regions init</c>,
/// <c>config validate</c>, <c>help</c>; <c>VERB --help</c> for each. Anything else (or nothing) serves HTTP.
/// <para>
/// Exit codes: 0 done; 1 the operation ran and found problems (rejected rows, a refused import, an invalid
/// configuration); 2 the command line or the configuration needed to run it is wrong (the message names the option or
/// key and the fix). <c>--json</c> writes one JSON document to standard output instead of text, for scripts.
/// </para>
/// </summary>
public static class BrokerCommands
{
    public static readonly string[] Verbs = ["migrate", "import-directory", "hash-secret", "esia-dev-credentials", "regions", "config", "help", "--help", "-h", "-?"];

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var json = new Option<bool>("--json") { Description = "write one JSON document to standard output (for scripts)", Recursive = true };
        CliOutput Output(ParseResult parse) => CliOutput.For(output, error, parse.GetValue(json));

        var root = new RootCommand("IdentityBroker.Server: without a verb it serves HTTP (OpenID Provider and sign-in pages). Configuration comes from appsettings.json, environment variables (IdentityBroker__Issuer, ConnectionStrings__Broker, …) and files under /var/run/secrets/identity-broker; see README.md \"Configuration reference\".");
        root.Options.Add(json);
        root.Add(MigrateCommand.Create(Output));
        root.Add(ImportDirectoryCommand.Create(Output));
        root.Add(HashSecretCommand.Create(Output));
        root.Add(EsiaDevCredentialsCommand.Create(Output));
        root.Add(RegionsCommand.Create(Output));
        root.Add(ConfigCommand.Create(Output));
        var help = new Command("help", "Show this help.");
        root.Add(help);

        var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        help.SetAction(_ => root.Parse(["--help"]).Invoke(invocation));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var message in UsageErrors(parse))
            {
                await error.WriteLineAsync("error: " + message);
            }

            await error.WriteLineAsync($"Run 'IdentityBroker.Server {(args.Length > 0 && !args[0].StartsWith('-') ? args[0] + " " : "")}--help' for usage.");
            return 2;
        }

        try
        {
            return await parse.InvokeAsync(invocation);
        }
        catch (CliUsageException ex)
        {
            await error.WriteLineAsync("error: " + ex.Message);
            await error.WriteLineAsync("Run 'IdentityBroker.Server help' for usage.");
            return 2;
        }
        catch (OptionsValidationException ex)
        {
            await error.WriteLineAsync("Configuration error:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(f => "  - " + f)));
            return 2;
        }
        catch (RegionConfigurationException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 2;
        }
    }

    /// <summary>The parser's errors, with unknown options named the way operators read them.</summary>
    private static IEnumerable<string> UsageErrors(ParseResult parse)
    {
        var allowed = string.Join(", ", parse.CommandResult.Command.Options.Where(o => !o.Hidden).Select(o => o.Name));
        var unknown = parse.UnmatchedTokens.ToHashSet(StringComparer.Ordinal);
        foreach (var token in parse.UnmatchedTokens)
        {
            yield return token.StartsWith('-')
                ? $"Unknown argument '{token}'. Allowed: {allowed}."
                : $"Unexpected value '{token}'.";
        }

        foreach (var e in parse.Errors.Where(e => !unknown.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))))
        {
            yield return e.Message;
        }
    }
}
