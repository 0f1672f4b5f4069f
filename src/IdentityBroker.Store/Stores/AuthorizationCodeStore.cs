using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Mapping;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="IAuthorizationCodeStore"/>. Consumption is one conditional <c>UPDATE … RETURNING</c>; only when
/// it returns nothing does a second read tell NotFound, AlreadyConsumed (a replay, RFC 6749 §4.1.2, with what the first
/// redemption issued) and Expired apart.
/// </summary>
internal sealed class AuthorizationCodeStore(IDbContextFactory<BrokerDbContext> contextFactory, NpgsqlDataSource dataSource) : IAuthorizationCodeStore
{
    /// <summary>
    /// The redemption's happy path (issue #11): ONE statement, one round trip, one commit. Atomic single use: the
    /// conditional <c>UPDATE … WHERE consumed_at IS NULL AND expires_at &gt; now</c> of <see cref="ConsumeAsync"/>, narrowed
    /// by the code's bindings (client, redirect URI, PKCE S256 challenge — or none when no verifier was sent —, DPoP key)
    /// and a usable account, so a code that would be refused is NOT consumed here (the general path consumes and refuses
    /// it, as before). The same update records what the redemption issues (jti, expiry, refresh family: a replay from the
    /// commit on revokes them, RFC 6749 §4.1.2), the refresh family's first token is inserted when the scope has
    /// offline_access and the client may refresh, the audit record written, and the account with its children read in
    /// the same snapshot. No row back = nothing written.
    /// </summary>
    private static readonly string RedeemSql = $$"""
        WITH consumed AS (
            UPDATE broker.authorization_codes c
            SET consumed_at = $2,
                issued_access_token_jti = $7,
                issued_access_token_expires_at = $8,
                issued_refresh_family_id = CASE WHEN $10 AND 'offline_access' = ANY (string_to_array(c.scope, ' ')) THEN $11 END,
                keep_until = GREATEST(c.keep_until, $9)
            WHERE c.code_hash = $1 AND c.consumed_at IS NULL AND c.expires_at > $2
              AND c.client_id = $3 AND c.redirect_uri = $4
              AND c.code_challenge IS NOT DISTINCT FROM $5
              AND (c.dpop_jkt IS NULL OR c.dpop_jkt = $6)
              AND {{GrantSql.UsableAccount("c")}}
            RETURNING c.*
        ), family AS (
            INSERT INTO broker.refresh_tokens (token_hash, family_id, client_id, subject, region_code, scope, session_id, auth_time, acr, amr, dpop_jkt, created_at, expires_at)
            SELECT $12, c.issued_refresh_family_id, c.client_id, c.subject, c.region_code, c.scope, c.session_id, c.auth_time, c.acr, c.amr, $13, $2, c.auth_time + $14
            FROM consumed c WHERE c.issued_refresh_family_id IS NOT NULL
        ), audit AS (
            INSERT INTO broker.audit_records (at, event_type, region_code, client_id, outcome, diary_account_id, detail)
            SELECT $2, $15, c.region_code, c.client_id, 'success', c.subject, CASE WHEN c.issued_refresh_family_id IS NULL THEN $16 ELSE $17 END
            FROM consumed c
        )
        SELECT c.code_hash, c.client_id, c.redirect_uri, c.subject, c.region_code, c.scope, c.nonce, c.code_challenge, c.code_challenge_method,
               c.session_id, c.auth_time, c.acr, c.amr, c.created_at, c.expires_at, c.dpop_jkt, c.issued_refresh_family_id,
               {{GrantSql.AccountColumns}}
        FROM consumed c JOIN broker.diary_accounts a ON a.region_code = c.region_code AND a.id = c.subject
        """;

    public async Task<CodeRedeemed?> TryRedeemAsync(CodeRedemption redemption, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(redemption);
        await using var command = dataSource.CreateCommand(RedeemSql);
        command.Add(redemption.CodeHash, NpgsqlDbType.Text);
        command.Add(redemption.Now);
        command.Add(redemption.ClientId, NpgsqlDbType.Text);
        command.Add(redemption.RedirectUri, NpgsqlDbType.Text);
        command.Add(redemption.CodeChallenge, NpgsqlDbType.Text);
        command.Add(redemption.RequestDpopJkt, NpgsqlDbType.Text);
        command.Add(redemption.AccessTokenJti, NpgsqlDbType.Text);
        command.Add(redemption.AccessTokenExpiresAt);
        command.Add(redemption.KeepUntil);
        command.Add(redemption.RefreshAllowed, NpgsqlDbType.Boolean);
        command.Add(redemption.RefreshFamilyId, NpgsqlDbType.Text);
        command.Add(redemption.RefreshTokenHash, NpgsqlDbType.Text);
        command.Add(redemption.RefreshDpopJkt, NpgsqlDbType.Text);
        command.Add(redemption.RefreshLifetime, NpgsqlDbType.Interval);
        command.Add(AuditEventTypes.TokenIssued, NpgsqlDbType.Text);
        command.Add(redemption.AuditDetail, NpgsqlDbType.Text);
        command.Add(redemption.AuditDetailWithRefresh, NpgsqlDbType.Text);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var grant = new AuthorizationCodeGrant(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
            GrantSql.NullableString(reader, 6), GrantSql.NullableString(reader, 7), GrantSql.NullableString(reader, 8), reader.GetString(9),
            GrantSql.Timestamp(reader, 10), GrantSql.NullableString(reader, 11), reader.GetFieldValue<string[]>(12).AsReadOnly(),
            GrantSql.Timestamp(reader, 13), GrantSql.Timestamp(reader, 14), GrantSql.NullableString(reader, 15));
        var family = GrantSql.NullableString(reader, 16);
        return new CodeRedeemed(grant, family, GrantSql.ReadAccount(reader, 17));
    }
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
