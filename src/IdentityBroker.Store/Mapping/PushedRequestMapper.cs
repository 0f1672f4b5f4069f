using System.Text.Json;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Store.Entities;

namespace IdentityBroker.Store.Mapping;

internal static class PushedRequestMapper
{
    public static PushedAuthorizationRequestEntity ToEntity(string requestUriHash, AuthorizationRequest request, string? dpopJkt, DateTimeOffset expiresAt) => new()
    {
        RequestUriHash = requestUriHash,
        ClientId = request.ClientId,
        Request = JsonSerializer.Serialize(request, StoreJson.Options),
        DpopJkt = dpopJkt,
        ExpiresAt = expiresAt.ToUniversalTime(),
    };

    public static (AuthorizationRequest Request, string? DpopJkt) ToRecord(PushedAuthorizationRequestEntity entity) => (
        JsonSerializer.Deserialize<AuthorizationRequest>(entity.Request, StoreJson.Options)
            ?? throw new InvalidOperationException("pushed_authorization_requests.request is null"),
        entity.DpopJkt);
}
