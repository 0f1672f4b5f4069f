using IdentityBroker.Core.Directory;

namespace IdentityBroker.Store.Directory;

/// <summary>One row as read from a file, before validation. Absent or empty values are null.</summary>
internal sealed record DirectoryRow(int Line)
{
    /// <summary>Set by a reader when the row could not even be read ("field: problem"); the rest is then unset except
    /// <see cref="Id"/> when it could be read (a full sync must not remove an account whose row was merely bad).</summary>
    public string? FormatError { get; init; }

    public string? Id { get; init; }

    public string? Login { get; init; }

    public string? LastName { get; init; }

    public string? FirstName { get; init; }

    public string? MiddleName { get; init; }

    public string? BirthDate { get; init; }

    public string? Gender { get; init; }

    public string? Snils { get; init; }

    public string? BirthCertificateSeries { get; init; }

    public string? BirthCertificateNumber { get; init; }

    public IReadOnlyList<string>? Roles { get; init; }

    public IReadOnlyList<School>? Schools { get; init; }

    public bool? Activated { get; init; }

    public IReadOnlyList<string>? Children { get; init; }

    /// <summary>True when the row carries the password-hash field at all (R-MATCH-6): absent leaves the stored hash alone.</summary>
    public bool PasswordHashGiven { get; init; }

    /// <summary>The imported diary password hash; null with <see cref="PasswordHashGiven"/> clears the stored one.</summary>
    public string? PasswordHash { get; init; }

    /// <summary>The row asks to remove the account (R-MATCH-7); only the id is read.</summary>
    public bool Removed { get; init; }

    public static DirectoryRow Invalid(int line, string error, string? id = null) => new(line) { FormatError = error, Id = id };
}
