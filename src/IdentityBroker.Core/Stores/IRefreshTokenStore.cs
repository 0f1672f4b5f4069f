namespace IdentityBroker.Core.Stores;

/// <summary>Refresh tokens with rotation on every use, a grace window for lost responses, and family revocation.</summary>
public interface IRefreshTokenStore
{
    Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken);

    /// <summary>
    /// Uses a refresh token, in one transaction:
    /// <list type="bullet">
    /// <item>unused, unrevoked, unexpired → marks it used at <paramref name="now"/>, stores <paramref name="successor"/> and
    /// <paramref name="protectedSuccessorHandle"/> (the successor's handle, encrypted by the caller, kept only for the
    /// grace window) → <see cref="RefreshUseStatus.Rotated"/>;</item>
    /// <item>used no longer than <paramref name="grace"/> ago and its family not revoked → nothing written →
    /// <see cref="RefreshUseStatus.GraceReplay"/> with the successor stored at first use (the SAME successor, never an older
    /// member of the chain, and never a new one);</item>
    /// <item>used longer ago but no longer than <paramref name="retryWindow"/>, while the successor stored at first use is
    /// itself still unused and unrevoked and the family unrevoked → nothing written → <see cref="RefreshUseStatus.RetryReplay"/>
    /// with that successor: a client retrying after a server-side failure (the rotation committed, the response was lost)
    /// is not logged out however late its retry comes (issue #10 item 2);</item>
    /// <item>otherwise (older, or the successor has been used — the legitimate holder moved on, so this is a replay) →
    /// revokes the whole family → <see cref="RefreshUseStatus.ReuseDetected"/>;</item>
    /// <item>unknown, revoked or expired → <see cref="RefreshUseStatus.Invalid"/>.</item>
    /// </list>
    /// The first-use update is a single <c>UPDATE … WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at &gt; now RETURNING</c>,
    /// so of N concurrent first uses exactly one rotates.
    /// </summary>
    Task<RefreshUseResult> UseAsync(
        string tokenHash, DateTimeOffset now, TimeSpan grace, TimeSpan retryWindow, RefreshTokenRecord successor, byte[] protectedSuccessorHandle, CancellationToken cancellationToken);

    /// <summary>
    /// The refresh grant's happy path in one statement and one commit (see <see cref="RefreshRotation"/>): null when the
    /// token was not spent — unknown, used, revoked, expired, bound to another client or key, a scope not covered, or its
    /// account gone or unusable; then nothing was written. Of N concurrent rotations of one token at most one returns a value
    /// (the conditional <c>UPDATE … WHERE used_at IS NULL</c> re-checks the row after the row lock).
    /// </summary>
    Task<RefreshRotated?> TryRotateAsync(RefreshRotation rotation, CancellationToken cancellationToken);

    Task<RefreshTokenRecord?> FindAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// True when the family has been revoked (reuse detected, RFC 7009 revocation, logout, consent withdrawn): the access
    /// tokens issued from it die with it (AccessTokenValidator, issue #10 item 1).
    /// </summary>
    Task<bool> IsFamilyRevokedAsync(string familyId, CancellationToken cancellationToken);

    /// <summary>Revokes every token of the family. Returns how many rows changed.</summary>
    Task<int> RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every token of a broker session (logout).</summary>
    Task<int> RevokeSessionAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every token of a diary account in a region (consent revoked, account removed).</summary>
    Task<int> RevokeSubjectAsync(string regionCode, string subject, DateTimeOffset now, CancellationToken cancellationToken);
}

public enum RefreshUseStatus
{
    Rotated,
    GraceReplay,
    RetryReplay,
    ReuseDetected,
    Invalid,
}

/// <param name="Token">The presented token's record (set for every status but Invalid).</param>
/// <param name="ProtectedSuccessorHandle">For GraceReplay and RetryReplay: what was stored at first use.</param>
/// <param name="Successor">For Rotated: the stored successor; for GraceReplay and RetryReplay: the successor stored at first use.</param>
public sealed record RefreshUseResult(RefreshUseStatus Status, RefreshTokenRecord? Token, RefreshTokenRecord? Successor, byte[]? ProtectedSuccessorHandle);
