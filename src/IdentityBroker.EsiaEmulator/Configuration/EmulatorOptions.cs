namespace IdentityBroker.EsiaEmulator.Configuration;

/// <summary>Settings of the emulator, bound from the <c>Emulator</c> configuration section.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The <c>iss</c> put into tokens. ESIA uses http and a trailing slash, e.g. <c>http://127.0.0.1:5101/</c>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>
    /// <c>RS256</c> (default) or <c>GOST3410_2012_256</c>: the token signature algorithm, a per-system setting of the real
    /// technology portal (ESIA.md §4.1). It decides what <see cref="SigningKeyPath"/> must hold.
    /// </summary>
    public string TokenAlgorithm { get; set; } = "RS256";

    /// <summary>Private key (PKCS#8 PEM): RSA for RS256, GOST R 34.10-2012-256 for GOST3410_2012_256.</summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>X.509 certificate (PEM or DER for GOST) matching <see cref="SigningKeyPath"/>; served at <c>/public/esia.cer</c>.</summary>
    public string SigningCertificatePath { get; set; } = "";

    /// <summary>Registered information systems (clients).</summary>
    public List<ClientRegistration> Clients { get; set; } = [];

    /// <summary>Persona file; empty means the bundled <c>personas.json</c> next to the assembly.</summary>
    public string? PersonasPath { get; set; }

    /// <summary>Allowed distance between the request <c>timestamp</c> and the emulator clock (ESIA-007015).</summary>
    public int TimestampWindowSeconds { get; set; } = 300;

    /// <summary>Lifetime of an authorization code (real ESIA: 240 s).</summary>
    public int CodeLifetimeSeconds { get; set; } = 240;

    /// <summary>Accept a byte-reversed (CryptoPro native order) client_secret as well as the canonical s‖r layout.</summary>
    public bool AcceptReversedSignature { get; set; } = true;

    /// <summary>Faults active from start-up (they can be changed at run time through <c>/emulator/faults</c>).</summary>
    public FaultOptions Faults { get; set; } = new();
}
