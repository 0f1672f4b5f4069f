namespace IdentityBroker.Core.Stores;

public interface IAuthorizationCodeStore
{
    Task StoreAsync(AuthorizationCodeGrant grant, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically marks the code consumed and returns it (one SQL statement: <c>UPDATE … SET consumed_at = now WHERE
    /// code_hash = @h AND consumed_at IS NULL RETURNING …</c>). A consumed code stays in the table until it expires, so a
    /// replay is recognised (<see cref="CodeConsumeStatus.AlreadyConsumed"/>) and the caller can revoke what the first
    /// redemption issued (RFC 6749 §4.1.2).
    /// </summary>
    Task<CodeConsumeResult> ConsumeAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// The redemption's happy path in one statement and one commit (see <see cref="CodeRedemption"/>): null when the code
    /// was not consumed — unknown, consumed, expired, bound to another client, redirect URI, PKCE verifier or key, or its
    /// account gone or unusable; then nothing was written. At most one of N concurrent redemptions returns a value.
    /// </summary>
    Task<CodeRedeemed?> TryRedeemAsync(CodeRedemption redemption, CancellationToken cancellationToken);

    /// <summary>
    /// Records what the redemption of a code issued, so a later replay of the code can revoke it (RFC 6749 §4.1.2,
    /// conformance oidcc-codereuse-30seconds). The code row is kept until keepUntil (cleanup must not delete it before).
    /// </summary>
    Task RecordIssuedAsync(string codeHash, string accessTokenJti, DateTimeOffset accessTokenExpiresAt, string? refreshFamilyId, DateTimeOffset keepUntil, CancellationToken cancellationToken);
}

public enum CodeConsumeStatus
{
    Consumed,
    NotFound,
    AlreadyConsumed,
    Expired,
}

/// <param name="Grant">Set for <see cref="CodeConsumeStatus.Consumed"/> and <see cref="CodeConsumeStatus.AlreadyConsumed"/>.</param>
/// <param name="Issued">For <see cref="CodeConsumeStatus.AlreadyConsumed"/>: what the first redemption issued (to revoke).</param>
public sealed record CodeConsumeResult(CodeConsumeStatus Status, AuthorizationCodeGrant? Grant, IssuedFromCode? Issued = null);

/// <summary>What one redemption of a code issued.</summary>
public sealed record IssuedFromCode(string AccessTokenJti, DateTimeOffset AccessTokenExpiresAt, string? RefreshFamilyId);
