namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.client_registrations</c>.</summary>
public sealed class ClientRegistrationEntity
{
    public string ClientId { get; set; } = string.Empty;

    public string RegionCode { get; set; } = string.Empty;

    public string Definition { get; set; } = "{}";

    public string DefinitionHash { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? RemovedAt { get; set; }
}
