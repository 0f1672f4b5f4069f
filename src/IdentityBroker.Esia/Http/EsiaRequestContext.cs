namespace IdentityBroker.Esia.Http;

/// <summary>
/// Per-request facts the resilience handler needs, carried in <see cref="HttpRequestMessage.Options"/>: the region
/// (breaker and concurrency limit are per region), the operation (the token POST is never retried) and the timeout.
/// </summary>
internal static class EsiaRequestContext
{
    public static readonly HttpRequestOptionsKey<string> Region = new("IdentityBroker.Esia.Region");
    public static readonly HttpRequestOptionsKey<string> Operation = new("IdentityBroker.Esia.Operation");
    public static readonly HttpRequestOptionsKey<TimeSpan> AttemptTimeout = new("IdentityBroker.Esia.AttemptTimeout");

    /// <summary>POST /aas/oauth2/v3/te: single-use code, never retried (ESIA.md §3.1).</summary>
    public const string TokenOperation = "token";

    /// <summary>GET /rs/prns/{oid}: idempotent read, retried.</summary>
    public const string PersonOperation = "person";

    public static void Tag(HttpRequestMessage request, string region, string operation, TimeSpan timeout)
    {
        request.Options.Set(Region, region);
        request.Options.Set(Operation, operation);
        request.Options.Set(AttemptTimeout, timeout);
    }
}
