using System.Text.Json;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

/// <summary>Between <c>diary_accounts</c> rows (plus their <c>diary_relations</c>) and the Core <see cref="DiaryAccount"/>.</summary>
internal static class DiaryAccountMapper
{
    public static DiaryAccount ToRecord(DiaryAccountEntity entity, IReadOnlyList<string> childIds) => new(
        entity.Id,
        entity.RegionCode,
        entity.Login,
        new PersonName(entity.LastName, entity.FirstName, entity.MiddleName),
        entity.BirthDate,
        GenderFromColumn(entity.Gender),
        entity.SnilsHash,
        entity.BirthCertificateHash,
        entity.Roles.Select(RoleFromColumn).ToList().AsReadOnly(),
        SchoolsFromJson(entity.Schools),
        entity.Activated,
        childIds);

    public static string? GenderToColumn(Gender? gender) => gender switch
    {
        Gender.Male => "male",
        Gender.Female => "female",
        _ => null,
    };

    public static Gender? GenderFromColumn(string? value) => value switch
    {
        "male" => Gender.Male,
        "female" => Gender.Female,
        _ => null,
    };

    public static string RoleToColumn(DiaryRole role) => role switch
    {
        DiaryRole.Student => "student",
        DiaryRole.Parent => "parent",
        DiaryRole.Staff => "staff",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static DiaryRole RoleFromColumn(string value) => value switch
    {
        "student" => DiaryRole.Student,
        "parent" => DiaryRole.Parent,
        "staff" => DiaryRole.Staff,
        _ => throw new InvalidOperationException($"diary_accounts.roles holds an unknown role '{value}'"),
    };

    public static string SchoolsToJson(IReadOnlyList<School> schools) =>
        JsonSerializer.Serialize(schools.Select(s => new SchoolJson(s.Id, s.Name)), StoreJson.Options);

    public static IReadOnlyList<School> SchoolsFromJson(string json) =>
        (JsonSerializer.Deserialize<List<SchoolJson>>(json, StoreJson.Options) ?? [])
            .Select(s => new School(s.Id, s.Name))
            .ToList()
            .AsReadOnly();

    private sealed record SchoolJson(string Id, string Name);
}
