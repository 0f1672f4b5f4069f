using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Matching;
using IdentityBroker.Core.People;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Regions;
using IdentityBroker.Core.SignIn.Rules;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Core.SignIn;

/// <summary>
/// Decides, for an ESIA person arriving in a region, which diary account they enter or why they cannot.
/// Reads top to bottom in rule order; each step names its rule and lives in its own class under <c>Rules/</c>.
/// It only reads: linking, auditing and the session are the caller's (the server's sign-in flow).
/// </summary>
public sealed class SignInDecider(IDiaryDirectory directory, IAccountLinkStore links, PersonalDataHasher hasher)
{
    private readonly SnilsMatchRule _snilsMatch = new(directory, hasher);
    private readonly BirthDateMatchRule _birthDateMatch = new(directory, hasher);

    public async Task<SignInDecision> DecideAsync(Region region, EsiaPerson person, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(region);
        ArgumentNullException.ThrowIfNull(person);

        // R-LEVEL-5: a blocked account stops here, even when it is linked.
        if (BlockedAccountRule.Check(person) is { } blocked)
        {
            return blocked;
        }

        // R-MATCH-1: age on the region's calendar day. Without a birth date no age rule can be applied.
        if (person.BirthDate is not { } birthDate)
        {
            return new SignInRefused(ReasonCodes.DataMismatch, RuleIds.Match1);
        }

        var age = AgeCalculator.FullYears(birthDate, region.Today(now));

        // R-LEVEL-1..4, at every sign-in (R-LEVEL-5).
        if (AccountLevelRule.Check(person.Level, age, region.Policy) is { } levelTooLow)
        {
            return levelTooLow;
        }

        // R-MATCH-7: once linked, the link is used, not a new search.
        var linked = await LoadLinkedAccountsAsync(region.Code, person, cancellationToken);
        if (linked.Count > 0)
        {
            return ChooseAmong(linked, linkMethod: null, RuleIds.Match7);
        }

        // R-MATCH-2 (14 and over: name + SNILS) or R-MATCH-3 (under 14: name + birth date).
        var match = AgeBands.HasOwnAccount(age)
            ? await _snilsMatch.MatchAsync(region.Code, person, cancellationToken)
            : await _birthDateMatch.MatchAsync(region.Code, person, cancellationToken);
        if (match.RefusalReason is { } reason)
        {
            return new SignInRefused(reason, match.RuleId);
        }

        return ChooseAmong(match.Matches, match.LinkMethod, match.RuleId);
    }

    /// <summary>R-MATCH-8 (only activated accounts attached to a school), then R-MATCH-5 (several → the user chooses).</summary>
    private static SignInDecision ChooseAmong(IReadOnlyList<DiaryAccount> accounts, string? linkMethod, string ruleId)
    {
        var usable = accounts.Where(AccountStatusRule.IsUsable).ToList();
        return usable.Count switch
        {
            0 => new SignInRefused(ReasonCodes.AccountInactive, RuleIds.Match8),
            1 => new SignInAllowed(usable[0], linkMethod, ruleId),
            _ => new AccountChoiceRequired(usable, linkMethod, RuleIds.Match5),
        };
    }

    private async Task<IReadOnlyList<DiaryAccount>> LoadLinkedAccountsAsync(string regionCode, EsiaPerson person, CancellationToken cancellationToken)
    {
        var existing = await links.FindAsync(regionCode, hasher.HashEsiaSubject(person.Oid), cancellationToken);
        var accounts = new List<DiaryAccount>(existing.Count);
        foreach (var link in existing)
        {
            // A link whose diary account was removed no longer counts (R-MATCH-7).
            if (await directory.GetAsync(regionCode, link.DiaryAccountId, cancellationToken) is { } account)
            {
                accounts.Add(account);
            }
        }

        return accounts;
    }
}
