using System.Security.Cryptography;
using System.Text.Json;
using IdentityBroker.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Applies directory sync batches (docs/directory-sync.md) through the import's own <see cref="DirectoryImporter.ApplyAsync"/>
/// — same row format, validation, merge, removals and deactivations (R-MATCH-7/8) — and keeps each batch id with its
/// outcome in <c>broker.directory_sync_batches</c>.
/// <para>
/// Contract: one transaction per batch, holding the region's import lock, so batches and file imports of a region run
/// one after another. Inside it the batch id is looked up first: a known id with the same body returns the stored outcome
/// and writes nothing (a retried batch changes nothing twice), a known id with another body is a conflict and writes
/// nothing. Otherwise the rows are applied, every change audited with the batch id, and the outcome stored with the id
/// before the commit, so "applied" and "id remembered" are one fact. Any failure (unreadable body, too many rows,
/// database error, an atomic batch with a rejected row) rolls everything back.
/// </para>
/// </summary>
public sealed class DirectorySyncBatches(
    IDbContextFactory<BrokerDbContext> contextFactory,
    DirectoryImporter importer,
    TimeProvider timeProvider,
    ILogger<DirectorySyncBatches>? logger = null)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ILogger _logger = logger ?? NullLogger<DirectorySyncBatches>.Instance;

    /// <exception cref="InvalidDataException">The body as a whole cannot be read (not UTF-8, bad CSV header); nothing was written.</exception>
    /// <exception cref="DirectoryBatchTooLargeException">More rows than <see cref="DirectorySyncBatch.MaxRows"/>; nothing was written.</exception>
    public async Task<DirectorySyncResult> ApplyAsync(DirectorySyncBatch batch, PersonalDataHasher hasher, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(batch.Body.Span)) + ":" + batch.Format;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await DirectoryImporter.LockRegionAsync(connection, batch.RegionCode, cancellationToken).ConfigureAwait(false);

        if (await FindAsync(connection, batch.RegionCode, batch.BatchId, cancellationToken).ConfigureAwait(false) is { } known)
        {
            var status = known.BodyHash == bodyHash ? DirectorySyncStatus.Replayed : DirectorySyncStatus.Conflict;
#pragma warning disable CA1873 // once per replayed batch: an enum name
            DirectoryLog.BatchApplied(_logger, batch.BatchId, batch.ClientId, batch.RegionCode, known.Outcome.Rows, status.ToString(), known.Outcome.Rejected.Count);
#pragma warning restore CA1873
            return new DirectorySyncResult(status, known.Outcome, known.Outcome.Rejected);
        }

        var now = timeProvider.GetUtcNow();
        var options = new DirectoryImportOptions
        {
            MaxRows = batch.MaxRows,
            AuditSource = "directory sync batch " + batch.BatchId,
            AuditClientId = batch.ClientId,
        };
        using var body = new MemoryStream(batch.Body.ToArray(), writable: false);
        var report = await importer.ApplyAsync(connection, batch.RegionCode, body, batch.Format, hasher, options, cancellationToken).ConfigureAwait(false);
        if (batch.Atomic && report.Rejected.Count > 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            DirectoryLog.BatchApplied(_logger, batch.BatchId, batch.ClientId, batch.RegionCode, report.Rows, nameof(DirectorySyncStatus.Refused), report.Rejected.Count);
            return new DirectorySyncResult(DirectorySyncStatus.Refused, null, report.Rejected);
        }

        var outcome = new DirectorySyncOutcome(
            batch.BatchId, batch.ClientId, now, report.Rows, report.Inserted, report.Updated, report.Unchanged, report.Removed,
            report.Deactivated, report.LinksRemoved, report.RelationsRemoved, report.TokensRevoked, report.Rejected);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO broker.directory_sync_batches (region_code, batch_id, client_id, body_sha256, received_at, rows, rejected, outcome)
            VALUES (@region, @batch, @client, @hash, @now, @rows, @rejected, @outcome::jsonb)
            """,
            connection))
        {
            insert.Parameters.AddWithValue("region", batch.RegionCode);
            insert.Parameters.AddWithValue("batch", batch.BatchId);
            insert.Parameters.AddWithValue("client", batch.ClientId);
            insert.Parameters.AddWithValue("hash", bodyHash);
            insert.Parameters.AddWithValue("now", now);
            insert.Parameters.AddWithValue("rows", report.Rows);
            insert.Parameters.AddWithValue("rejected", report.Rejected.Count);
            insert.Parameters.AddWithValue("outcome", JsonSerializer.Serialize(outcome, Json));
            await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        DirectoryLog.BatchApplied(_logger, batch.BatchId, batch.ClientId, batch.RegionCode, report.Rows, nameof(DirectorySyncStatus.Applied), report.Rejected.Count);
        return new DirectorySyncResult(DirectorySyncStatus.Applied, outcome, report.Rejected);
    }

    /// <summary>The stored outcome of one batch of the region, or null.</summary>
    public async Task<DirectorySyncOutcome?> GetAsync(string regionCode, string batchId, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return (await FindAsync(connection, regionCode, batchId, cancellationToken).ConfigureAwait(false))?.Outcome;
    }

    /// <summary>The region's last <paramref name="limit"/> batches, newest first.</summary>
    public async Task<IReadOnlyList<DirectorySyncOutcome>> ListAsync(string regionCode, int limit, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            "SELECT outcome FROM broker.directory_sync_batches WHERE region_code = @region ORDER BY received_at DESC, batch_id LIMIT @limit",
            connection);
        command.Parameters.AddWithValue("region", regionCode);
        command.Parameters.AddWithValue("limit", limit);
        var list = new List<DirectorySyncOutcome>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(JsonSerializer.Deserialize<DirectorySyncOutcome>(reader.GetString(0), Json)!);
        }

        return list;
    }

    private static async Task<(string BodyHash, DirectorySyncOutcome Outcome)?> FindAsync(
        NpgsqlConnection connection, string regionCode, string batchId, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT body_sha256, outcome FROM broker.directory_sync_batches WHERE region_code = @region AND batch_id = @batch",
            connection);
        command.Parameters.AddWithValue("region", regionCode);
        command.Parameters.AddWithValue("batch", batchId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return (reader.GetString(0), JsonSerializer.Deserialize<DirectorySyncOutcome>(reader.GetString(1), Json)!);
    }
}
