using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Store;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Before the broker takes requests: in Development (or with <c>MigrateOnStart</c>) apply migrations; always make sure a
/// token-signing key exists (created once, under an advisory lock, whichever replica starts first).
/// </summary>
internal sealed class StartupTasks(IServiceProvider services, IOptions<BrokerOptions> options, IHostEnvironment environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.MigrateOnStart || environment.IsDevelopment())
        {
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
        }

        await services.GetRequiredService<SigningKeyManager>().EnsureKeysAsync(cancellationToken);
        await ClientRegistrationSync.RunAsync(services, cancellationToken);

        // Create the Data Protection key now (stored in PostgreSQL), not on the first request: replicas that start
        // later find it and protect session cookies and account choices with the same key.
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("IdentityBroker.Startup").Protect("warm-up"u8.ToArray());
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
