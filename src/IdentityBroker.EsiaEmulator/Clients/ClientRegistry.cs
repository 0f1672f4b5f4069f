using IdentityBroker.EsiaEmulator.Configuration;
using IdentityBroker.EsiaEmulator.Crypto;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Clients;

/// <summary>The registered information systems, keyed by mnemonic (case-sensitive, as ESIA).</summary>
internal sealed class ClientRegistry(IOptions<EmulatorOptions> options)
{
    private readonly Lazy<Dictionary<string, RegisteredClient>> _clients = new(() => options.Value.Clients.ToDictionary(
        c => c.ClientId,
        c => new RegisteredClient(c.ClientId, GostCertificate.Load(c.CertificatePath), c.RedirectUris.ToList(), c.SystemName),
        StringComparer.Ordinal));

    public RegisteredClient? Find(string? clientId) =>
        clientId is null ? null : _clients.Value.GetValueOrDefault(clientId);
}
