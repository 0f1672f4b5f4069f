namespace IdentityBroker.Server.Protocol.Dpop;

/// <summary>
/// The outcome of checking the <c>DPoP</c> header of one request (RFC 9449 §4.3): no header, a valid proof (with the
/// RFC 7638 thumbprint of its key), or an invalid one.
/// </summary>
internal sealed record DpopProofResult(string? Jkt, string? Error)
{
    public static readonly DpopProofResult Absent = new(null, null);

    public bool IsPresent => Jkt is not null || Error is not null;

    public static DpopProofResult Valid(string jkt) => new(jkt, null);

    public static DpopProofResult Invalid(string error) => new(null, error);

    /// <summary>The error to answer with, counting a missing proof as one where the client must send one (RFC 9449 §5.2, <c>dpop_bound_access_tokens</c>).</summary>
    public string? ErrorIfRequired(bool required) =>
        Error ?? (required && Jkt is null ? "A DPoP proof is required for this client (RFC 9449 §5.2)." : null);
}
