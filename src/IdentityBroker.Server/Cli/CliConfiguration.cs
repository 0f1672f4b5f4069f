using IdentityBroker.Server.Configuration;

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
}
