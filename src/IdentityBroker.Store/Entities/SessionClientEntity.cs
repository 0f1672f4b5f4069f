namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.session_clients</c>: a client that received tokens in a broker session.</summary>
public sealed class SessionClientEntity
{
    public string SessionId { get; set; } = "";

    public string ClientId { get; set; } = "";
}
