namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Rate limits of the authorize, token and PAR endpoints (section <c>IdentityBroker:RateLimits</c>), per replica. Token
/// buckets: per client (a misbehaving client that does not cache its tokens) and per IP address (a flood from one source).
/// The mobile app is one client shared by every user, so the per-client limit is high; schools behind one NAT share an IP.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "IdentityBroker:RateLimits";

    public bool Enabled { get; set; } = true;

    /// <summary>Requests per second per IP address on each limited endpoint.</summary>
    public int PerIpPerSecond { get; set; } = 50;

    public int PerIpBurst { get; set; } = 200;

    /// <summary>Requests per second per client_id.</summary>
    public int PerClientPerSecond { get; set; } = 2000;

    public int PerClientBurst { get; set; } = 4000;
}
