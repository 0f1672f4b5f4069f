using System.Runtime.CompilerServices;
using System.Text;
using IdentityBroker.Core.Directory;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Reads the CSV format (FORMATS.md). The header names every column (any order). A bad header is fatal
/// (<see cref="InvalidDataException"/>); a bad row is returned with <see cref="DirectoryRow.FormatError"/>.
/// </summary>
internal static class CsvDirectoryReader
{
    private static readonly DirectoryFieldNames F = DirectoryFieldNames.Csv;

    public static async IAsyncEnumerable<DirectoryRow> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var text = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var records = new CsvRecordReader(text);
        var header = await records.ReadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("the file is empty: expected a header row");
        var columns = MapHeader(header.Fields);

        while (await records.ReadAsync(cancellationToken).ConfigureAwait(false) is { } record)
        {
            var (line, fields) = record;
            if (fields.Count == 1 && string.IsNullOrWhiteSpace(fields[0]))
            {
                continue; // blank line
            }

            yield return fields.Count != columns.Count
                ? DirectoryRow.Invalid(line, $"expected {columns.Count} fields, found {fields.Count}", fields.Count > columns[F.Id] ? Cell(fields[columns[F.Id]]) : null)
                : Parse(line, name => columns.TryGetValue(name, out var i) ? Cell(fields[i]) : null, columns.ContainsKey(F.PasswordHash));
        }
    }

    private static Dictionary<string, int> MapHeader(List<string> header)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF').ToLowerInvariant();
            if (!F.All.Contains(name) && !F.Optional.Contains(name))
            {
                throw new InvalidDataException($"line 1: unknown column '{name}'; expected: {string.Join(',', F.All)} (optional: {string.Join(',', F.Optional)})");
            }

            if (!columns.TryAdd(name, i))
            {
                throw new InvalidDataException($"line 1: column '{name}' appears twice");
            }
        }

        var missing = F.All.Where(c => !columns.ContainsKey(c)).ToList();
        return missing.Count == 0
            ? columns
            : throw new InvalidDataException($"line 1: missing column(s): {string.Join(',', missing)}");
    }

    private static DirectoryRow Parse(int line, Func<string, string?> cell, bool hasPasswordHashColumn)
    {
        try
        {
            if (Boolean(cell(F.Removed), F.Removed) == true)
            {
                return new DirectoryRow(line) { Id = cell(F.Id), Removed = true };
            }

            var (series, number) = BirthCertificate(cell(F.BirthCertificate));
            return new DirectoryRow(line)
            {
                Id = cell(F.Id),
                Login = cell(F.Login),
                LastName = cell(F.LastName),
                FirstName = cell(F.FirstName),
                MiddleName = cell(F.MiddleName),
                BirthDate = cell(F.BirthDate),
                Gender = cell(F.Gender),
                Snils = cell(F.Snils),
                BirthCertificateSeries = series,
                BirthCertificateNumber = number,
                Roles = List(cell(F.Roles)),
                Schools = Schools(cell(F.Schools)),
                Activated = Boolean(cell(F.Activated), F.Activated),
                Children = List(cell(F.Children)),

                // a password_hash column is authoritative for every row: an empty cell clears the stored hash
                PasswordHashGiven = hasPasswordHashColumn,
                PasswordHash = cell(F.PasswordHash),
            };
        }
        catch (RowFormatException ex)
        {
            return DirectoryRow.Invalid(line, ex.Message, cell(F.Id));
        }
    }

    private static string? Cell(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string>? List(string? cell) =>
        cell?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();

    private static List<School>? Schools(string? cell) => List(cell)?.Select(pair =>
    {
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon <= 0
            ? throw new RowFormatException(F.Schools, "expected id:name pairs separated by ';'")
            : new School(pair[..colon].Trim(), pair[(colon + 1)..].Trim());
    }).ToList();

    private static (string? Series, string? Number) BirthCertificate(string? cell)
    {
        if (cell is null)
        {
            return (null, null);
        }

        var space = cell.LastIndexOf(' ');
        return space <= 0
            ? throw new RowFormatException(F.BirthCertificate, "expected the series and the number separated by a space")
            : (cell[..space].Trim(), cell[(space + 1)..]);
    }

    private static bool? Boolean(string? cell, string field) => cell?.ToLowerInvariant() switch
    {
        null => null,
        "true" or "1" => true,
        "false" or "0" => false,
        _ => throw new RowFormatException(field, "expected true or false"),
    };
}
