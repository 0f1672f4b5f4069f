using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Interaction;

/// <summary>The sign-in's answers to the protocol engine (<see cref="IAuthorizeInteraction"/>): region choice and the start of a sign-in at ESIA.</summary>
internal sealed class AuthorizeInteraction(RegionChoice regions, EsiaChallenge esia) : IAuthorizeInteraction
{
    public RegionChoiceOutcome ResolveRegion(HttpContext context, AuthorizationRequest request) => regions.Resolve(context, request);

    public Task<IResult> StartSignInAsync(HttpContext context, RegionEntry region, AuthorizationRequest request, CancellationToken cancellationToken) =>
        esia.StartAsync(context, region, request, cancellationToken);
}
