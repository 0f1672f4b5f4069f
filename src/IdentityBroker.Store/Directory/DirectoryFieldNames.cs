namespace IdentityBroker.Store.Directory;

/// <summary>Field names as each format spells them, so rejection reasons name the field the way the file does.</summary>
internal sealed record DirectoryFieldNames(
    string Id,
    string Login,
    string LastName,
    string FirstName,
    string MiddleName,
    string BirthDate,
    string Gender,
    string Snils,
    string BirthCertificate,
    string Roles,
    string Schools,
    string Activated,
    string Children,
    string PasswordHash,
    string Removed)
{
    public static readonly DirectoryFieldNames Json = new(
        "id", "login", "lastName", "firstName", "middleName", "birthDate", "gender", "snils", "birthCertificate", "roles", "schools", "activated", "children", "passwordHash", "removed");

    public static readonly DirectoryFieldNames Csv = new(
        "id", "login", "last_name", "first_name", "middle_name", "birth_date", "gender", "snils", "birth_certificate", "roles", "schools", "activated", "children", "password_hash", "removed");

    /// <summary>The columns a CSV header must name.</summary>
    public IReadOnlyList<string> All =>
        [Id, Login, LastName, FirstName, MiddleName, BirthDate, Gender, Snils, BirthCertificate, Roles, Schools, Activated, Children];

    /// <summary>Columns a CSV header may add (FORMATS.md): without them, hashes stay as stored and no row removes.</summary>
    public IReadOnlyList<string> Optional => [PasswordHash, Removed];
}
