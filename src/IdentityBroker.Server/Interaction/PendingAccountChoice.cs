using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-MATCH-5: a sign-in waiting for the user to choose among several diary accounts; carried through the chooser form by
/// <see cref="ProtectedFormState{T}"/> (<see cref="FormStatePurpose.AccountChoice"/>), bound to the browser.
/// </summary>
internal sealed record PendingAccountChoice(
    AuthorizationRequest Request,
    IReadOnlyList<string> CandidateIds,
    string? LinkMethod,
    string RuleId,
    EsiaAuthentication Authentication,
    string BrowserBindingHash);
