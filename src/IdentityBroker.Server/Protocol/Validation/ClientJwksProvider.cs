using System.Collections.Concurrent;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Regions;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>
/// The public keys of private_key_jwt clients (OIDC Core §9, §10.1.1): the inline JWKS of the region file, or the client's
/// jwks_uri, cached for <see cref="CacheFor"/>. An assertion signed with an unknown kid triggers one re-fetch (the client
/// rotated its keys: conformance oidcc-refresh-token-rp-key-rotation), at most once per <see cref="RefetchInterval"/> per
/// client so that garbage kids cannot make the broker hammer the client's server.
/// </summary>
internal sealed class ClientJwksProvider(IHttpClientFactory httpClients, TimeProvider time, ILogger<ClientJwksProvider> logger)
{
    public const string HttpClientName = "client-jwks";

    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    public static readonly TimeSpan RefetchInterval = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, CachedKeys> _cache = new(StringComparer.Ordinal);

    /// <param name="unknownKid">A kid not among the cached keys: re-fetch a jwks_uri if the last fetch is old enough.</param>
    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(RegisteredClient client, string? unknownKid, CancellationToken cancellationToken)
    {
        if (client.JwksJson is { } inline)
        {
            return _cache.GetOrAdd("inline:" + client.ClientId, _ => new CachedKeys(Parse(inline), DateTimeOffset.MaxValue)).Keys;
        }

        if (client.JwksUri is not { } uri)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var cached = _cache.GetValueOrDefault(client.ClientId);
        var stale = cached is null || now - cached.FetchedAt > CacheFor;
        var mayRefetch = unknownKid is not null && cached is not null && now - cached.FetchedAt > RefetchInterval && !cached.Keys.Any(k => k.KeyId == unknownKid);
        if (!stale && !mayRefetch)
        {
            return cached!.Keys;
        }

        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            var json = await http.GetStringAsync(new Uri(uri), cancellationToken);
            var fresh = new CachedKeys(Parse(json), now);
            _cache[client.ClientId] = fresh;
            return fresh.Keys;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ArgumentException or InvalidOperationException)
        {
            TokenLog.ClientJwksFetchFailed(logger, client.ClientId, e.GetType().Name);

            // keep the old keys; try again after RefetchInterval, not at every request
            _cache[client.ClientId] = new CachedKeys(cached?.Keys ?? [], now - CacheFor + RefetchInterval);
            return cached?.Keys ?? [];
        }
    }

    /// <summary>Signature keys only (use absent or "sig"), public parts.</summary>
    private static List<SecurityKey> Parse(string json)
    {
        try
        {
            return new JsonWebKeySet(json).Keys.Where(k => k.Use is null or JsonWebKeyUseNames.Sig).Cast<SecurityKey>().ToList();
        }
        catch (ArgumentException)
        {
            return []; // not a JWKS: no key verifies, the client gets invalid_client
        }
    }

    private sealed record CachedKeys(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);
}
