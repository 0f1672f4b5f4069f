using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Interaction;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// A parent's sign-in paused at the parental-consent step on the requests page or the no_children_linked notice
/// (R-CONSENT-3, R-CONSENT-6): what <see cref="SignInFlow.ContinueAfterParentalConsentAsync"/> needs to resume, carried by
/// <see cref="ProtectedFormState{T}"/> (<see cref="FormStatePurpose.ParentStep"/>) and bound to the browser that signed in.
/// It is the parent's proof of the ESIA sign-in on these pages, before the broker session exists.
/// </summary>
internal sealed record PendingParentSignIn(
    AuthorizationRequest Request,
    string ChosenAccountId,
    string RuleId,
    EsiaAuthentication Authentication,
    string BrowserBindingHash);
