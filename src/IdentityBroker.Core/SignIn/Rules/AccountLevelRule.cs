using IdentityBroker.Core.People;
using IdentityBroker.Core.Regions;

namespace IdentityBroker.Core.SignIn.Rules;

/// <summary>
/// R-LEVEL-1..4 (and R-LEVEL-5: it runs at every sign-in, links or not).
/// <list type="bullet">
/// <item>R-LEVEL-1: a simplified account never signs in.</item>
/// <item>R-LEVEL-2: adults (18+) need a level the region accepts (confirmed by default; Irkutsk also standard).</item>
/// <item>R-LEVEL-3: students 14–17 need their own confirmed account.</item>
/// <item>R-LEVEL-4: up to 13 inclusive, a child account (a confirmed account is accepted too: it proves more).</item>
/// </list>
/// </summary>
public static class AccountLevelRule
{
    public static SignInRefused? Check(AccountLevel level, int age, RegionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (level == AccountLevel.Simplified)
        {
            return new SignInRefused(ReasonCodes.LevelTooLow, RuleIds.Level1);
        }

        if (AgeBands.IsAdult(age))
        {
            return policy.AdultLevels.Contains(level) ? null : new SignInRefused(ReasonCodes.LevelTooLow, RuleIds.Level2);
        }

        if (AgeBands.HasOwnAccount(age))
        {
            return level == AccountLevel.Confirmed ? null : new SignInRefused(ReasonCodes.LevelTooLow, RuleIds.Level3);
        }

        return level is AccountLevel.Child or AccountLevel.Confirmed ? null : new SignInRefused(ReasonCodes.LevelTooLow, RuleIds.Level4);
    }
}
