using System.CommandLine;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// <c>config validate</c> (R-REGION-4): checks the region files, <c>shared-clients.json</c> and the broker's settings
/// offline — the same validators start-up runs, without a database or ESIA — and names every problem. Exit 0: valid;
/// 1: problems found (each printed, or listed with <c>--json</c>); 2: the command line is wrong. For an ops pipeline
/// before a deploy.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create(Func<ParseResult, CliOutput> output)
    {
        var regionsDir = new Option<string>("--regions") { Description = "the regions folder (default: IdentityBroker:RegionsDirectory)", HelpName = "DIR" };
        var regionsOnly = new Option<bool>("--regions-only") { Description = "check only the region files and shared clients (a pipeline without the broker's secrets)" };
        var validate = new Command("validate", "Check region files, shared clients and settings offline; exit 1 naming every problem.") { regionsDir, regionsOnly };
        validate.SetAction(parse =>
        {
            var o = output(parse);
            var configuration = CliConfiguration.Load();
            var problems = new List<string>();
            var only = parse.GetValue(regionsOnly);
            if (!only)
            {
                problems.AddRange(Settings(configuration));
            }

            var dir = parse.GetValue(regionsDir) ?? CliConfiguration.BrokerOptions(configuration).RegionsDirectory;
            var regions = 0;
            if (string.IsNullOrWhiteSpace(dir))
            {
                if (only)
                {
                    problems.Add("no regions folder: pass --regions DIR or set IdentityBroker:RegionsDirectory.");
                }
            }
            else
            {
                try
                {
                    regions = RegionCatalogLoader.Load(dir).Regions.Count;
                }
                catch (RegionConfigurationException ex)
                {
                    problems.AddRange(ex.Errors);
                }
            }

            if (o.Json)
            {
                o.WriteJson(new { valid = problems.Count == 0, regions, problems });
            }
            else if (problems.Count == 0)
            {
                o.Line($"Configuration is valid: {regions} region(s){(only ? "" : " and the broker's settings")}.");
            }
            else
            {
                o.Line($"Configuration has {problems.Count} problem(s):");
                foreach (var problem in problems)
                {
                    o.Line("  - " + problem);
                }
            }

            return problems.Count == 0 ? 0 : 1;
        });
        return new Command("config", "Configuration checks.") { validate };
    }

    /// <summary>The start-up checks of the settings (BrokerConfiguration: every section, the directory sync limits included).</summary>
    private static List<string> Settings(IConfiguration configuration)
    {
        var problems = new List<string>();
        try
        {
            BrokerConfiguration.LoadValidated(configuration);
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }

        return problems;
    }
}
