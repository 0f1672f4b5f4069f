namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.pushed_authorization_requests</c> (RFC 9126), keyed by the hash of the <c>request_uri</c>.</summary>
public sealed class PushedAuthorizationRequestEntity
{
    public string RequestUriHash { get; set; } = "";

    public string ClientId { get; set; } = "";

    /// <summary>The Core <c>AuthorizationRequest</c> as JSON (jsonb).</summary>
    public string Request { get; set; } = "";

    public string? DpopJkt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
