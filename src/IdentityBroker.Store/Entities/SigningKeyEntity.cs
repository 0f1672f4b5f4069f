namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.signing_keys</c>. The private key arrives already encrypted by the caller.</summary>
public sealed class SigningKeyEntity
{
    public string KeyId { get; set; } = "";

    public string Algorithm { get; set; } = "";

    public string PublicJwk { get; set; } = "";

    public byte[] ProtectedPrivateKey { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ActivatesAt { get; set; }

    public DateTimeOffset RetiresAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
