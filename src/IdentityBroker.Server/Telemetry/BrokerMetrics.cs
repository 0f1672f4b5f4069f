using System.Diagnostics.Metrics;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Telemetry;

/// <summary>
/// The broker's own instruments on the <c>IdentityBroker</c> meter (alerts: docs/operations.md). Tags are codes only —
/// region code, rule id, reason code, grant type, outcome — never a person, client secret, token or code. Static, as
/// <c>EsiaMetrics.RecordError</c>, so the endpoint classes need no extra dependency.
/// </summary>
internal static class BrokerMetrics
{
    public const string MeterName = "IdentityBroker";

    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> SignIns = Meter.CreateCounter<long>(
        "identity_broker.sign_in.outcomes", description: "Sign-in decisions after ESIA by region, rule id and reason code ('success' when signed in).");

    private static readonly Counter<long> Grants = Meter.CreateCounter<long>(
        "identity_broker.token.grants", description: "Token endpoint requests by grant type and outcome (success, client_error, server_error).");

    private static readonly Histogram<double> GrantDuration = Meter.CreateHistogram<double>(
        "identity_broker.token.grant.duration", "s", "Token endpoint latency by grant type and outcome.");

    private static readonly Counter<long> RefreshReuse = Meter.CreateCounter<long>(
        "identity_broker.refresh_token.reuse_detected", description: "A rotated refresh token presented after the grace window: the family was revoked (RFC 9700 §4.14.2).");

    private static readonly Counter<long> DeliveryFailures = Meter.CreateCounter<long>(
        "identity_broker.outbox.delivery_failures", description: "Failed outbox delivery attempts (back-channel logout, webhooks) by kind and whether delivery was given up.");

    /// <summary>A sign-in ended: <paramref name="reason"/> is "success" or the refusal's reason code.</summary>
    public static void SignIn(string region, string ruleId, string reason) =>
        SignIns.Add(1, new("region", region), new("rule", ruleId), new("reason", reason));

    public static void TokenGrant(string? grantType, int statusCode, TimeSpan elapsed)
    {
        var outcome = statusCode switch
        {
            < 400 => "success",
            < 500 => "client_error",
            _ => "server_error",
        };
        var type = grantType is OpenIdConnectGrantTypes.AuthorizationCode or OpenIdConnectGrantTypes.RefreshToken or OpenIdConnectGrantTypes.ClientCredentials ? grantType : "other"; // bounded cardinality
        Grants.Add(1, new("grant_type", type), new("outcome", outcome));
        GrantDuration.Record(elapsed.TotalSeconds, new("grant_type", type), new("outcome", outcome));
    }

    public static void RefreshTokenReuse(string region) => RefreshReuse.Add(1, new KeyValuePair<string, object?>("region", region));

    public static void OutboxDeliveryFailed(string kind, bool gaveUp) =>
        DeliveryFailures.Add(1, new("kind", kind), new("gave_up", gaveUp));

    private static volatile IReadOnlyList<Measurement<long>> _backlog = [];

    private static readonly ObservableGauge<long> Backlog = Meter.CreateObservableGauge(
        "identity_broker.outbox.backlog", () => _backlog, description: "Outbox messages by kind and state: pending (not yet delivered) and dead (given up); counted every 30 s.");

    /// <summary>The backlog <see cref="OutboxBacklogProbe"/> last counted (the outbox is shared, so any replica's count is the count).</summary>
    internal static void SetBacklog(IReadOnlyList<Measurement<long>> measurements) => _backlog = measurements;
}
