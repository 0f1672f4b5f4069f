using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IRefreshTokenStore"/>. <see cref="UseAsync"/> runs in one transaction: the first use is a single
/// conditional <c>UPDATE … RETURNING</c> (concurrent first uses queue on the row lock, exactly one matches), which stores
/// the successor's hash and protected handle on the used row and inserts the successor in the used token's family. A
/// later use reads the row: inside the grace window it returns the successor stored at first use; inside the retry window
/// it does so only while that successor is still unused (see <see cref="UseAsync"/>); otherwise it revokes the family.
/// <see cref="FindAsync"/> returns only a usable token (unused, unrevoked, unexpired).
/// </summary>
internal sealed class RefreshTokenStore(IDbContextFactory<BrokerDbContext> contextFactory, NpgsqlDataSource dataSource) : IRefreshTokenStore
{
    /// <summary>
    /// The refresh grant's happy path (issue #11): ONE statement, so one round trip and one commit (autocommit) on one
    /// pooled connection. Atomic single use: the <c>UPDATE … WHERE used_at IS NULL AND revoked_at IS NULL AND expires_at &gt; now</c>
    /// is the same conditional update as <see cref="UseAsync"/>'s first use (of N concurrent uses the row lock lets exactly
    /// one match; the others re-check the updated row and match nothing), narrowed by the checks that must not spend
    /// another client's or another key's token (client id, DPoP key), the scope asked for and a usable account. The
    /// successor (same family, scope and expiry) and the audit record are written by the same statement from the row it
    /// spent, and the account with its children is read in the same snapshot, so the claims are as fresh as the grant. No
    /// row back = nothing written, and the caller takes the general path.
    /// </summary>
    private static readonly string RotateSql = $$"""
        WITH used AS (
            UPDATE broker.refresh_tokens t
            SET used_at = $2, successor_hash = $7, protected_successor = $8
            WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.revoked_at IS NULL AND t.expires_at > $2
              AND t.client_id = $3
              AND (t.dpop_jkt IS NULL OR t.dpop_jkt = $4)
              AND ($6::text[] IS NULL OR string_to_array(t.scope, ' ') @> $6::text[])
              AND {{GrantSql.UsableAccount("t")}}
            RETURNING t.*
        ), successor AS (
            INSERT INTO broker.refresh_tokens (token_hash, family_id, client_id, subject, region_code, scope, session_id, auth_time, acr, amr, dpop_jkt, created_at, expires_at)
            SELECT $7, u.family_id, u.client_id, u.subject, u.region_code, u.scope, u.session_id, u.auth_time, u.acr, u.amr, COALESCE(u.dpop_jkt, $5), $2, u.expires_at
            FROM used u
        ), audit AS (
            INSERT INTO broker.audit_records (at, event_type, region_code, client_id, outcome, diary_account_id, detail)
            SELECT $2, $9, u.region_code, u.client_id, 'success', u.subject, $10
            FROM used u
        )
        SELECT u.token_hash, u.family_id, u.client_id, u.subject, u.region_code, u.scope, u.session_id, u.auth_time, u.acr, u.amr,
               u.dpop_jkt, u.created_at, u.expires_at,
               {{GrantSql.AccountColumns}}
        FROM used u JOIN broker.diary_accounts a ON a.region_code = u.region_code AND a.id = u.subject
        """;

    public async Task<RefreshRotated?> TryRotateAsync(RefreshRotation rotation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rotation);
        await using var command = dataSource.CreateCommand(RotateSql);
        command.Add(rotation.TokenHash, NpgsqlDbType.Text);
        command.Add(rotation.Now);
        command.Add(rotation.ClientId, NpgsqlDbType.Text);
        command.Add(rotation.RequestDpopJkt, NpgsqlDbType.Text);
        command.Add(rotation.SuccessorDpopJkt, NpgsqlDbType.Text);
        command.Add(rotation.RequestedScopes?.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
        command.Add(rotation.SuccessorHash, NpgsqlDbType.Text);
        command.Add(rotation.ProtectedSuccessorHandle, NpgsqlDbType.Bytea);
        command.Add(AuditEventTypes.TokenIssued, NpgsqlDbType.Text);
        command.Add(rotation.AuditDetail, NpgsqlDbType.Text);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var token = new RefreshTokenRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            reader.GetString(6), GrantSql.Timestamp(reader, 7), GrantSql.NullableString(reader, 8), reader.GetFieldValue<string[]>(9).AsReadOnly(),
            GrantSql.NullableString(reader, 10), GrantSql.Timestamp(reader, 11), GrantSql.Timestamp(reader, 12));
        var account = GrantSql.ReadAccount(reader, 13);
        var successor = token with { TokenHash = rotation.SuccessorHash, DpopJkt = token.DpopJkt ?? rotation.SuccessorDpopJkt, CreatedAt = rotation.Now };
        return new RefreshRotated(token, successor, account);
    }
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
