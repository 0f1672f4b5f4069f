using IdentityBroker.Core.Directory;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.SignIn.Rules;

/// <summary>
/// R-MATCH-2: aged 14 or over, full name (R-MATCH-4) AND SNILS must match.
/// Same SNILS, other name → data_mismatch; same name, other SNILS → data_mismatch ("or the reverse");
/// same name and the diary profile has no SNILS → diary_snils_missing (manual linking, R-MATCH-6); nothing → no_diary_account.
/// </summary>
public sealed class SnilsMatchRule(IDiaryDirectory directory, PersonalDataHasher hasher)
{
    public async Task<MatchOutcome> MatchAsync(string regionCode, EsiaPerson person, CancellationToken cancellationToken)
    {
        var name = person.Name.Normalized;
        if (person.Snils is { } snils)
        {
            var bySnils = await directory.FindBySnilsHashAsync(regionCode, hasher.HashSnils(snils), cancellationToken);
            var matches = bySnils.Where(a => a.Name.Normalized == name).ToList();
            if (matches.Count > 0)
            {
                return MatchOutcome.Found(matches, RuleIds.Match2, LinkMethods.NameAndSnils);
            }

            if (bySnils.Count > 0)
            {
                return MatchOutcome.Refused(SignIn.ReasonCodes.DataMismatch, RuleIds.Match2, LinkMethods.NameAndSnils);
            }
        }

        var byName = await directory.FindByNormalizedNameAsync(regionCode, name, cancellationToken);
        if (byName.Any(a => a.SnilsHash is null))
        {
            return MatchOutcome.Refused(SignIn.ReasonCodes.DiarySnilsMissing, RuleIds.Match6, LinkMethods.DiaryPassword);
        }

        return byName.Count > 0
            ? MatchOutcome.Refused(SignIn.ReasonCodes.DataMismatch, RuleIds.Match2, LinkMethods.NameAndSnils)
            : MatchOutcome.Refused(SignIn.ReasonCodes.NoDiaryAccount, RuleIds.Match2, LinkMethods.NameAndSnils);
    }
}
