using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IRefreshTokenStore"/>. <see cref="UseAsync"/> runs in one transaction: the first use is a single
/// conditional <c>UPDATE … RETURNING</c> (concurrent first uses queue on the row lock, exactly one matches), which stores
/// the successor's hash and protected handle on the used row and inserts the successor in the used token's family. A
/// later use reads the row: inside the grace window it returns the successor stored at first use; inside the retry window
/// it does so only while that successor is still unused (see <see cref="UseAsync"/>); otherwise it revokes the family.
/// <see cref="FindAsync"/> returns only a usable token (unused, unrevoked, unexpired).
/// </summary>
internal sealed class RefreshTokenStore(IDbContextFactory<BrokerDbContext> contextFactory) : IRefreshTokenStore
{
    public async Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.RefreshTokens.Add(RefreshTokenMapper.ToEntity(token));
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Why a retry window, and why "successor unused" decides it (issue #10 item 2). When PostgreSQL or the network fails
    /// after the rotation committed, the client never sees the successor and retries the token it has. Its retry can come
    /// much later than any fixed grace window (it backs off; the outage lasts), and the server cannot know when the client
    /// actually failed. What the server does know is whether anyone has used the successor since: if nobody has, the
    /// successor is still only in the server's hands and the retry is indistinguishable from the legitimate client — give
    /// it the same successor (never a new one, so there is still one live token per family). If the successor HAS been
    /// used, the legitimate holder moved on, so a presentation of its predecessor is a replay: revoke the family. A thief
    /// who presents a stolen token before its owner uses the successor gets that same successor; then the owner and the
    /// thief hold one token, and whichever uses it second (after the grace) revokes the family — detection is delayed by
    /// one rotation, not lost. The handler also requires the same client and DPoP key as the original token.
    /// </summary>
    public async Task<RefreshUseResult> UseAsync(
        string tokenHash,
        DateTimeOffset now,
        TimeSpan grace,
        TimeSpan retryWindow,
        RefreshTokenRecord successor,
        byte[] protectedSuccessorHandle,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokenHash);
        ArgumentNullException.ThrowIfNull(successor);
        ArgumentNullException.ThrowIfNull(protectedSuccessorHandle);
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        var rotated = await db.RefreshTokens
            .FromSql($"""
                UPDATE broker.refresh_tokens
                SET used_at = {utcNow}, successor_hash = {successor.TokenHash}, protected_successor = {protectedSuccessorHandle}
                WHERE token_hash = {tokenHash} AND used_at IS NULL AND revoked_at IS NULL AND expires_at > {utcNow}
                RETURNING *
                """)
            .AsNoTracking()
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (rotated.Count == 1)
        {
            // The successor always joins the used token's family, whatever the caller put there.
            var stored = successor with { FamilyId = rotated[0].FamilyId };
            db.RefreshTokens.Add(RefreshTokenMapper.ToEntity(stored));
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return new RefreshUseResult(RefreshUseStatus.Rotated, RefreshTokenMapper.ToRecord(rotated[0]), stored, protectedSuccessorHandle);
        }

        var token = await db.RefreshTokens.AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == tokenHash, cancellationToken)
            .ConfigureAwait(false);
        if (token is not { UsedAt: { } usedAt, RevokedAt: null } || token.ExpiresAt <= utcNow)
        {
            return Invalid;
        }

        if (utcNow - usedAt <= grace)
        {
            return await GraceReplayAsync(db, token, requireUnusedSuccessor: false, cancellationToken).ConfigureAwait(false);
        }

        if (utcNow - usedAt <= retryWindow &&
            await GraceReplayAsync(db, token, requireUnusedSuccessor: true, cancellationToken).ConfigureAwait(false) is { Status: RefreshUseStatus.GraceReplay } retry)
        {
            return retry with { Status = RefreshUseStatus.RetryReplay };
        }

