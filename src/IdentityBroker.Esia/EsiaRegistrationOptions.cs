namespace IdentityBroker.Esia;

/// <summary>
/// One region's ESIA client registration (R-REGION-1), bound from the region's declarative file
/// (<c>Regions:{code}:Esia</c>). Validated by <see cref="EsiaRegistrationOptionsValidator"/>.
/// </summary>
public sealed class EsiaRegistrationOptions
{
    /// <summary>ESIA host; <c>/aas/oauth2/v2/ac</c>, <c>/aas/oauth2/v3/te</c>, <c>/rs</c> and <c>/idp/ext/Logout</c> are relative to it (ESIA.md §1).</summary>
    public string BaseUrl { get; set; } = "https://esia.gosuslugi.ru";

    /// <summary>Expected token <c>iss</c>, compared exactly: ESIA uses http and a trailing slash (ESIA.md §1, §4).</summary>
    public string Issuer { get; set; } = "http://esia.gosuslugi.ru/";

    /// <summary>The information system's mnemonic registered on the ESIA technology portal (ESIA.md §2.1).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The broker's callback, exactly as registered (ESIA-007023 otherwise).</summary>
    public string RedirectUri { get; set; } = "";

    /// <summary>Requested scopes (ESIA.md §2.5); sent space-separated in this order.</summary>
    public List<string> Scopes { get; set; } = ["openid", "fullname", "birthdate", "gender", "snils", "id_doc"];

    /// <summary>How <c>client_secret</c> is produced (ESIA.md §2.2).</summary>
    public EsiaSignerOptions Signer { get; set; } = new();

    /// <summary>Paths (PEM or DER) of ESIA's token-signing certificates; list several during a rotation (ESIA.md §4.4).</summary>
    public List<string> TrustedCertificates { get; set; } = [];

    /// <summary>Tolerance for <c>exp</c>/<c>nbf</c>.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Per-attempt timeout of every HTTP call to ESIA.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
