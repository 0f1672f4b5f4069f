using System.Diagnostics;
using System.Text;
using IdentityBroker.Core.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Imports a region's diary directory (the data R-MATCH-2/3 match against) from a JSON Lines or CSV file (FORMATS.md).
/// An idempotent upsert by (region, id): a second import of the same file changes nothing; a changed row is updated and
/// its children replaced. Rows marked <c>removed</c> (and, with <see cref="DirectoryImportOptions.FullSync"/>, accounts
/// absent from the file) are removed with their links and relations (R-MATCH-7). Imported diary password hashes are
/// validated and stored (R-MATCH-6).
/// <para>
/// The file is streamed: each row is read, validated and hashed, then binary-COPied into a temporary staging table, so
/// memory does not grow with the file (only rejected rows are kept for the report). The merge is a few set-based
/// statements (<see cref="DirectoryMerge"/>). Everything runs in one transaction, so a fatal error (unreadable file, bad
/// CSV header, a refused full sync, a database failure, cancellation) writes nothing. Imports of one region are serialized
/// by an advisory lock. The directory sync API (<see cref="DirectorySyncBatches"/>) applies its batches through the same
/// <see cref="ApplyAsync"/>, so both ways in share validation, merge, removal and audit.
/// </para>
/// </summary>
public sealed class DirectoryImporter(
    IDbContextFactory<BrokerDbContext> contextFactory,
    TimeProvider timeProvider,
    ILogger<DirectoryImporter>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<DirectoryImporter>.Instance;

    /// <summary>Imports <paramref name="file"/> into <paramref name="regionCode"/> as an upsert (nothing absent is removed).</summary>
    /// <exception cref="InvalidDataException">The file as a whole cannot be read (e.g. bad CSV header); nothing was written.</exception>
    public Task<ImportReport> ImportAsync(
        string regionCode,
        Stream file,
        DirectoryFileFormat format,
        PersonalDataHasher hasher,
        CancellationToken cancellationToken) =>
        ImportAsync(regionCode, file, format, hasher, DirectoryImportOptions.Upsert, cancellationToken);

    /// <summary>Imports <paramref name="file"/> into <paramref name="regionCode"/>.</summary>
    /// <exception cref="InvalidDataException">The file as a whole cannot be read (e.g. bad CSV header); nothing was written.</exception>
    /// <exception cref="DirectoryImportRefusedException">A full sync would remove too much, or cannot know what is absent; nothing was written.</exception>
    public async Task<ImportReport> ImportAsync(
        string regionCode,
        Stream file,
        DirectoryFileFormat format,
        PersonalDataHasher hasher,
        DirectoryImportOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(regionCode);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(hasher);
        ArgumentNullException.ThrowIfNull(options);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await LockRegionAsync(connection, regionCode, cancellationToken).ConfigureAwait(false);
        var report = await ApplyAsync(connection, regionCode, file, format, hasher, options, cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return report;
    }

    /// <summary>Serializes imports and sync batches of one region until the caller's transaction ends.</summary>
    internal static async Task LockRegionAsync(NpgsqlConnection connection, string regionCode, CancellationToken cancellationToken)
    {
        await using var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@key, 0))", connection);
        lockCommand.Parameters.AddWithValue("key", "identity-broker:directory-import:" + regionCode);
        await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stages and merges <paramref name="file"/> inside the caller's open transaction (which holds
    /// <see cref="LockRegionAsync"/>): the one implementation behind both the file import and the directory sync API.
    /// The caller commits; on any exception it rolls back and nothing is written.
    /// </summary>
    internal async Task<ImportReport> ApplyAsync(
        NpgsqlConnection connection,
        string regionCode,
        Stream file,
        DirectoryFileFormat format,
        PersonalDataHasher hasher,
        DirectoryImportOptions options,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var rejected = new List<RejectedRow>();
        var mixedScripts = new List<MixedScriptRow>();
        long staged;
        int read;
        await using (var staging = await DirectoryStaging.BeginAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            read = await StageAsync(regionCode, file, format, hasher, options, staging, rejected, mixedScripts, cancellationToken).ConfigureAwait(false);
            await staging.CompleteAsync(cancellationToken).ConfigureAwait(false);
            staged = staging.Rows;
        }

        var stageTime = clock.ElapsedMilliseconds;
        var merge = new DirectoryMerge(connection, regionCode, timeProvider.GetUtcNow());
        await merge.RunAsync(options, cancellationToken).ConfigureAwait(false);
#pragma warning disable CA1873 // once per import, next to a merge of thousands of rows
        DirectoryLog.Phases(_logger, regionCode, staged, stageTime, clock.ElapsedMilliseconds - stageTime,
            (merge.BulkLoad ? "empty directory, indexes built after the load: " : "") + string.Join("; ", merge.Timings.Select(t => $"{t.Step} {t.Milliseconds} ms")));
#pragma warning restore CA1873

        rejected.AddRange(merge.Rejected);
        var report = new ImportReport(merge.Inserted, merge.Updated, merge.Unchanged, rejected.OrderBy(r => r.Line).ToList().AsReadOnly())
        {
            Removed = merge.Removed,
            LinksRemoved = merge.LinksRemoved,
            RelationsRemoved = merge.RelationsRemoved,
            MixedScriptNames = mixedScripts.OrderBy(r => r.Line).ToList().AsReadOnly(),
            Deactivated = merge.Deactivated,
            TokensRevoked = merge.TokensRevoked,
            Rows = read,
        };
        Log.DirectoryImported(_logger, regionCode, report.Inserted, report.Updated, report.Unchanged, report.Rejected.Count);
        if (report.MixedScriptNames.Count > 0)
        {
            // Counts and ids only, never the names (issue #10 item 8).
            DirectoryLog.MixedScriptNames(_logger, regionCode, report.MixedScriptNames.Count,
                string.Join(", ", report.MixedScriptNames.Take(20).Select(r => $"line {r.Line} id {r.AccountId}")) + (report.MixedScriptNames.Count > 20 ? ", …" : string.Empty));
        }

        if (report.Removed > 0)
        {
            DirectoryLog.Removed(_logger, regionCode, report.Removed, report.LinksRemoved, report.RelationsRemoved);
        }

        if (report.Deactivated > 0)
        {
            DirectoryLog.Deactivated(_logger, regionCode, report.Deactivated, report.TokensRevoked);
        }

        return report;
    }

    /// <summary>Reads, validates and stages row by row, in file order; rejected rows go to the report (and, for a full
    /// sync, their ids to staging). Parsing, validation and hashing run on all cores (<see cref="OrderedParallelRows"/>),
    /// the COPY on this one. Returns how many rows were read.</summary>
    private static async Task<int> StageAsync(
        string regionCode,
        Stream file,
        DirectoryFileFormat format,
        PersonalDataHasher hasher,
        DirectoryImportOptions options,
        DirectoryStaging staging,
        List<RejectedRow> rejected,
        List<MixedScriptRow> mixedScripts,
        CancellationToken cancellationToken)
    {
        var fields = format switch
        {
            DirectoryFileFormat.JsonLines => DirectoryFieldNames.Json,
            DirectoryFileFormat.Csv => DirectoryFieldNames.Csv,
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
        var validator = new DirectoryRowValidator(regionCode, fields, hasher);
        CheckedRow Check(DirectoryRow row)
        {
            var (account, error) = row.FormatError is { } formatError ? (null, formatError) : validator.Validate(row);
            var mixed = account is { Removed: false } && Core.Matching.NameScripts.MixesCyrillicAndLatin(
                new Core.People.PersonName(account.Account.LastName, account.Account.FirstName, account.Account.MiddleName));
            return new CheckedRow(row, account, error, mixed);
        }

        var parallelism = Environment.ProcessorCount;
        var rows = format == DirectoryFileFormat.JsonLines
            ? OrderedParallelRows.SelectAsync(
                JsonLinesDirectoryReader.ReadLinesAsync(file, cancellationToken),
                l => Check(JsonLinesDirectoryReader.Parse(l.Line, l.Text)), parallelism, cancellationToken)
            : OrderedParallelRows.SelectAsync(CsvDirectoryReader.ReadAsync(file, cancellationToken), Check, parallelism, cancellationToken);
        var count = 0;
        var lastLine = 0;
        try
        {
            await foreach (var (row, account, error, mixed) in rows.ConfigureAwait(false))
            {
                lastLine = row.Line;
                if (++count > options.MaxRows)
                {
                    throw new DirectoryBatchTooLargeException(options.MaxRows.Value);
                }

                if (account is not null)
                {
                    if (mixed)
                    {
                        mixedScripts.Add(new MixedScriptRow(row.Line, account.Account.Id)); // issue #10 item 8: ids only
                    }

                    await staging.WriteAsync(account, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                rejected.Add(new RejectedRow(row.Line, error!));
                if (!options.FullSync)
                {
                    continue;
                }

                // A full sync removes what the file does not mention; a row whose id cannot be read leaves that unknown.
                if (string.IsNullOrWhiteSpace(row.Id))
                {
                    throw new DirectoryImportRefusedException(
                        $"full sync refused: line {row.Line} has no readable {fields.Id}, so the accounts absent from the file cannot be known; nothing was written. Fix the line, or import without a full sync.");
                }

                await staging.WriteRejectedIdAsync(row.Line, row.Id.Trim(), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"the input is not valid UTF-8 after line {lastLine}; save it as UTF-8 (FORMATS.md) and import again", ex);
        }

        return count;
    }

    /// <summary>A row after parsing and validation: the account to stage, or the reason it is rejected.</summary>
    private readonly record struct CheckedRow(DirectoryRow Row, ValidatedAccount? Account, string? Error, bool MixedScripts);
}