        await RevokeFamilyAsync(db, token.FamilyId, utcNow, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new RefreshUseResult(RefreshUseStatus.ReuseDetected, RefreshTokenMapper.ToRecord(token), null, null);
    }

    public async Task<RefreshTokenRecord?> FindAsync(string tokenHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.RefreshTokens.AsNoTracking()
            .FirstOrDefaultAsync(
                t => t.TokenHash == tokenHash && t.UsedAt == null && t.RevokedAt == null && t.ExpiresAt > utcNow,
                cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : RefreshTokenMapper.ToRecord(row);
    }

    public async Task<bool> IsFamilyRevokedAsync(string familyId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.RefreshTokens.AnyAsync(t => t.FamilyId == familyId && t.RevokedAt != null, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RevokeFamilyAsync(string familyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await RevokeFamilyAsync(db, familyId, now.ToUniversalTime(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> RevokeSessionAsync(string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await RevokeSessionAsync(db, sessionId, now.ToUniversalTime(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Joins the ambient <see cref="IUnitOfWork"/> when there is one (a consent revocation with its effects and audit record,
    /// issue #10 item 6); one <c>UPDATE</c>, so it needs no transaction of its own. Only this revocation joins: the hot
    /// refresh path (<see cref="UseAsync"/>) keeps its own short transaction and connection.
    /// </summary>
    public async Task<int> RevokeSubjectAsync(string regionCode, string subject, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var utcNow = now.ToUniversalTime();
        await using var lease = await contextFactory.LeaseAsync(cancellationToken).ConfigureAwait(false);
        var db = lease.Db;
        return await Revoke(db.RefreshTokens.Where(t => t.RegionCode == regionCode && t.Subject == subject), utcNow, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>Revokes a session's tokens in the caller's context (and transaction): used by the session store's logout.</summary>
    internal static Task<int> RevokeSessionAsync(BrokerDbContext db, string sessionId, DateTimeOffset utcNow, CancellationToken cancellationToken) =>
        Revoke(db.RefreshTokens.Where(t => t.SessionId == sessionId), utcNow, cancellationToken);

    private static Task<int> RevokeFamilyAsync(BrokerDbContext db, string familyId, DateTimeOffset utcNow, CancellationToken cancellationToken) =>
        Revoke(db.RefreshTokens.Where(t => t.FamilyId == familyId), utcNow, cancellationToken);

    private static Task<int> Revoke(IQueryable<RefreshTokenEntity> tokens, DateTimeOffset utcNow, CancellationToken cancellationToken) =>
        tokens.Where(t => t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, utcNow), cancellationToken);

    private static RefreshUseResult Invalid => new(RefreshUseStatus.Invalid, null, null, null);

    /// <summary>
    /// The successor stored at the token's first use, with the handle kept for it, unless the family has been revoked
    /// since (logout, reuse detected) or the successor is gone — or, with <paramref name="requireUnusedSuccessor"/>, has
    /// been used or has expired.
    /// </summary>
    private static async Task<RefreshUseResult> GraceReplayAsync(BrokerDbContext db, RefreshTokenEntity token, bool requireUnusedSuccessor, CancellationToken cancellationToken)
    {
        if (token is not { SuccessorHash: { } successorHash, ProtectedSuccessor: { } handle })
        {
            return Invalid;
        }

        var familyRevoked = await db.RefreshTokens
            .AnyAsync(t => t.FamilyId == token.FamilyId && t.RevokedAt != null, cancellationToken)
            .ConfigureAwait(false);
        var successor = await db.RefreshTokens.AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == successorHash, cancellationToken)
            .ConfigureAwait(false);
        return familyRevoked || successor is null || (requireUnusedSuccessor && successor.UsedAt is not null)
            ? Invalid
            : new RefreshUseResult(RefreshUseStatus.GraceReplay, RefreshTokenMapper.ToRecord(token), RefreshTokenMapper.ToRecord(successor), handle);
    }
}
