using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Protocol;

/// <summary>
/// What the protocol engine asks the interaction layer about a valid authorization request, so that <c>Protocol/</c> never
/// references the sign-in itself (issue #12 item 2; the direction is checked by <c>FolderDirectionTests</c>): the region of
/// a shared client and, when the browser's broker session (<see cref="BrokerSession"/>, the engine's own) does not answer,
/// an interactive sign-in. Implemented in <c>Interaction/</c>.
/// </summary>
internal interface IAuthorizeInteraction
{
    /// <summary>R-REGION-2: the request with its region, or the answer to give instead (the region list, or an error for prompt=none).</summary>
    RegionChoiceOutcome ResolveRegion(HttpContext context, AuthorizationRequest request);

    /// <summary>Starts the interactive sign-in for a request whose region is known (the user goes to ESIA).</summary>
    Task<IResult> StartSignInAsync(HttpContext context, RegionEntry region, AuthorizationRequest request, CancellationToken cancellationToken);
}

/// <summary>Either the request with its region chosen, or the answer to send instead.</summary>
internal sealed record RegionChoiceOutcome(AuthorizationRequest? Request, IResult? Answer);
