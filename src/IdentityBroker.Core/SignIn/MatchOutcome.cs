using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.SignIn;

/// <summary>What a matching rule (R-MATCH-2 or R-MATCH-3) found in the diary directory.</summary>
public sealed record MatchOutcome(IReadOnlyList<DiaryAccount> Matches, string? RefusalReason, string RuleId, string LinkMethod)
{
    public static MatchOutcome Found(IReadOnlyList<DiaryAccount> matches, string ruleId, string linkMethod) => new(matches, null, ruleId, linkMethod);

    public static MatchOutcome Refused(string reason, string ruleId, string linkMethod) => new([], reason, ruleId, linkMethod);
}
