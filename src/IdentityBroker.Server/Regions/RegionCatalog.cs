using IdentityBroker.Core.Regions;
using IdentityBroker.Esia;

namespace IdentityBroker.Server.Regions;

/// <summary>The regions and clients loaded from the region files at start-up (immutable for the process).</summary>
public sealed class RegionCatalog
{
    private readonly Dictionary<string, RegionEntry> _regions;
    private readonly Dictionary<string, RegisteredClient> _clients;

    public RegionCatalog(IEnumerable<RegionEntry> regions, IEnumerable<RegisteredClient>? sharedClients = null)
    {
        _regions = regions.ToDictionary(r => r.Region.Code, StringComparer.Ordinal);
        SharedClients = (sharedClients ?? []).ToList();
        _clients = _regions.Values.SelectMany(r => r.Clients).Concat(SharedClients).ToDictionary(c => c.ClientId, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<RegionEntry> Regions => _regions.Values;

    /// <summary>R-REGION-2: the clients of <c>shared-clients.json</c> (region chosen per sign-in); not in any <see cref="RegionEntry.Clients"/>.</summary>
    public IReadOnlyList<RegisteredClient> SharedClients { get; }

    /// <summary>Every client: the regions' own and the shared ones.</summary>
    public IEnumerable<RegisteredClient> AllClients => _regions.Values.SelectMany(r => r.Clients).Concat(SharedClients);

    public RegionEntry? FindRegion(string code) => _regions.GetValueOrDefault(code);

    public RegisteredClient? FindClient(string? clientId) => clientId is null ? null : _clients.GetValueOrDefault(clientId);
}

/// <summary>A region with its ESIA registration and clients.</summary>
public sealed record RegionEntry(Region Region, EsiaRegistrationOptions Esia, IReadOnlyList<RegisteredClient> Clients)
{
    /// <summary>The region's webhook endpoint for consent notifications, or null when the region has none.</summary>
    public RegionNotifications? Notifications { get; init; }
}

/// <summary>A validated <see cref="NotificationsFile"/>: the endpoint and the HMAC-SHA256 key (UTF-8 bytes of the secret).</summary>
public sealed record RegionNotifications(Uri WebhookUrl, byte[] Secret)
{
    public override string ToString() => $"RegionNotifications({WebhookUrl.GetLeftPart(UriPartial.Authority)})";
}
