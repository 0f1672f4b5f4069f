namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.pending_sign_ins</c>.</summary>
public sealed class PendingSignInEntity
{
    public Guid EsiaState { get; set; }

    public string BrowserBindingHash { get; set; } = "";

    /// <summary>The Core <c>AuthorizationRequest</c> as JSON (jsonb).</summary>
    public string Request { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
