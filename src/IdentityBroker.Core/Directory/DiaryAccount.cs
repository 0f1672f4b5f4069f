using IdentityBroker.Core.People;

namespace IdentityBroker.Core.Directory;

/// <summary>
/// An account in a region's diary directory: what the broker matches an ESIA person against. SNILS and the
/// birth-certificate number are held only as keyed hashes (<see cref="Privacy.PersonalDataHasher"/>).
/// </summary>
/// <param name="Id">The diary's own account id; becomes the broker's <c>sub</c> (R-TOKEN-2).</param>
/// <param name="IsActivated">False: not signed into (R-MATCH-8).</param>
/// <param name="ChildIds">Diary ids of the children the diary links to this account (R-CONSENT-6, R-TOKEN-2).</param>
public sealed record DiaryAccount(
    string Id,
    string RegionCode,
    string Login,
    PersonName Name,
    DateOnly? BirthDate,
    Gender? Gender,
    string? SnilsHash,
    string? BirthCertificateHash,
    IReadOnlyList<DiaryRole> Roles,
    IReadOnlyList<School> Schools,
    bool IsActivated,
    IReadOnlyList<string> ChildIds)
{
    public override string ToString() => $"DiaryAccount({Id})";
}

/// <summary>A school (educational organisation) a diary account is attached to.</summary>
public sealed record School(string Id, string Name);

public enum DiaryRole
{
    Student,
    Parent,
    Staff,
}
