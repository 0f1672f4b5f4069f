using Npgsql;
using NpgsqlTypes;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// The import's staging table: a temporary table (no WAL, dropped at commit) that every row of the file is streamed into
/// with binary COPY, so the merge into <c>broker.diary_accounts</c> is a handful of set-based statements
/// (<see cref="DirectoryMerge"/>). Holds one row at a time in memory, whatever the file size.
/// </summary>
internal sealed class DirectoryStaging : IAsyncDisposable
{
    /// <summary>Temporary table of the import's rows; <c>kind</c>: see <see cref="Kind"/>.</summary>
    public const string Table = "directory_import_rows";

    private const string Ddl = $"""
        CREATE TEMPORARY TABLE {Table} (
            line integer NOT NULL,
            kind smallint NOT NULL,
            id text,
            login text,
            last_name text,
            first_name text,
            middle_name text,
            normalized_name text,
            birth_date date,
            gender text,
            snils_hash bytea,
            birth_certificate_hash text,
            roles text[],
            schools jsonb,
            activated boolean,
            password_hash_given boolean,
            password_hash text,
            children text[]
        ) ON COMMIT DROP
        """;

    private const string Copy = $"""
        COPY {Table} (line, kind, id, login, last_name, first_name, middle_name, normalized_name, birth_date, gender,
            snils_hash, birth_certificate_hash, roles, schools, activated, password_hash_given, password_hash, children)
        FROM STDIN (FORMAT BINARY)
        """;

    private readonly NpgsqlBinaryImporter _importer;

    private DirectoryStaging(NpgsqlBinaryImporter importer) => _importer = importer;

    /// <summary>Kinds of staged rows.</summary>
    public static class Kind
    {
        /// <summary>A valid account to insert or update.</summary>
        public const short Upsert = 0;

        /// <summary>A valid removal row (<c>"removed": true</c>).</summary>
        public const short Remove = 1;

        /// <summary>A row rejected while reading, staged only for its id so a full sync does not remove that account.</summary>
        public const short RejectedId = 2;
    }

    public long Rows { get; private set; }

    /// <summary>Creates the temporary table inside the caller's transaction and opens the COPY into it.</summary>
    public static async Task<DirectoryStaging> BeginAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(Ddl, connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return new DirectoryStaging(await connection.BeginBinaryImportAsync(Copy, cancellationToken).ConfigureAwait(false));
    }

    public async Task WriteAsync(ValidatedAccount row, CancellationToken cancellationToken)
    {
        var a = row.Account;
        var removed = row.Removed;
        await _importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(row.Line, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(removed ? Kind.Remove : Kind.Upsert, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.Id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            await WriteNullsAsync(15, cancellationToken).ConfigureAwait(false);
            Rows++;
            return;
        }

        await _importer.WriteAsync(a.Login, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.LastName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.FirstName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(a.MiddleName, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.NormalizedName, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        if (a.BirthDate is { } birthDate)
        {
            await _importer.WriteAsync(birthDate, NpgsqlDbType.Date, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }

        await WriteTextAsync(a.Gender, cancellationToken).ConfigureAwait(false);
        if (a.SnilsHash is null)
        {
            await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // bytea in diary_accounts (DiaryAccountConfiguration): the HMAC's 32 bytes
            await _importer.WriteAsync(Convert.FromHexString(a.SnilsHash), NpgsqlDbType.Bytea, cancellationToken).ConfigureAwait(false);
        }

        await WriteTextAsync(a.BirthCertificateHash, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.Roles, NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.Schools, NpgsqlDbType.Jsonb, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(a.Activated, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(row.PasswordHashGiven, NpgsqlDbType.Boolean, cancellationToken).ConfigureAwait(false);
        await WriteTextAsync(a.PasswordHash, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(row.ChildIds as List<string> ?? [.. row.ChildIds], NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        Rows++;
    }

    /// <summary>Stages only the id of a rejected row (full sync: the account is in the file, just not importable).</summary>
    public async Task WriteRejectedIdAsync(int line, string id, CancellationToken cancellationToken)
    {
        await _importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(line, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(Kind.RejectedId, NpgsqlDbType.Smallint, cancellationToken).ConfigureAwait(false);
        await _importer.WriteAsync(id, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        await WriteNullsAsync(15, cancellationToken).ConfigureAwait(false);
        Rows++;
    }

    /// <summary>Ends the COPY; the rows are then visible to the merge.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken) =>
        await _importer.CompleteAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Without <see cref="CompleteAsync"/> this cancels the COPY (a fatal error while reading the file).</summary>
    public ValueTask DisposeAsync() => _importer.DisposeAsync();

    private async Task WriteTextAsync(string? value, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await _importer.WriteAsync(value, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteNullsAsync(int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await _importer.WriteNullAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
