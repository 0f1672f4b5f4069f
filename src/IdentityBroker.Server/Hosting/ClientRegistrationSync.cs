using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Stores the clients of the region files in PostgreSQL at start-up (issue #3), so operators see in the database which
/// clients exist and when each last changed. The region files stay the source; secrets are never written (only how many).
/// </summary>
internal static partial class ClientRegistrationSync
{
    public static async Task RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var catalog = services.GetRequiredService<RegionCatalog>();
        // R-REGION-2: a shared client is stored with region_code "*" (RegisteredClient.SharedRegion) and its regions in the definition
        var clients = catalog.AllClients.Select(c => new ClientRegistration(c.ClientId, c.RegionCode, Describe(c))).ToList();
        var result = await services.GetRequiredService<IClientRegistrationStore>().SyncAsync(clients, services.GetRequiredService<TimeProvider>().GetUtcNow(), cancellationToken);
        Synced(services.GetRequiredService<ILoggerFactory>().CreateLogger("IdentityBroker.Hosting"), result.Added, result.Updated, result.Removed);
    }

    [LoggerMessage(5030, LogLevel.Information, "Client registrations synced: {Added} added, {Updated} updated, {Removed} removed", EventName = "ClientRegistrationsSynced")]
    private static partial void Synced(ILogger logger, int added, int updated, int removed);

    internal static string Describe(RegisteredClient c) => JsonSerializer.Serialize(new
    {
        displayName = c.DisplayName,
        type = c.IsPublic ? "public" : "confidential",
        secrets = c.SecretHashes.Count,
        redirectUris = c.RedirectUris,
        postLogoutRedirectUris = c.PostLogoutRedirectUris,
        allowedScopes = c.AllowedScopes.Order(StringComparer.Ordinal),
        grantTypes = c.GrantTypes.Order(StringComparer.Ordinal),
        tokenEndpointAuthMethod = c.TokenEndpointAuthMethod,
        jwksUri = c.JwksUri,
        hasInlineJwks = c.JwksJson is not null,
        backChannelLogoutUri = c.BackChannelLogoutUri,
        requirePkce = c.RequirePkce,
        requirePushedAuthorizationRequests = c.RequirePushedAuthorizationRequests,
        requireDpop = c.RequireDpop,
        accessTokenLifetime = c.AccessTokenLifetime?.ToString(),
        refreshTokenLifetime = c.RefreshTokenLifetime.ToString(),
        sharedRegions = c.IsShared ? c.SharedRegionCodes : null,
    });
}
