using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Protocol.Responses;
using IdentityBroker.Server.Regions;
using IdentityBroker.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityBroker.Server.Admin.AdminRead;

/// <summary>
/// The admin read API (issue #13, docs/admin-api.md): what operations staff need to see without database access — the
/// region with its ESIA state and clients (never secrets or their hashes), the token-signing keys' public parts and
/// schedule, and the outbox backlog. Authorisation as for the other staff APIs (<see cref="StaffTokenAuthorizer"/>) with
/// the <c>admin</c> scope; a region's token reads its own region only. Meant for the management listener.
/// </summary>
internal static class AdminReadEndpoints
{
    public const string Scope = RegionFileValidator.AdminScope;
    public const string Region = "/admin/regions/{region}";
    public const string SigningKeys = "/admin/signing-keys";
    public const string Outbox = "/admin/outbox";

    public static void AddServices(IServiceCollection services)
    {
        services.AddSingleton<EsiaStateMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<EsiaStateMonitor>()); // listens from start-up
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet(Region, RegionAsync).WithGroupName("admin");
        routes.MapGet(SigningKeys, SigningKeysAsync).WithGroupName("admin");
        routes.MapGet(Outbox, OutboxAsync).WithGroupName("admin");
    }

    private static async Task<IResult> RegionAsync(HttpContext context, string region, RegionCatalog catalog, EsiaStateMonitor esia, CancellationToken cancellationToken)
    {
        var (caller, failure) = await AuthorizeAsync(context, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        if (caller.RegionCode != region)
        {
            return StaffTokenAuthorizer.WrongRegion(caller, Scope);
        }

        var entry = catalog.FindRegion(region)!;
        var clients = entry.Clients.Concat(catalog.SharedClients.Where(c => c.AllowsRegion(region))).Select(ClientView.From).ToList();
        return new JsonNoStore(new RegionView(
            entry.Region.Code, entry.Region.Name, entry.Region.TimeZone.Id,
            new EsiaView(entry.Esia.BaseUrl, entry.Esia.ClientId, entry.Esia.RedirectUri, entry.Esia.Signer.Kind, esia.Get(region)),
            entry.Notifications?.WebhookUrl.ToString(), clients));
    }

    private static async Task<IResult> SigningKeysAsync(HttpContext context, ISigningKeyStore keys, TimeProvider time, CancellationToken cancellationToken)
    {
        var (caller, failure) = await AuthorizeAsync(context, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        var now = time.GetUtcNow();
        var current = await keys.GetCurrentAsync(now, cancellationToken);
        return new JsonNoStore(new
        {
            now,
            keys = current.Select(k => new
            {
                kid = k.KeyId, alg = k.Algorithm,
                state = now < k.ActivatesAt ? "published" : now < k.RetiresAt ? "signing" : "retired",
                publicJwk = JsonSerializer.Deserialize<JsonElement>(k.PublicJwk), // the public part only, as in the JWKS
                k.CreatedAt, k.ActivatesAt, k.RetiresAt, k.ExpiresAt,
            }),
        });
    }

    private static async Task<IResult> OutboxAsync(HttpContext context, IDbContextFactory<BrokerDbContext> contexts, TimeProvider time, CancellationToken cancellationToken)
    {
        var (caller, failure) = await AuthorizeAsync(context, cancellationToken);
        if (caller is null)
        {
            return failure!;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT kind,
                   count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL),
                   count(*) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL AND next_attempt_at <= @now),
                   count(*) FILTER (WHERE failed_at IS NOT NULL),
                   min(created_at) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL),
                   max(attempts) FILTER (WHERE delivered_at IS NULL AND failed_at IS NULL)
            FROM broker.outbox_messages GROUP BY kind ORDER BY kind
            """,
            connection);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var kinds = new List<object>();
        await using var r = await command.ExecuteReaderAsync(cancellationToken);
        while (await r.ReadAsync(cancellationToken))
        {
            kinds.Add(new
            {
                kind = r.GetString(0), pending = r.GetInt64(1), due = r.GetInt64(2), failed = r.GetInt64(3),
                oldestPendingSince = r.IsDBNull(4) ? (DateTimeOffset?)null : r.GetFieldValue<DateTimeOffset>(4),
                maxAttempts = r.IsDBNull(5) ? 0 : r.GetInt32(5),
            });
        }

        return new JsonNoStore(new { kinds });
    }

    private static Task<(StaffCaller? Caller, IResult? Failure)> AuthorizeAsync(HttpContext context, CancellationToken cancellationToken) =>
        context.RequestServices.GetRequiredService<StaffTokenAuthorizer>().AuthorizeAsync(context, context.Request.Path.Value ?? string.Empty, Scope, cancellationToken);
}

internal sealed record RegionView(string Code, string Name, string TimeZone, EsiaView Esia, string? WebhookUrl, IReadOnlyList<ClientView> Clients);

internal sealed record EsiaView(string BaseUrl, string ClientId, string RedirectUri, string SignerKind, EsiaRegionState State);

/// <summary>A client as operators see it: its registration without secrets, secret hashes or keys (only how many secrets).</summary>
internal sealed record ClientView(
    string ClientId, string DisplayName, bool Shared, string Type, string TokenEndpointAuthMethod, IReadOnlyList<string> GrantTypes,
    IReadOnlyList<string> Scopes, IReadOnlyList<string> RedirectUris, IReadOnlyList<string> PostLogoutRedirectUris, string? BackChannelLogoutUri,
    bool RequirePkce, bool RequirePushedAuthorizationRequests, bool RequireDpop, int Secrets)
{
    public static ClientView From(RegisteredClient c) => new(
        c.ClientId, c.DisplayName, c.IsShared, c.IsPublic ? "public" : "confidential", c.TokenEndpointAuthMethod, c.GrantTypes.Order(StringComparer.Ordinal).ToList(),
        c.AllowedScopes.Order(StringComparer.Ordinal).ToList(), c.RedirectUris, c.PostLogoutRedirectUris, c.BackChannelLogoutUri,
        c.RequirePkce, c.RequirePushedAuthorizationRequests, c.RequireDpop, c.SecretHashes.Count);
}
