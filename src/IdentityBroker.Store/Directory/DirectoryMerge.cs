using System.Globalization;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Core.Stores;
using Npgsql;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Merges the staged rows (<see cref="DirectoryStaging"/>) into the region's directory with set-based statements, inside
/// the importer's transaction: duplicate and login checks, removals (R-MATCH-7: links deleted and audited, relations
/// deleted), an UPDATE of the accounts that really changed, an INSERT of the new ones, and the replacement of the changed
/// parents' relations. Every statement names the region, so other regions are never touched.
/// <para>
/// Both ways in — the file import and the directory sync API — run this one merge, so removals and deactivations behave
/// the same: a removed or newly unusable account (R-MATCH-8: deactivated, or no school left) has its refresh tokens
/// revoked in the same transaction, so a signed-in person's next refresh fails at once; each deactivation is audited.
/// With <see cref="DirectoryImportOptions.AuditSource"/> (the sync API) every insert, update and removal is audited too.
/// </para>
/// </summary>
internal sealed class DirectoryMerge(NpgsqlConnection connection, string regionCode, DateTimeOffset now)
{
    private const string Rows = DirectoryStaging.Table;
    private const string RemovedTable = "directory_import_removed";
    private const string Children = "directory_import_children";
    private const string ChangedParents = "directory_import_changed_parents";
    private const string DeactivatedTable = "directory_import_deactivated";
    private const string Changes = "directory_import_changes";

    /// <summary>R-MATCH-8 as SQL over an account row: activated and attached to at least one school.</summary>
    private static string Usable(string alias) => $"({alias}.activated AND jsonb_array_length({alias}.schools) > 0)";

    private DirectoryImportOptions _options = DirectoryImportOptions.Upsert;

    /// <summary>The account columns an import sets; compared as a row so an identical file changes nothing.</summary>
    private const string DataColumns =
        "login, last_name, first_name, middle_name, normalized_name, birth_date, gender, snils_hash, birth_certificate_hash, roles, schools, activated";

    public List<RejectedRow> Rejected { get; } = [];

    public int Inserted { get; private set; }

    public int Updated { get; private set; }

    public int Unchanged { get; private set; }

    public int Removed { get; private set; }

    public int LinksRemoved { get; private set; }

    public int RelationsRemoved { get; private set; }

    /// <summary>Accounts that were usable and are not any more (R-MATCH-8); their refresh tokens were revoked.</summary>
    public int Deactivated { get; private set; }

    /// <summary>Refresh tokens revoked because their account was removed or deactivated.</summary>
    public int TokensRevoked { get; private set; }

    /// <summary>The directory was empty and the secondary indexes were rebuilt after the load (<see cref="DirectoryBulkLoad"/>).</summary>
    public bool BulkLoad { get; private set; }

    /// <summary>Milliseconds per statement, for the debug log and the benchmark ("what dominates").</summary>
    public List<(string Step, long Milliseconds)> Timings { get; } = [];

