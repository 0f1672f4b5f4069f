using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-REGION-3: a sign-in for which ESIA was unavailable (at the redirect or at the callback) in a region whose policy
/// allows diary login/password sign-in as a fallback. Created only at that failure, so the password form exists only
/// while ESIA is actually failing for this sign-in; carried by <see cref="ProtectedFormState{T}"/>
/// (<see cref="FormStatePurpose.PasswordFallback"/>), bound to the browser.
/// </summary>
internal sealed record PendingPasswordFallback(
    AuthorizationRequest Request,
    string BrowserBindingHash,
    string ReferenceNumber,
    ClientReturn Return);
