namespace IdentityBroker.Core.People;

/// <summary>A person's full name as given: surname, first name and optional patronymic.</summary>
public sealed record PersonName(string LastName, string FirstName, string? MiddleName)
{
    /// <summary>The comparison key of R-MATCH-4 (see <see cref="Matching.NameNormalizer"/>).</summary>
    public string Normalized => Matching.NameNormalizer.NormalizeFullName(this);

    public override string ToString() => "[name]"; // never let a name reach a log through string formatting
}
