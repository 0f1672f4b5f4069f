namespace IdentityBroker.Esia;

/// <summary>
/// The broker's ESIA client (ESIA.md §2-§6): builds the signed authorization redirect, completes the sign-in with the
/// code ESIA returned, and builds the logout redirect. All failures are <see cref="EsiaException"/>.
/// </summary>
public interface IEsiaClient
{
    /// <summary>
    /// <c>GET {BaseUrl}/aas/oauth2/v2/ac</c> with client_id, client_secret, client_certificate_hash, redirect_uri, scope,
    /// response_type=code, state, timestamp and access_type=online (ESIA.md §2.1-§2.3). Blocks on a remote signer;
    /// prefer <see cref="BuildAuthorizationUrlAsync"/> in request handlers.
    /// </summary>
    Uri BuildAuthorizationUrl(string regionCode, EsiaRegistrationOptions registration, Guid state, DateTimeOffset now);

    /// <summary>Asynchronous form of <see cref="BuildAuthorizationUrl"/>.</summary>
    Task<Uri> BuildAuthorizationUrlAsync(
        string regionCode, EsiaRegistrationOptions registration, Guid state, DateTimeOffset now, CancellationToken ct);

    /// <summary>
    /// Exchanges <paramref name="code"/> at <c>POST /aas/oauth2/v3/te</c> with a new UUID state (checked in the answer),
    /// validates the ID and access tokens (ESIA.md §4), reads <c>/rs/prns/{oid}?embed=(documents.elements)</c> and
    /// classifies the account level (ESIA.md §7). ESIA's tokens are discarded (R-TOKEN-3).
    /// </summary>
    Task<EsiaSignInResult> CompleteSignInAsync(
        string regionCode, EsiaRegistrationOptions registration, string code, CancellationToken ct);

    /// <summary><c>{BaseUrl}/idp/ext/Logout?client_id=…[&amp;redirect_url=…]</c> (ESIA.md §5).</summary>
    Uri BuildLogoutUrl(EsiaRegistrationOptions registration, string? redirectUrl);
}
