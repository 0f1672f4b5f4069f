using IdentityBroker.Core.Regions;
using IdentityBroker.Esia;

namespace IdentityBroker.Server.Regions;

/// <summary>The regions and clients loaded from the region files at start-up (immutable for the process).</summary>
public sealed class RegionCatalog
{
    private readonly Dictionary<string, RegionEntry> _regions;
    private readonly Dictionary<string, RegisteredClient> _clients;

    public RegionCatalog(IEnumerable<RegionEntry> regions)
    {
        _regions = regions.ToDictionary(r => r.Region.Code, StringComparer.Ordinal);
        _clients = _regions.Values.SelectMany(r => r.Clients).ToDictionary(c => c.ClientId, StringComparer.Ordinal);
    }

    public IReadOnlyCollection<RegionEntry> Regions => _regions.Values;

    public RegionEntry? FindRegion(string code) => _regions.GetValueOrDefault(code);

    public RegisteredClient? FindClient(string? clientId) => clientId is null ? null : _clients.GetValueOrDefault(clientId);
}

/// <summary>A region with its ESIA registration and clients.</summary>
public sealed record RegionEntry(Region Region, EsiaRegistrationOptions Esia, IReadOnlyList<RegisteredClient> Clients);
