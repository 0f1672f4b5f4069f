using IdentityBroker.Core.People;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.SignIn.Rules;

/// <summary>
/// R-MATCH-3: under 14, full name (R-MATCH-4) AND birth date must match. Same name with another birth date →
/// data_mismatch; nothing → no_diary_account.
/// </summary>
public sealed class BirthDateMatchRule(IDiaryDirectory directory)
{
    public async Task<MatchOutcome> MatchAsync(string regionCode, EsiaPerson person, CancellationToken cancellationToken)
    {
        var byName = await directory.FindByNormalizedNameAsync(regionCode, person.Name.Normalized, cancellationToken);
        var matches = byName.Where(a => a.BirthDate is { } d && d == person.BirthDate).ToList();
        if (matches.Count > 0)
        {
            return MatchOutcome.Found(matches, RuleIds.Match3, LinkMethods.NameAndBirthDate);
        }

        return MatchOutcome.Refused(
            byName.Count > 0 ? SignIn.ReasonCodes.DataMismatch : SignIn.ReasonCodes.NoDiaryAccount,
            RuleIds.Match3,
            LinkMethods.NameAndBirthDate);
    }
}
