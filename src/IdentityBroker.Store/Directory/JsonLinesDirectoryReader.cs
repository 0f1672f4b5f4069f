using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using IdentityBroker.Core.Directory;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Reads JSON Lines (FORMATS.md): one object per line; blank lines are skipped; unknown properties are ignored. Streams:
/// one line in memory at a time.
/// </summary>
internal static class JsonLinesDirectoryReader
{
    private static readonly DirectoryFieldNames F = DirectoryFieldNames.Json;

    public static async IAsyncEnumerable<DirectoryRow> ReadAsync(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (line, text) in ReadLinesAsync(file, cancellationToken).ConfigureAwait(false))
        {
            yield return Parse(line, text);
        }
    }

    /// <summary>The non-blank lines with their numbers, unparsed: the importer parses them on several cores
    /// (<see cref="OrderedParallelRows"/>) with <see cref="Parse"/>.</summary>
    public static async IAsyncEnumerable<(int Line, string Text)> ReadLinesAsync(Stream file, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(file, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text)
        {
            line++;
            if (!string.IsNullOrWhiteSpace(text))
            {
                yield return (line, text);
            }
        }
    }

    /// <summary>One line as a row; a line that is not a JSON object, or a bad field, gives <see cref="DirectoryRow.FormatError"/>.</summary>
    public static DirectoryRow Parse(int line, string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return DirectoryRow.Invalid(line, "not valid JSON");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return DirectoryRow.Invalid(line, "expected a JSON object");
            }

            try
            {
                if (Boolean(root, F.Removed) == true)
                {
                    return new DirectoryRow(line) { Id = String(root, F.Id), Removed = true };
                }

                var certificate = Object(root, F.BirthCertificate);
                var passwordHashGiven = root.TryGetProperty(F.PasswordHash, out _);
                return new DirectoryRow(line)
                {
                    Id = String(root, F.Id),
                    Login = String(root, F.Login),
                    LastName = String(root, F.LastName),
                    FirstName = String(root, F.FirstName),
                    MiddleName = String(root, F.MiddleName),
                    BirthDate = String(root, F.BirthDate),
                    Gender = String(root, F.Gender),
                    Snils = String(root, F.Snils),
                    BirthCertificateSeries = certificate is { } c ? String(c, "series", F.BirthCertificate) : null,
                    BirthCertificateNumber = certificate is { } n ? String(n, "number", F.BirthCertificate) : null,
                    Roles = Strings(root, F.Roles),
                    Schools = Schools(root),
                    Activated = Boolean(root, F.Activated),
                    Children = Strings(root, F.Children),
                    PasswordHashGiven = passwordHashGiven,
                    PasswordHash = passwordHashGiven ? String(root, F.PasswordHash) : null,
                };
            }
            catch (RowFormatException ex)
            {
                return DirectoryRow.Invalid(line, ex.Message, IdOrNull(root));
            }
        }
    }

    private static string? IdOrNull(JsonElement root) =>
        root.TryGetProperty(F.Id, out var id) && id.ValueKind == JsonValueKind.String ? NullIfBlank(id.GetString()) : null;

    private static JsonElement? Value(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static string? String(JsonElement owner, string name, string? reportAs = null) => Value(owner, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.String } v => NullIfBlank(v.GetString()),
        _ => throw new RowFormatException(reportAs ?? name, "expected a string"),
    };

    private static bool? Boolean(JsonElement owner, string name) => Value(owner, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        _ => throw new RowFormatException(name, "expected true or false"),
    };

    private static JsonElement? Object(JsonElement owner, string name) => Value(owner, name) switch
    {
        null => null,
        { ValueKind: JsonValueKind.Object } v => v,
        _ => throw new RowFormatException(name, "expected an object"),
    };

    private static List<string>? Strings(JsonElement owner, string name)
    {
        if (Value(owner, name) is not { } array)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new RowFormatException(name, "expected an array of strings");
        }

        return array.EnumerateArray().Select(e => e.GetString()!.Trim()).ToList();
    }

    private static List<School>? Schools(JsonElement owner)
    {
        if (Value(owner, F.Schools) is not { } array)
        {
            return null;
        }

        if (array.ValueKind != JsonValueKind.Array || array.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.Object))
        {
            throw new RowFormatException(F.Schools, "expected an array of {\"id\",\"name\"} objects");
        }

        return array.EnumerateArray()
            .Select(e => new School(String(e, "id", F.Schools) ?? "", String(e, "name", F.Schools) ?? ""))
            .ToList();
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