    public async Task RunAsync(DirectoryImportOptions options, CancellationToken cancellationToken)
    {
        _options = options;
        // SET LOCAL: this transaction only; the merge's sorts (duplicate checks, ORDER BY id) of a large file stay in memory
        await ExecuteAsync($"SET LOCAL work_mem = '64MB'; CREATE INDEX ON {Rows} (id); ANALYZE {Rows}", cancellationToken).ConfigureAwait(false);
        if (Tracking)
        {
            await ExecuteAsync($"CREATE TEMPORARY TABLE {Changes} (id text NOT NULL, change text NOT NULL) ON COMMIT DROP", cancellationToken).ConfigureAwait(false);
        }

        await RejectDuplicatesAsync("id", "kind < 2", cancellationToken).ConfigureAwait(false);
        await RejectDuplicatesAsync("login", "kind = 0", cancellationToken).ConfigureAwait(false);
        await RemoveAsync(options, cancellationToken).ConfigureAwait(false);

        // A login held by another stored account is rejected, not a unique violation; also when that account gives the
        // login up in the same file (applying both in one statement could break the unique index halfway).
        await RejectAsync(
            $"""
            UPDATE {Rows} s SET kind = 2 FROM broker.diary_accounts a
            WHERE s.kind = 0 AND a.region_code = @region AND a.login = s.login AND a.id <> s.id
            RETURNING s.line, 'login: already used by another account'
            """,
            cancellationToken).ConfigureAwait(false);

        await StageChildrenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            $"""
            CREATE TEMPORARY TABLE {DeactivatedTable} (id text NOT NULL) ON COMMIT DROP;
            INSERT INTO {DeactivatedTable}
            SELECT a.id FROM broker.diary_accounts a JOIN {Rows} s ON s.kind = 0 AND s.id = a.id
            WHERE a.region_code = @region AND {Usable("a")} AND NOT {Usable("s")}
            """,
            cancellationToken).ConfigureAwait(false);
        var staged = await ScalarAsync($"SELECT count(*) FROM {Rows} WHERE kind = 0", cancellationToken).ConfigureAwait(false);
        var bulk = !Tracking && staged >= _options.BulkLoadMinimumRows
            ? await DirectoryBulkLoad.TryBeginAsync(connection, cancellationToken).ConfigureAwait(false)
            : null;
        BulkLoad = bulk is not null;
        Updated = await ExecuteAsync(Track(
            $"""
            UPDATE broker.diary_accounts a
            SET ({DataColumns}) = ({Prefixed("s")}),
                password_hash = CASE WHEN s.password_hash_given THEN s.password_hash ELSE a.password_hash END,
                updated_at = @now
            FROM {Rows} s
            WHERE s.kind = 0 AND a.region_code = @region AND a.id = s.id
              AND (({Prefixed("a")}) IS DISTINCT FROM ({Prefixed("s")})
                   OR (s.password_hash_given AND a.password_hash IS DISTINCT FROM s.password_hash)
                   OR EXISTS (SELECT 1 FROM {ChangedParents} c WHERE c.id = s.id))
            """, "updated"),
            cancellationToken).ConfigureAwait(false);
        Inserted = await ExecuteAsync(Track(
            $"""
            INSERT INTO broker.diary_accounts AS a (region_code, id, {DataColumns}, password_hash, imported_at, updated_at)
            SELECT @region, s.id, {Prefixed("s")}, s.password_hash, @now, @now
            FROM {Rows} s
            WHERE s.kind = 0 AND NOT EXISTS (SELECT 1 FROM broker.diary_accounts a WHERE a.region_code = @region AND a.id = s.id)
            ORDER BY s.id
            """, "inserted"),
            cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            $"""
            DELETE FROM broker.diary_relations r USING {ChangedParents} c WHERE r.region_code = @region AND r.parent_id = c.id;
            INSERT INTO broker.diary_relations (region_code, parent_id, child_id)
            SELECT @region, ch.parent_id, ch.child_id FROM {Children} ch JOIN {ChangedParents} c ON c.id = ch.parent_id;
            """,
            cancellationToken).ConfigureAwait(false);
        if (bulk is not null)
        {
            await bulk.CompleteAsync(Time, cancellationToken).ConfigureAwait(false);
        }

