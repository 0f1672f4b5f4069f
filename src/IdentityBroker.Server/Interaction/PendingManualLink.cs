using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Ui;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-MATCH-6: a sign-in refused with diary_snils_missing, waiting for the person to prove with the diary login and
/// password that one of the name-matched diary accounts without SNILS is theirs; carried by <see cref="ProtectedFormState{T}"/>
/// (<see cref="FormStatePurpose.ManualLink"/>, valid for <see cref="Configuration.ManualLinkOptions.FormLifetime"/>), bound to the browser.
/// </summary>
/// <param name="CandidateIds">The diary accounts of the region whose full name matched and that have no SNILS: the only
/// accounts this proof may link.</param>
/// <param name="ReferenceNumber">The number of the refusal's audit record, shown again when the form is re-shown.</param>
/// <param name="Return">"Back to the diary" (access_denied for the client, in its response mode).</param>
internal sealed record PendingManualLink(
    AuthorizationRequest Request,
    IReadOnlyList<string> CandidateIds,
    EsiaAuthentication Authentication,
    string BrowserBindingHash,
    string ReferenceNumber,
    ClientReturn Return);
