using IdentityBroker.Core.People;

namespace IdentityBroker.Core.SignIn.Rules;

/// <summary>R-LEVEL-5: a blocked or deleted ESIA account stops signing in, even when a link exists.</summary>
public static class BlockedAccountRule
{
    public static SignInRefused? Check(EsiaPerson person) =>
        person.IsBlocked ? new SignInRefused(ReasonCodes.EsiaDenied, RuleIds.Level5) : null;
}
