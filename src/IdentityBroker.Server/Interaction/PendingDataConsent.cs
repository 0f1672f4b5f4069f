using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-CONSENT-1: a sign-in waiting for the person to accept or decline the consent text of <paramref name="TextVersion"/>;
/// carried through the consent form by <see cref="ProtectedFormState{T}"/> (<see cref="FormStatePurpose.DataConsent"/>:
/// single-use), bound to the browser that started the sign-in.
/// </summary>
/// <param name="AccountId">The diary account the sign-in enters, re-loaded from the directory when the person answers.</param>
internal sealed record PendingDataConsent(
    AuthorizationRequest Request,
    string AccountId,
    string RuleId,
    EsiaAuthentication Authentication,
    string BrowserBindingHash,
    string TextVersion);
