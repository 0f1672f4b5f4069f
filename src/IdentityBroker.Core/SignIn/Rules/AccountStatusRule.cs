using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.SignIn.Rules;

/// <summary>R-MATCH-8: a diary account that is not activated or not attached to a school is not signed into.</summary>
public static class AccountStatusRule
{
    public static bool IsUsable(DiaryAccount account) => account.IsActivated && account.Schools.Count > 0;
}
