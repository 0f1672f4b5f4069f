namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.diary_accounts</c>. SNILS and birth certificate only as keyed hashes.</summary>
public sealed class DiaryAccountEntity
{
    public string RegionCode { get; set; } = "";

    public string Id { get; set; } = "";

    public string Login { get; set; } = "";

    public string LastName { get; set; } = "";

    public string FirstName { get; set; } = "";

    public string? MiddleName { get; set; }

    /// <summary><c>PersonName.Normalized</c>, the R-MATCH-4 comparison key.</summary>
    public string NormalizedName { get; set; } = "";

    public DateOnly? BirthDate { get; set; }

    /// <summary>"male", "female" or null.</summary>
    public string? Gender { get; set; }

    public string? SnilsHash { get; set; }

    public string? BirthCertificateHash { get; set; }

    /// <summary>"student", "parent", "staff".</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>JSON array of <c>{"id","name"}</c> (jsonb).</summary>
    public string Schools { get; set; } = "[]";

    public bool Activated { get; set; }

    /// <summary>For manual linking by diary login and password (R-MATCH-6); never set by the import.</summary>
    public string? PasswordHash { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
