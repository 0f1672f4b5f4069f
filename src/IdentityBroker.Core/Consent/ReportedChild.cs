using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Consent;

/// <summary>
/// A child as ESIA lists it in a parent's profile (<c>/rs/prns/{oid}/kids</c>, ESIA.md §6.3), reduced to what matching
/// needs (R-CONSENT-6). Personal data: never log it.
/// </summary>
/// <param name="Oid">The child's own ESIA oid, when ESIA gives it.</param>
/// <param name="Name">From <c>kid_fullname</c>; without it the child cannot be matched.</param>
/// <param name="BirthDate">From <c>kid_birthdate</c>; without it the child cannot be matched.</param>
/// <param name="Snils">From <c>kid_snils</c> (checksum valid), when present.</param>
public sealed record ReportedChild(string? Oid, PersonName? Name, DateOnly? BirthDate, Snils? Snils)
{
    public override string ToString() => "ReportedChild";
}
