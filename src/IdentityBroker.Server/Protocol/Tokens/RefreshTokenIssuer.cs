using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Regions;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Refresh tokens (RFC 6749 §1.5, §6): a 256-bit random handle, stored only as its SHA-256. One family per sign-in; the
/// family's absolute lifetime is the client's RefreshTokenLifetime counted from auth_time and is never extended by
/// rotation. Public clients that use DPoP get tokens bound to the proof key (RFC 9449 §5); confidential clients' tokens
/// are bound by client authentication.
/// </summary>
internal sealed class RefreshTokenIssuer(IRefreshTokenStore store, RefreshHandleProtector protector)
{
    public const string GrantType = OpenIdConnectGrantTypes.RefreshToken;
    public const string OfflineAccess = OpenIdConnectScope.OfflineAccess;

    /// <summary>OIDC Core §11: only with the offline_access scope and only for clients registered for the refresh_token grant.</summary>
    public static bool Applies(RegisteredClient client, IReadOnlySet<string> scopes) =>
        scopes.Contains(OfflineAccess) && client.GrantTypes.Contains(GrantType);

    public static string NewFamilyId() => OpaqueHandle.New();

    /// <summary>Starts the family of a new sign-in grant and returns the handle to give to the client.</summary>
    public async Task<string> StartFamilyAsync(UserTokenContext context, RegisteredClient client, string familyId, string? requestDpopJkt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var handle = OpaqueHandle.New();
        var record = new RefreshTokenRecord(
            OpaqueHandle.Hash(handle), familyId, context.ClientId, context.Subject, context.RegionCode, context.Scope, context.SessionId,
            context.AuthTime, context.Acr, context.Amr, client.IsPublic ? requestDpopJkt : null, now, context.AuthTime + client.RefreshTokenLifetime);
        await store.CreateAsync(record, cancellationToken);
        return handle;
    }

    /// <summary>
    /// The successor of <paramref name="current"/>: same family, same scope (RFC 6749 §6: a new refresh token has the scope
    /// of the old one), same absolute expiry, same key binding (a public client's first DPoP refresh binds it).
    /// </summary>
    public RefreshSuccessor Successor(RefreshTokenRecord current, RegisteredClient client, string? requestDpopJkt, DateTimeOffset now)
    {
        var handle = OpaqueHandle.New();
        var record = current with
        {
            TokenHash = OpaqueHandle.Hash(handle),
            DpopJkt = current.DpopJkt ?? (client.IsPublic ? requestDpopJkt : null),
            CreatedAt = now,
        };
        return new RefreshSuccessor(handle, record, protector.Protect(handle, current.TokenHash));
    }

    /// <summary>
    /// A successor handle for the one-statement rotation (<see cref="IRefreshTokenStore.TryRotateAsync"/>), before the
    /// presented token is read: its hash and the handle encrypted under the presented token's hash for the grace window.
    /// </summary>
    public PreparedSuccessor PrepareSuccessor(string presentedTokenHash)
    {
        var handle = OpaqueHandle.New();
        return new PreparedSuccessor(handle, OpaqueHandle.Hash(handle), protector.Protect(handle, presentedTokenHash));
    }

    /// <summary>The successor handle stored at first use, for a replay inside the grace window.</summary>
    public string? RecoverSuccessor(RefreshUseResult result, string presentedTokenHash) =>
        protector.Unprotect(result.ProtectedSuccessorHandle, presentedTokenHash);
}

/// <param name="Protected">The handle encrypted for the grace window (<see cref="RefreshHandleProtector"/>).</param>
internal sealed record RefreshSuccessor(string Handle, RefreshTokenRecord Record, byte[] Protected);

/// <param name="Protected">The handle encrypted for the grace window (<see cref="RefreshHandleProtector"/>).</param>
internal sealed record PreparedSuccessor(string Handle, string Hash, byte[] Protected);
