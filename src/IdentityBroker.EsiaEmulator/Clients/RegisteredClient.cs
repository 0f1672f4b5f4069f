using IdentityBroker.EsiaEmulator.Crypto;

namespace IdentityBroker.EsiaEmulator.Clients;

/// <summary>A registered information system with its loaded certificate.</summary>
internal sealed record RegisteredClient(
    string ClientId,
    GostCertificate Certificate,
    IReadOnlyList<string> RedirectUriPrefixes,
    string SystemName)
{
    /// <summary>ESIA registers domains, not exact URIs: a redirect URI is allowed if it starts with a registered prefix.</summary>
    public bool AllowsRedirect(string uri) => RedirectUriPrefixes.Any(p => uri.StartsWith(p, StringComparison.Ordinal));
}
