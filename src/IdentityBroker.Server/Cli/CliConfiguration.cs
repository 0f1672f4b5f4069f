using IdentityBroker.Server.Configuration;
using IdentityBroker.Store;
using Microsoft.Extensions.Logging.Console;

namespace IdentityBroker.Server.Cli;

/// <summary>The broker's configuration as the verbs read it: the same sources as the server (appsettings, environment,
/// key-per-file secrets), without starting a host.</summary>
internal static class CliConfiguration
{
    public static IConfiguration Load()
    {
        var environment = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? "Production";
        var builder = new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddJsonFile($"appsettings.{environment}.json", optional: true)
            .AddEnvironmentVariables();
        // the same folder as the broker itself (IdentityBroker:SecretsDirectory, default /var/run/secrets/identity-broker)
        var secrets = builder.Build()[Hosting.HostingExtensions.SecretsDirectoryKey] ?? Hosting.HostingExtensions.DefaultSecretsDirectory;
        if (System.IO.Directory.Exists(secrets))
        {
            builder.AddKeyPerFile(secrets, optional: true);
        }

        return builder.Build();
    }

    /// <summary>
    /// The settings a verb reads (the regions folder, the pepper: strings, bound first). A value elsewhere that does not
    /// convert is <c>config validate</c>'s to report (<see cref="BrokerConfiguration.LoadValidated"/>), not a crash here.
    /// </summary>
    public static BrokerOptions BrokerOptions(IConfiguration configuration)
    {
        var options = new BrokerOptions();
        BrokerConfiguration.Bind(configuration, Configuration.BrokerOptions.SectionName, options, []);
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
