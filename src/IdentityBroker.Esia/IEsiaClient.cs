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
    /// validates the ID and access tokens (ESIA.md §4), reads <c>/rs/prns/{oid}?embed=(documents.elements)</c> (plus <c>contacts.elements</c> when the scopes ask for email or mobile, and the kids when they ask for <c>kid_*</c>) and
    /// classifies the account level (ESIA.md §7). ESIA's tokens are discarded (R-TOKEN-3).
    /// </summary>
    Task<EsiaSignInResult> CompleteSignInAsync(
        string regionCode, EsiaRegistrationOptions registration, string code, CancellationToken ct);

    /// <summary>
    /// A parent's children: <c>GET /rs/prns/{oid}/kids?embed=(elements)</c> with the parent's access token (ESIA.md §6.3),
    /// for the parent–child relation of consent (R-CONSENT-6). <see cref="CompleteSignInAsync"/> already does this when
    /// the region's scopes include a <c>kid_*</c> scope (<see cref="EsiaSignInResult.Children"/>), since ESIA's tokens
    /// are not kept afterwards (R-TOKEN-3). A read: retried, per-region breaker and limiter.
    /// </summary>
    Task<IReadOnlyList<EsiaChild>> GetChildrenAsync(
        string regionCode, EsiaRegistrationOptions registration, string oid, string accessToken, CancellationToken ct);

    /// <summary><c>{BaseUrl}/idp/ext/Logout?client_id=…[&amp;redirect_url=…]</c> (ESIA.md §5).</summary>
    Uri BuildLogoutUrl(EsiaRegistrationOptions registration, string? redirectUrl);
}
