using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IdentityBroker.Store.Directory;

/// <summary>What the broker holds for one diary account, as a diary back-end may see it: flags, counts and times, no
/// personal data (the caller already knows the id it asked for; SNILS and names are never returned, only whether they are set).</summary>
/// <param name="Present">False: the account is not in the directory (never pushed, or removed).</param>
/// <param name="Usable">R-MATCH-8: activated and attached to a school, so it can be signed into.</param>
/// <param name="LastChange">The latest directory change of the account that was audited (sync batches; deactivations also from imports).</param>
public sealed record DiaryAccountSyncState(
    string Id,
    bool Present,
    bool? Activated,
    bool? Usable,
    int? Schools,
    bool? HasSnils,
    bool? HasBirthDate,
    bool? HasBirthCertificate,
    bool? HasPasswordHash,
    int? Children,
    int? Parents,
    bool? Linked,
    DateTimeOffset? ImportedAt,
    DateTimeOffset? UpdatedAt,
    DirectoryChange? LastChange);

/// <summary>One audited directory change: when, what (inserted, updated, removed, deactivated) and its source (batch id).</summary>
public sealed record DirectoryChange(DateTimeOffset At, string Change, string? Source);

/// <summary>Counts of a region's directory.</summary>
public sealed record DirectoryCounts(
    string RegionCode, long Accounts, long Activated, long Usable, long WithSnils, long WithPasswordHash, long Relations, long LinkedAccounts,
    long Batches, DateTimeOffset? LastBatchAt);

/// <summary>Read side of the directory sync API (docs/directory-sync.md): one account's sync state, a region's counts.
/// Every query names the region.</summary>
public sealed class DirectorySyncState(IDbContextFactory<BrokerDbContext> contextFactory)
{
    public async Task<DiaryAccountSyncState> GetAccountAsync(string regionCode, string accountId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        var last = await LastChangeAsync(connection, regionCode, accountId, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT a.activated, jsonb_array_length(a.schools), a.snils_hash IS NOT NULL, a.birth_date IS NOT NULL,
                   a.birth_certificate_hash IS NOT NULL, a.password_hash IS NOT NULL, a.imported_at, a.updated_at,
                   (SELECT count(*) FROM broker.diary_relations r WHERE r.region_code = a.region_code AND r.parent_id = a.id),
                   (SELECT count(*) FROM broker.diary_relations r WHERE r.region_code = a.region_code AND r.child_id = a.id),
                   EXISTS (SELECT 1 FROM broker.account_links l WHERE l.region_code = a.region_code AND l.diary_account_id = a.id)
            FROM broker.diary_accounts a WHERE a.region_code = @region AND a.id = @id
            """,
            connection);
        command.Parameters.AddWithValue("region", regionCode);
        command.Parameters.AddWithValue("id", accountId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return new DiaryAccountSyncState(accountId, false, null, null, null, null, null, null, null, null, null, null, null, null, last);
        }

        var schools = r.GetInt32(1);
        return new DiaryAccountSyncState(
            accountId, true, r.GetBoolean(0), r.GetBoolean(0) && schools > 0, schools, r.GetBoolean(2), r.GetBoolean(3), r.GetBoolean(4),
            r.GetBoolean(5), (int)r.GetInt64(8), (int)r.GetInt64(9), r.GetBoolean(10),
            r.GetFieldValue<DateTimeOffset>(6), r.GetFieldValue<DateTimeOffset>(7), last);
    }

    public async Task<DirectoryCounts> CountAsync(string regionCode, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*), count(*) FILTER (WHERE activated), count(*) FILTER (WHERE activated AND jsonb_array_length(schools) > 0),
                   count(snils_hash), count(password_hash),
                   (SELECT count(*) FROM broker.diary_relations WHERE region_code = @region),
                   (SELECT count(DISTINCT diary_account_id) FROM broker.account_links WHERE region_code = @region),
                   (SELECT count(*) FROM broker.directory_sync_batches WHERE region_code = @region),
                   (SELECT max(received_at) FROM broker.directory_sync_batches WHERE region_code = @region)
            FROM broker.diary_accounts WHERE region_code = @region
            """,
            connection);
        command.Parameters.AddWithValue("region", regionCode);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new DirectoryCounts(
            regionCode, r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt64(6), r.GetInt64(7),
            r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8));
    }

    private static async Task<DirectoryChange?> LastChangeAsync(NpgsqlConnection connection, string regionCode, string accountId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT at, outcome, detail FROM broker.audit_records
            WHERE region_code = @region AND diary_account_id = @id AND event_type = @event
            ORDER BY at DESC, id DESC LIMIT 1
            """,
            connection);
        command.Parameters.AddWithValue("region", regionCode);
        command.Parameters.AddWithValue("id", accountId);
        command.Parameters.AddWithValue("event", DirectoryAuditEvents.Change);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new DirectoryChange(r.GetFieldValue<DateTimeOffset>(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2))
            : null;
    }
}
