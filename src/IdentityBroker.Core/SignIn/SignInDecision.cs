using IdentityBroker.Core.Directory;

namespace IdentityBroker.Core.SignIn;

/// <summary>The outcome of <see cref="SignInDecider"/> for one ESIA person arriving in one region.</summary>
public abstract record SignInDecision(string RuleId);

/// <summary>Exactly one diary account: sign in to it (linking it first when <see cref="LinkMethod"/> is set).</summary>
/// <param name="LinkMethod">Null when the account was already linked (R-MATCH-7); otherwise how the new link is proven.</param>
public sealed record SignInAllowed(DiaryAccount Account, string? LinkMethod, string RuleId) : SignInDecision(RuleId);

/// <summary>R-MATCH-5: several diary accounts match; the user chooses one (the choice can change at the next sign-in).</summary>
public sealed record AccountChoiceRequired(IReadOnlyList<DiaryAccount> Accounts, string? LinkMethod, string RuleId) : SignInDecision(RuleId);

/// <summary>Refused, with a reason code the user sees (<see cref="ReasonCodes"/>) and the rule that decided.</summary>
public sealed record SignInRefused(string ReasonCode, string RuleId) : SignInDecision(RuleId);
