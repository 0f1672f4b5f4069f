using System.Globalization;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// Checks one row and turns it into what is stored: SNILS (validated by <see cref="Snils.TryParse"/>) and the birth
/// certificate only as keyed hashes, the name also as its R-MATCH-4 key. Errors name the field, never the value.
/// </summary>
internal sealed class DirectoryRowValidator(string regionCode, DirectoryFieldNames fields, PersonalDataHasher hasher)
{
    /// <summary>Returns the account, or the reason ("field: problem") the row is rejected.</summary>
    public (ValidatedAccount? Account, string? Error) Validate(DirectoryRow row)
    {
        try
        {
            if (row.Removed)
            {
                var removed = new DiaryAccountEntity { RegionCode = regionCode, Id = Required(row.Id, fields.Id) };
                return (new ValidatedAccount(row.Line, removed, [], Removed: true), null);
            }

            var account = ToEntity(row);
            account.PasswordHash = PasswordHash(row);
            return (new ValidatedAccount(row.Line, account, Children(row), row.PasswordHashGiven), null);
        }
        catch (RowFormatException ex)
        {
            return (null, ex.Message);
        }
    }

    private DiaryAccountEntity ToEntity(DirectoryRow row)
    {
        var name = new PersonName(Required(row.LastName, fields.LastName), Required(row.FirstName, fields.FirstName), row.MiddleName);
        return new DiaryAccountEntity
        {
            RegionCode = regionCode,
            Id = Required(row.Id, fields.Id),
            Login = Required(row.Login, fields.Login),
            LastName = name.LastName,
            FirstName = name.FirstName,
            MiddleName = name.MiddleName,
            NormalizedName = name.Normalized,
            BirthDate = BirthDate(row.BirthDate),
            Gender = DiaryAccountMapper.GenderToColumn(Gender(row.Gender)),
            SnilsHash = SnilsHash(row.Snils),
            BirthCertificateHash = BirthCertificateHash(row.BirthCertificateSeries, row.BirthCertificateNumber),
            Roles = Roles(row.Roles),
            Schools = DiaryAccountMapper.SchoolsToJson(Schools(row.Schools)),
            Activated = row.Activated ?? throw new RowFormatException(fields.Activated, "is required"),
        };
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new RowFormatException(field, "is required") : value;

    private DateOnly? BirthDate(string? value) =>
        value is null ? null
        : DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date
        : throw new RowFormatException(fields.BirthDate, "expected yyyy-MM-dd");

    private Gender? Gender(string? value) => value?.ToUpperInvariant() switch
    {
        null => null,
        "M" => Core.People.Gender.Male,
        "F" => Core.People.Gender.Female,
        _ => throw new RowFormatException(fields.Gender, "expected M or F"),
    };

    private string? SnilsHash(string? value)
    {
        if (value is null)
        {
            return null;
        }

        if (Snils.TryParse(value, out var snils))
        {
            return hasher.HashSnils(snils);
        }

        var wellFormed = value.All(c => char.IsAsciiDigit(c) || c is ' ' or '-') && value.Count(char.IsAsciiDigit) == 11;
        throw new RowFormatException(fields.Snils, wellFormed ? "checksum does not match" : "expected 11 digits");
    }

    private string? BirthCertificateHash(string? series, string? number)
    {
        if (series is null && number is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(series) || number is not { Length: 6 } || !number.All(char.IsAsciiDigit))
        {
            throw new RowFormatException(fields.BirthCertificate, "expected a series and a 6-digit number");
        }

        return hasher.HashBirthCertificate(series, number);
    }

    /// <summary>R-MATCH-6: an imported diary password hash must be in a format <see cref="DiaryPasswordHash"/> verifies.</summary>
    private string? PasswordHash(DirectoryRow row) =>
        row.PasswordHash is null || DiaryPasswordHash.IsWellFormed(row.PasswordHash) ? row.PasswordHash
        : throw new RowFormatException(fields.PasswordHash, "not a supported hash (ASP.NET Core Identity v3 or PHC $pbkdf2-sha256$/$pbkdf2-sha512$/$pbkdf2$)");

    private List<string> Roles(IReadOnlyList<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            throw new RowFormatException(fields.Roles, "at least one role is required");
        }

        var parsed = roles.Select(r => r.ToLowerInvariant() switch
        {
            "student" => DiaryRole.Student,
            "parent" => DiaryRole.Parent,
            "staff" => DiaryRole.Staff,
            _ => throw new RowFormatException(fields.Roles, "expected student, parent or staff"),
        });

        // canonical order, so the same roles in another order are not a change
        return parsed.Distinct().Order().Select(DiaryAccountMapper.RoleToColumn).ToList();
    }

    private List<School> Schools(IReadOnlyList<School>? schools)
    {
        var list = schools?.ToList() ?? [];
        return list.Any(s => string.IsNullOrWhiteSpace(s.Id) || string.IsNullOrWhiteSpace(s.Name))
            ? throw new RowFormatException(fields.Schools, "each school needs an id and a name")
            : list.DistinctBy(s => s.Id, StringComparer.Ordinal).ToList();
    }

    private List<string> Children(DirectoryRow row)
    {
        var children = row.Children?.Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList() ?? [];
        return children.Contains(row.Id!, StringComparer.Ordinal)
            ? throw new RowFormatException(fields.Children, "an account cannot be its own child")
            : children;
    }
}
