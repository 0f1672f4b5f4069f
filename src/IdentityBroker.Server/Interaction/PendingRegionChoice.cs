using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-REGION-2: an authorization request of a shared client waiting for the user to pick the region; carried through the
/// region list by <see cref="ProtectedFormState{T}"/> (<see cref="FormStatePurpose.RegionChoice"/>) and bound to the browser
/// that opened the list: the request cannot be altered by the user (it is not in the query string) nor posted from
/// another site or browser.
/// </summary>
internal sealed record PendingRegionChoice(AuthorizationRequest Request, string BrowserBindingHash);
