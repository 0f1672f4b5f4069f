using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IAuthorizationCodeStore"/>. Consumption is one conditional <c>UPDATE … RETURNING</c>; only when
/// it returns nothing does a second read tell NotFound, AlreadyConsumed (a replay, RFC 6749 §4.1.2, with what the first
/// redemption issued) and Expired apart.
/// </summary>
internal sealed class AuthorizationCodeStore(IDbContextFactory<BrokerDbContext> contextFactory) : IAuthorizationCodeStore
{
    public async Task StoreAsync(AuthorizationCodeGrant grant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        db.AuthorizationCodes.Add(AuthorizationCodeMapper.ToEntity(grant));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CodeConsumeResult> ConsumeAsync(string codeHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        var consumed = await db.AuthorizationCodes
            .FromSql($"""
                UPDATE broker.authorization_codes SET consumed_at = {utcNow}
                WHERE code_hash = {codeHash} AND consumed_at IS NULL AND expires_at > {utcNow}
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (consumed.Count == 1)
        {
            return new CodeConsumeResult(CodeConsumeStatus.Consumed, AuthorizationCodeMapper.ToRecord(consumed[0]));
        }

        var existing = await db.AuthorizationCodes
            .AsNoTracking()
            .FirstOrDefaultAsync(c => c.CodeHash == codeHash, cancellationToken)
            .ConfigureAwait(false);
        if (existing is null)
        {
            return new CodeConsumeResult(CodeConsumeStatus.NotFound, null);
        }

        // A consumed code is reported as a replay even after its expiry, so the caller can still revoke what it issued.
        return existing.ConsumedAt is not null
            ? new CodeConsumeResult(CodeConsumeStatus.AlreadyConsumed, AuthorizationCodeMapper.ToRecord(existing), AuthorizationCodeMapper.ToIssued(existing))
            : new CodeConsumeResult(CodeConsumeStatus.Expired, null);
    }

    public async Task RecordIssuedAsync(
        string codeHash,
        string accessTokenJti,
        DateTimeOffset accessTokenExpiresAt,
        string? refreshFamilyId,
        DateTimeOffset keepUntil,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codeHash);
        ArgumentException.ThrowIfNullOrEmpty(accessTokenJti);
        var tokenExpiresAt = accessTokenExpiresAt.ToUniversalTime();
        var keep = keepUntil.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;

        // Only a consumed code records an issue; keep_until never shrinks (GREATEST ignores NULL). No row (never
        // consumed, or the cleaner removed it right after its expiry) changes nothing: a later replay is then NotFound.
        await db.Database.ExecuteSqlAsync(
            $"""
            UPDATE broker.authorization_codes
            SET issued_access_token_jti = {accessTokenJti},
                issued_access_token_expires_at = {tokenExpiresAt},
                issued_refresh_family_id = {refreshFamilyId},
                keep_until = GREATEST(keep_until, {keep})
            WHERE code_hash = {codeHash} AND consumed_at IS NOT NULL
            """,
            cancellationToken).ConfigureAwait(false);
    }
}
