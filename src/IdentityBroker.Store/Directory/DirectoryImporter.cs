using IdentityBroker.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Imports a region's diary directory (the data R-MATCH-2/3 match against) from a JSON Lines or CSV file (FORMATS.md).
/// An idempotent upsert by (region, id): a second import of the same file changes nothing; a changed row is updated and
/// its children replaced. Accounts missing from the file are kept. Bad rows are rejected and reported while good rows go
/// in; everything runs in one transaction, so a fatal error (unreadable file, bad CSV header, database failure) writes
/// nothing. Imports of one region are serialized by an advisory lock.
/// </summary>
public sealed class DirectoryImporter(
    IDbContextFactory<BrokerDbContext> contextFactory,
    TimeProvider timeProvider,
    ILogger<DirectoryImporter>? logger = null)
{
    private const int BatchSize = 500;
    private readonly ILogger _logger = logger ?? NullLogger<DirectoryImporter>.Instance;

    /// <summary>Imports <paramref name="file"/> into <paramref name="regionCode"/>.</summary>
    /// <exception cref="InvalidDataException">The file as a whole cannot be read (e.g. bad CSV header); nothing was written.</exception>
    public async Task<ImportReport> ImportAsync(
        string regionCode,
        Stream file,
        DirectoryFileFormat format,
        PersonalDataHasher hasher,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(hasher);

        var rejected = new List<RejectedRow>();
        var accepted = await ReadAsync(regionCode, file, format, hasher, rejected, cancellationToken).ConfigureAwait(false);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var lockKey = "identity-broker:directory-import:" + regionCode;
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", cancellationToken).ConfigureAwait(false);

        var writer = new DirectoryImportWriter(db, regionCode, timeProvider.GetUtcNow());
        foreach (var batch in accepted.Chunk(BatchSize))
        {
            await writer.WriteBatchAsync(batch, rejected, cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        var report = new ImportReport(writer.Inserted, writer.Updated, writer.Unchanged, rejected.OrderBy(r => r.Line).ToList().AsReadOnly());
        Log.DirectoryImported(_logger, regionCode, report.Inserted, report.Updated, report.Unchanged, report.Rejected.Count);
        return report;
    }

    private static async Task<List<ValidatedAccount>> ReadAsync(
        string regionCode,
        Stream file,
        DirectoryFileFormat format,
        PersonalDataHasher hasher,
        List<RejectedRow> rejected,
        CancellationToken cancellationToken)
    {
        var (rows, fields) = format switch
        {
            DirectoryFileFormat.JsonLines => (JsonLinesDirectoryReader.ReadAsync(file, cancellationToken), DirectoryFieldNames.Json),
            DirectoryFileFormat.Csv => (CsvDirectoryReader.ReadAsync(file, cancellationToken), DirectoryFieldNames.Csv),
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var validator = new DirectoryRowValidator(regionCode, fields, hasher);
        var idLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var loginLines = new Dictionary<string, int>(StringComparer.Ordinal);
        var accepted = new List<ValidatedAccount>();

        await foreach (var row in rows.ConfigureAwait(false))
        {
            var (account, error) = row.FormatError is { } formatError ? (null, formatError) : validator.Validate(row);
            if (account is not null && idLines.TryGetValue(account.Account.Id, out var idLine))
            {
                error = $"{fields.Id}: duplicate of line {idLine}";
            }
            else if (account is not null && loginLines.TryGetValue(account.Account.Login, out var loginLine))
            {
                error = $"{fields.Login}: duplicate of line {loginLine}";
            }

            if (error is not null)
            {
                rejected.Add(new RejectedRow(row.Line, $"line {row.Line}: {error}"));
                continue;
            }

            idLines.Add(account!.Account.Id, row.Line);
            loginLines.Add(account.Account.Login, row.Line);
            accepted.Add(account);
        }

        return accepted;
    }
}
