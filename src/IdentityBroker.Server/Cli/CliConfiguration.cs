using IdentityBroker.Server.Configuration;
using IdentityBroker.Store;
using Microsoft.Extensions.Logging.Console;

namespace IdentityBroker.Server.Cli;

/// <summary>The broker's configuration as the verbs read it: the same sources as the server (appsettings, environment,
/// key-per-file secrets), without starting a host.</summary>
internal static class CliConfiguration
{
    public const string SecretsDirectory = "/var/run/secrets/identity-broker";

    public static IConfiguration Load()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables();
        if (System.IO.Directory.Exists(SecretsDirectory))
        {
            builder.AddKeyPerFile(SecretsDirectory, optional: true);
        }

        return builder.Build();
    }

    public static BrokerOptions BrokerOptions(IConfiguration configuration)
    {
        var options = new BrokerOptions();
        configuration.GetSection(Configuration.BrokerOptions.SectionName).Bind(options);
        return options;
    }

    public static string ConnectionString(string? given, IConfiguration configuration) =>
        given ?? configuration.GetConnectionString("Broker")
        ?? throw new CliUsageException("no connection string: set ConnectionStrings__Broker or pass --connection.");

    /// <summary>
    /// The store for a verb, with its logs on standard error (standard output carries only the verb's result, so
    /// <c>--json</c> stays one parseable document), one line each, colours only on a terminal; levels from the
    /// <c>Logging</c> section as for the server.
    /// </summary>
    public static ServiceProvider StoreServices(string connectionString, IConfiguration configuration, CliOutput output) =>
        new ServiceCollection()
            .AddLogging(l => l
                .AddConfiguration(configuration.GetSection("Logging"))
                .AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.ColorBehavior = output.Interactive ? LoggerColorBehavior.Default : LoggerColorBehavior.Disabled;
                })
                .Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace))
            .AddBrokerStore(connectionString)
            .BuildServiceProvider();
}
