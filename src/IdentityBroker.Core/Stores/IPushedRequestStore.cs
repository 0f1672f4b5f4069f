using IdentityBroker.Core.Protocol;

namespace IdentityBroker.Core.Stores;

/// <summary>RFC 9126 pushed authorization requests: stored under the hash of the <c>request_uri</c>, single-use.</summary>
public interface IPushedRequestStore
{
    Task SaveAsync(string requestUriHash, AuthorizationRequest request, string? dpopJkt, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Atomically removes and returns the request (<c>DELETE … RETURNING</c>) if it belongs to <paramref name="clientId"/> and is unexpired.</summary>
    Task<(AuthorizationRequest Request, string? DpopJkt)?> ConsumeAsync(string requestUriHash, string clientId, DateTimeOffset now, CancellationToken cancellationToken);
}
