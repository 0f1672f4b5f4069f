namespace IdentityBroker.Store.Entities;

/// <summary>Row of <c>broker.pending_sign_ins</c>: a sign-in transaction (Core <c>SignInTransaction</c>).</summary>
public sealed class SignInTransactionEntity
{
    /// <summary>Column <c>esia_state</c>: the table predates the steps, and an upgrade must not rename what a running release uses.</summary>
    public Guid Id { get; set; }

    public string BrowserBindingHash { get; set; } = "";

    /// <summary>The Core <c>AuthorizationRequest</c> as JSON (jsonb).</summary>
    public string Request { get; set; } = "";

    /// <summary>The step's stored name (Core <c>SignInSteps.Name</c>); "esia" for rows written before steps existed.</summary>
    public string Step { get; set; } = "esia";

    public int Version { get; set; }

    /// <summary>The steps' findings as JSON (jsonb), written by the Server; null at the ESIA step.</summary>
    public string? Progress { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }
}
