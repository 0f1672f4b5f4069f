using System.Text.Json;
using System.Text.Json.Serialization;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// Builds the consent webhooks (R-CONSENT-3, R-CONSENT-5; contract: docs/webhooks.md) as outbox messages, one per addressed
/// parent diary account, for the store to write in the same transaction as the change. The payload carries ids only:
/// event, region, request/consent id, child and parent diary account ids — never names, SNILS or ESIA ids. Nothing is
/// built when the region has no notification endpoint.
/// </summary>
internal sealed class ConsentWebhooks(RegionCatalog catalog)
{
    public const string Requested = "consent.requested";
    public const string Granted = "consent.granted";
    public const string Declined = "consent.declined";
    public const string Revoked = "consent.revoked";

    public IReadOnlyList<OutboxMessage> Build(
        string eventType, string regionCode, string childAccountId, IEnumerable<string> parentAccountIds, Guid? requestId, long? consentId, DateTimeOffset now)
    {
        if (catalog.FindRegion(regionCode)?.Notifications is not { } notifications)
        {
            return [];
        }

        var messages = new List<OutboxMessage>();
        foreach (var parent in parentAccountIds.Distinct(StringComparer.Ordinal))
        {
            var key = Guid.NewGuid().ToString("N"); // stable across retries: receivers deduplicate on it
            var payload = new ConsentWebhookPayload(key, eventType, regionCode, requestId?.ToString(), consentId, childAccountId, parent, now);
            messages.Add(OutboxMessage.New(OutboxKinds.Webhook, notifications.WebhookUrl.AbsoluteUri, "application/json", payload.ToJson(), key, now));
        }

        return messages;
    }
}

/// <summary>The JSON body of a consent webhook (docs/webhooks.md).</summary>
internal sealed record ConsentWebhookPayload(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("region")] string Region,
    [property: JsonPropertyName("request_id")] string? RequestId,
    [property: JsonPropertyName("consent_id")] long? ConsentId,
    [property: JsonPropertyName("child_account_id")] string ChildAccountId,
    [property: JsonPropertyName("parent_account_id")] string ParentAccountId,
    [property: JsonPropertyName("occurred_at")] DateTimeOffset OccurredAt)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The region of a stored payload (to find its signing key), or null when unreadable.</summary>
    public static string? RegionOf(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("region", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
