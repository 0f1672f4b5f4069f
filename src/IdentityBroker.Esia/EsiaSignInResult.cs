using IdentityBroker.Core.People;

namespace IdentityBroker.Esia;

/// <summary>The outcome of a completed ESIA sign-in. ESIA's tokens are not part of it and are not kept (R-TOKEN-3).</summary>
/// <param name="Person">The person with the classified level (ESIA.md §6-§7).</param>
/// <param name="AuthTime">ID token <c>auth_time</c> (ESIA.md §4.3).</param>
/// <param name="AuthenticationMethod">ID token <c>amr</c>, e.g. PWD, DS, QR, EBS, MP (ESIA.md §4.3).</param>
public sealed record EsiaSignInResult(EsiaPerson Person, DateTimeOffset AuthTime, string? AuthenticationMethod)
{
    /// <summary>
    /// The person's children from <c>/rs/prns/{oid}/kids</c> (ESIA.md §6.3), read only when the region's scopes include a
    /// <c>kid_*</c> scope; empty otherwise. The parent–child relation for consent (R-CONSENT-6).
    /// </summary>
    public IReadOnlyList<EsiaChild> Children { get; init; } = [];

    /// <summary>
    /// True when the kids collection was read: requested, granted in the access token and not refused. When false,
    /// <see cref="Children"/> is empty because the children are UNKNOWN, not because there are none: the person's known
    /// family relations must be kept, not replaced.
    /// </summary>
    public bool ChildrenRead { get; init; }

    /// <summary>Contacts (<c>contacts.elements</c>), embedded only when the region's scopes ask for email or mobile.</summary>
    public IReadOnlyList<EsiaContact> Contacts { get; init; } = [];
}

/// <summary>A child in a parent's ESIA profile (ESIA.md §6.3 kids element). Personal data: never log it.</summary>
/// <param name="KidId">The kid record id in the parent's profile (<c>/kids/{id}</c>).</param>
/// <param name="Oid">The child's own ESIA oid, when ESIA gives it.</param>
/// <param name="Name">Names, when <c>kid_fullname</c> was granted.</param>
/// <param name="BirthDate"><c>kid_birthdate</c>.</param>
/// <param name="Gender"><c>kid_gender</c>.</param>
/// <param name="Snils"><c>kid_snils</c>, when present and its checksum is valid.</param>
/// <param name="Level">The level of the child's own account when ESIA shows it (<c>kidAccount</c> → child account); null if unknown.</param>
/// <param name="HasOwnAccount"><c>hasAccount</c>: the child has an ESIA account of their own.</param>
public sealed record EsiaChild(
    string KidId, string? Oid, PersonName? Name, DateOnly? BirthDate, Gender? Gender, Snils? Snils, AccountLevel? Level, bool HasOwnAccount)
{
    public override string ToString() => $"EsiaChild(level={Level}, hasAccount={HasOwnAccount})";
}

/// <summary>One ESIA contact (ESIA.md §6.3): <c>MBT</c>, <c>PHN</c>, <c>EML</c>… Personal data: never log it.</summary>
public sealed record EsiaContact(string Type, string Value, bool Verified)
{
    public override string ToString() => $"EsiaContact({Type}, verified={Verified})";
}
