namespace IdentityBroker.EsiaEmulator.Configuration;

/// <summary>An information system registered at the emulator (what the ESIA technology portal holds).</summary>
public sealed class ClientRegistration
{
    /// <summary>The IS mnemonic, upper case (<c>A-Z0-9-_</c>).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The IS GOST R 34.10-2012-256 certificate, PEM or DER.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>Allowed redirect URI prefixes (ESIA registers domains; a redirect_uri is allowed if it starts with one).</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>Russian name shown on the access request page.</summary>
    public string SystemName { get; set; } = "";
}
