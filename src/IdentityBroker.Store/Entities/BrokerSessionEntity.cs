namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.broker_sessions</c>. The ESIA person appears only as a keyed hash.</summary>
public sealed class BrokerSessionEntity
{
    public string SessionId { get; set; } = "";

    public string RegionCode { get; set; } = "";

    public string Subject { get; set; } = "";

    public string EsiaSubjectHash { get; set; } = "";

    public DateTimeOffset AuthTime { get; set; }

    public string? Acr { get; set; }

    public List<string> Amr { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }
}
