using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.Consent;

/// <summary>
/// R-CONSENT-6: turns ESIA's list of a parent's children into verified parent–child relations, by matching each child to
/// the region's diary accounts with the rules of matching: a student account whose full name (R-MATCH-4 tolerance) AND
/// birth date equal the child's (R-MATCH-3), and whose SNILS equals the child's where both have one (R-MATCH-2: a SNILS
/// on both sides that differs is a different person). A child without name or birth date (scopes not granted) matches
/// nothing. A child matching several accounts (several schools) is related through each of them.
/// </summary>
public sealed class FamilyRelationMatcher(IDiaryDirectory directory, PersonalDataHasher hasher)
{
    public async Task<IReadOnlyList<FamilyRelation>> MatchAsync(
        string regionCode, string parentEsiaSubjectHash, IReadOnlyList<ReportedChild> children, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(children);
        var relations = new List<FamilyRelation>();
        foreach (var child in children)
        {
            if (child.Name is not { } name || child.BirthDate is not { } birthDate)
            {
                continue;
            }

            var snilsHash = child.Snils is { } snils ? hasher.HashSnils(snils) : null;
            var childHash = string.IsNullOrWhiteSpace(child.Oid) ? null : hasher.HashEsiaSubject(child.Oid);
            foreach (var account in await directory.FindByNormalizedNameAsync(regionCode, name.Normalized, cancellationToken))
            {
                if (IsSameChild(account, birthDate, snilsHash) && relations.All(r => r.ChildAccountId != account.Id))
                {
                    relations.Add(new FamilyRelation(regionCode, parentEsiaSubjectHash, account.Id, childHash, now));
                }
            }
        }

        return relations;
    }

    /// <summary>The name already matched (the lookup key); birth date must match, SNILS must not contradict.</summary>
    public static bool IsSameChild(DiaryAccount account, DateOnly birthDate, string? snilsHash)
    {
        ArgumentNullException.ThrowIfNull(account);
        return account.Roles.Contains(DiaryRole.Student)
               && account.BirthDate == birthDate
               && (snilsHash is null || account.SnilsHash is null || account.SnilsHash == snilsHash);
    }
}