        Unchanged = (int)staged - Inserted - Updated;
        await DeactivateAsync(cancellationToken).ConfigureAwait(false);
        if (Tracking)
        {
            await ExecuteAsync(
                $"""
                INSERT INTO broker.audit_records (at, event_type, region_code, client_id, outcome, rule_id, diary_account_id, detail)
                SELECT @now, @change_event, @region, @client, c.change, CASE WHEN c.change = 'removed' THEN @rule END, c.id, @source
                FROM {Changes} c ORDER BY c.id, c.change
                """,
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>With an audit source (the sync API), every change is recorded in <see cref="Changes"/> and audited at the end.</summary>
    private bool Tracking => _options.AuditSource is not null;

    /// <summary>Wraps a data-changing statement over <c>broker.diary_accounts a</c> so it also records the changed ids.</summary>
    private string Track(string statement, string change) =>
        Tracking ? $"WITH changed AS ({statement} RETURNING a.id) INSERT INTO {Changes} SELECT id, '{change}' FROM changed" : statement;

    /// <summary>
    /// R-MATCH-8: an account that was usable and no longer is (deactivated, or no school left) cannot be signed into; the
    /// person's refresh tokens are revoked in this transaction, so their next refresh is refused at once, and each such
    /// account is audited. Its links stay: the sign-in refuses it by R-MATCH-8 while it is unusable, and a re-activated
    /// account signs in through its link again (R-MATCH-7 removes links only with the account).
    /// </summary>
    private async Task DeactivateAsync(CancellationToken cancellationToken)
    {
        Deactivated = (int)await ScalarAsync($"SELECT count(*) FROM {DeactivatedTable}", cancellationToken).ConfigureAwait(false);
        if (Deactivated == 0)
        {
            return;
        }

        TokensRevoked += await ExecuteAsync(
            $"""
            UPDATE broker.refresh_tokens t SET revoked_at = @now FROM {DeactivatedTable} d
            WHERE t.region_code = @region AND t.subject = d.id AND t.revoked_at IS NULL
            """,
            cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            $"""
            INSERT INTO broker.audit_records (at, event_type, region_code, client_id, outcome, rule_id, diary_account_id, detail)
            SELECT @now, @change_event, @region, @client, 'deactivated', @rule8, d.id, @source_or_import || '; refresh tokens revoked'
            FROM {DeactivatedTable} d ORDER BY d.id
            """,
            cancellationToken).ConfigureAwait(false);
    }

    private static string Prefixed(string alias) => alias + "." + DataColumns.Replace(", ", ", " + alias + ".", StringComparison.Ordinal);

    /// <summary>
    /// A later row with the id (or login) of an earlier one is rejected, naming the earlier line. Rejected rows stay
    /// staged as <see cref="DirectoryStaging.Kind.RejectedId"/>, so a full sync still sees their ids.
    /// </summary>
    private Task RejectDuplicatesAsync(string column, string kinds, CancellationToken cancellationToken) =>
        RejectAsync(
            $"""
            WITH ranked AS (
                SELECT line, min(line) OVER (PARTITION BY {column}) AS first FROM {Rows} WHERE {kinds}
            )
            UPDATE {Rows} s SET kind = 2 FROM ranked d
            WHERE s.line = d.line AND d.line > d.first
            RETURNING s.line, '{column}: duplicate of line ' || d.first
            """,
            cancellationToken);

    /// <summary>
    /// R-MATCH-7: removes the accounts marked <c>removed</c> and, with a full sync, the region's accounts whose id is on no
    /// line of the file (guarded by <see cref="DirectoryImportOptions.MaxRemovedShare"/>). Their links are deleted and
    /// each deletion audited; their relations go too, except a child edge of a parent the file lists (the file decides it).
    /// </summary>
    private async Task RemoveAsync(DirectoryImportOptions options, CancellationToken cancellationToken)
    {
        var absent = options.FullSync
            ? $"UNION SELECT a.id FROM broker.diary_accounts a WHERE a.region_code = @region AND NOT EXISTS (SELECT 1 FROM {Rows} s WHERE s.id = a.id)"
            : "";
        await ExecuteAsync(
            $"""
            CREATE TEMPORARY TABLE {RemovedTable} (id text NOT NULL) ON COMMIT DROP;
            INSERT INTO {RemovedTable}
            SELECT a.id FROM broker.diary_accounts a JOIN {Rows} s ON s.kind = 1 AND s.id = a.id WHERE a.region_code = @region
            {absent}
            """,
            cancellationToken).ConfigureAwait(false);
        var removing = await ScalarAsync($"SELECT count(*) FROM {RemovedTable}", cancellationToken).ConfigureAwait(false);
        if (removing == 0)
        {
            return;
        }

        if (options.FullSync)
        {
            var stored = await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = @region", cancellationToken).ConfigureAwait(false);
            var explicitRemovals = await ScalarAsync($"SELECT count(*) FROM {Rows} s WHERE s.kind = 1", cancellationToken).ConfigureAwait(false);
            var share = (double)(removing - Math.Min(explicitRemovals, removing)) / stored;
            if (share > options.MaxRemovedShare)
            {
                throw new DirectoryImportRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"full sync refused: it would remove {removing - Math.Min(explicitRemovals, removing)} of the region's {stored} accounts ({share:P1}), more than the allowed {options.MaxRemovedShare:P0}; nothing was written. Check that the file is the whole directory, or raise the limit (--max-removed-share 1 forces)."));
            }
        }

        await ExecuteAsync($"ANALYZE {RemovedTable}", cancellationToken).ConfigureAwait(false);
        LinksRemoved = await ExecuteAsync(
            $"""
            WITH gone AS (
                DELETE FROM broker.account_links l USING {RemovedTable} x
                WHERE l.region_code = @region AND l.diary_account_id = x.id
                RETURNING l.diary_account_id, l.esia_subject_hash
            )
            INSERT INTO broker.audit_records (at, event_type, region_code, outcome, rule_id, diary_account_id, esia_subject_hash, detail)
            SELECT @now, @event, @region, @outcome, @rule, diary_account_id, esia_subject_hash, 'directory import removed the diary account'
            FROM gone
            """,
            cancellationToken).ConfigureAwait(false);
        RelationsRemoved = await ExecuteAsync(
            $"""
            DELETE FROM broker.diary_relations r USING {RemovedTable} x WHERE r.region_code = @region AND r.parent_id = x.id
            """,
            cancellationToken).ConfigureAwait(false);
        RelationsRemoved += await ExecuteAsync(
            $"""
            DELETE FROM broker.diary_relations r USING {RemovedTable} x
            WHERE r.region_code = @region AND r.child_id = x.id
              AND NOT EXISTS (SELECT 1 FROM {Rows} s WHERE s.kind = 0 AND s.id = r.parent_id)
            """,
            cancellationToken).ConfigureAwait(false);
        // the refresh grant already refuses a removed account; revoking says so in the token table too
        TokensRevoked += await ExecuteAsync(
            $"""
            UPDATE broker.refresh_tokens t SET revoked_at = @now FROM {RemovedTable} x
            WHERE t.region_code = @region AND t.subject = x.id AND t.revoked_at IS NULL
            """,
            cancellationToken).ConfigureAwait(false);
        Removed = await ExecuteAsync(Track(
            $"DELETE FROM broker.diary_accounts a USING {RemovedTable} x WHERE a.region_code = @region AND a.id = x.id", "removed"),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The staged children of each upserted account, and the parents whose stored set differs from it.</summary>
    private Task<int> StageChildrenAsync(CancellationToken cancellationToken) =>
        ExecuteAsync(
            $"""
            CREATE TEMPORARY TABLE {Children} (parent_id text NOT NULL, child_id text NOT NULL) ON COMMIT DROP;
            INSERT INTO {Children}
            SELECT s.id, unnest(s.children) FROM {Rows} s WHERE s.kind = 0 AND cardinality(s.children) > 0;
            CREATE TEMPORARY TABLE {ChangedParents} (id text NOT NULL) ON COMMIT DROP;
            INSERT INTO {ChangedParents}
            SELECT DISTINCT parent_id AS id FROM (
                (SELECT parent_id, child_id FROM {Children}
                 EXCEPT
                 SELECT r.parent_id, r.child_id FROM broker.diary_relations r JOIN {Rows} s ON s.kind = 0 AND s.id = r.parent_id WHERE r.region_code = @region)
                UNION ALL
                (SELECT r.parent_id, r.child_id FROM broker.diary_relations r JOIN {Rows} s ON s.kind = 0 AND s.id = r.parent_id WHERE r.region_code = @region
                 EXCEPT
                 SELECT parent_id, child_id FROM {Children})
            ) changed;
            CREATE INDEX ON {ChangedParents} (id);
            ANALYZE {ChangedParents};
            """,
            cancellationToken);

    private async Task RejectAsync(string sql, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var command = Command(sql);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var line = reader.GetInt32(0);
            Rejected.Add(new RejectedRow(line, reader.GetString(1)));
        }

        Time(sql, started);
    }

    private async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await using var command = Command(sql);
        var affected = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        Time(sql, started);
        return affected;
    }

    private void Time(string sql, long started)
    {
        var words = sql.Split((char[])[' ', '\n', '\r', '('], 6, StringSplitOptions.RemoveEmptyEntries);
        Timings.Add((string.Join(' ', words.Take(5)), (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds));
    }

    private async Task<long> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    private NpgsqlCommand Command(string sql)
    {
        // no timeout: a 10-million-row merge runs for minutes; cancellation still works through the token
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        command.Parameters.AddWithValue("region", regionCode);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("event", AuditEventTypes.Unlink);
        command.Parameters.AddWithValue("outcome", "diary_account_removed");
        command.Parameters.AddWithValue("rule", RuleIds.Match7);
        command.Parameters.AddWithValue("rule8", RuleIds.Match8);
        command.Parameters.AddWithValue("change_event", DirectoryAuditEvents.Change);
        command.Parameters.AddWithValue("client", (object?)_options.AuditClientId ?? DBNull.Value);
        command.Parameters.AddWithValue("source", (object?)_options.AuditSource ?? DBNull.Value);
        command.Parameters.AddWithValue("source_or_import", _options.AuditSource ?? "directory import");
        return command;
    }
}
