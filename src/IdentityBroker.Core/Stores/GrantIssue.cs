using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.Stores;

/// <summary>
/// The happy path of a refresh_token grant as ONE statement (issue #11): the presented token is spent only when it is
/// usable AND bound to <see cref="ClientId"/> (and, if bound, to <see cref="RequestDpopJkt"/>) AND covers
/// <see cref="RequestedScopes"/> AND its diary account is still usable (R-MATCH-8); the successor is inserted in its family
/// and the audit record written in the same transaction. Anything else changes nothing, and the caller takes the general
/// path (<see cref="IRefreshTokenStore.FindAsync"/> + <see cref="IRefreshTokenStore.UseAsync"/>), which tells the cases apart.
/// </summary>
/// <param name="SuccessorDpopJkt">The key a still unbound token gets bound to (a public client's first DPoP refresh), else null.</param>
/// <param name="RequestedScopes">The scope asked for (RFC 6749 §6: a subset), or null for the token's own.</param>
/// <param name="AuditDetail">The <c>detail</c> of the <see cref="AuditEventTypes.TokenIssued"/> record.</param>
public sealed record RefreshRotation(
    string TokenHash,
    DateTimeOffset Now,
    string ClientId,
    string? RequestDpopJkt,
    string? SuccessorDpopJkt,
    IReadOnlyList<string>? RequestedScopes,
    string SuccessorHash,
    byte[] ProtectedSuccessorHandle,
    string AuditDetail);

/// <param name="Token">The spent token as it was before the rotation.</param>
/// <param name="Successor">The successor as stored (same family, scope and expiry; bound as <see cref="RefreshRotation.SuccessorDpopJkt"/> says).</param>
/// <param name="Account">The diary account with its children, read in the same statement (the claims are never older than the grant).</param>
public sealed record RefreshRotated(RefreshTokenRecord Token, RefreshTokenRecord Successor, DiaryAccount Account);

/// <summary>
/// The happy path of an authorization_code redemption as ONE statement (issue #11): the code is consumed only when it is
/// unconsumed, unexpired and bound to <see cref="ClientId"/>, <see cref="RedirectUri"/>, the PKCE challenge
/// (<see cref="CodeChallenge"/>: the S256 of the verifier sent, or null when none was sent) and, if bound, the DPoP key,
/// AND its diary account is still usable; what the redemption issues (access token jti and expiry, the refresh family
/// when the scope has offline_access and <see cref="RefreshAllowed"/>) is recorded on the code row, the refresh family
/// started and the audit record written, all in the same transaction. Anything else changes nothing and the caller takes
/// the general path (<see cref="IAuthorizationCodeStore.ConsumeAsync"/>), which tells the cases apart.
/// </summary>
/// <param name="RefreshTokenHash">The hash of the family's first refresh token (used only when a family is started).</param>
/// <param name="RefreshDpopJkt">The key the family is bound to (public clients with DPoP), else null.</param>
/// <param name="RefreshLifetime">The family's absolute lifetime, counted from auth_time.</param>
public sealed record CodeRedemption(
    string CodeHash,
    DateTimeOffset Now,
    string ClientId,
    string RedirectUri,
    string? CodeChallenge,
    string? RequestDpopJkt,
    string AccessTokenJti,
    DateTimeOffset AccessTokenExpiresAt,
    DateTimeOffset KeepUntil,
    bool RefreshAllowed,
    string RefreshFamilyId,
    string RefreshTokenHash,
    string? RefreshDpopJkt,
    TimeSpan RefreshLifetime,
    string AuditDetail,
    string AuditDetailWithRefresh);

/// <param name="RefreshFamilyId">The family started, or null when no refresh token was issued.</param>
public sealed record CodeRedeemed(AuthorizationCodeGrant Grant, string? RefreshFamilyId, DiaryAccount Account);
