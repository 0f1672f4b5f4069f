using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>
/// One delivery of a consent webhook (docs/webhooks.md): POST of the stored JSON body with
/// <c>X-IdentityBroker-Signature: sha256=&lt;hex HMAC-SHA256 of the body under the region's secret&gt;</c>, the event type and
/// <c>Idempotency-Key</c> (the outbox key, the same on every attempt). Polly.Core retries a failed attempt twice at once
/// (200 ms, 400 ms, jittered) and bounds each try with a timeout; if it still fails, the durable backoff of the outbox
/// (<see cref="Delivery.RetrySchedule"/>, the dispatcher) takes over, so a receiver that is down for hours loses nothing.
/// </summary>
internal sealed class WebhookSender : Delivery.IOutboxSender
{
    public const string HttpClientName = "IdentityBroker.Webhooks";
    public const string SignatureHeader = "X-IdentityBroker-Signature";
    public const string EventHeader = "X-IdentityBroker-Event";

    private readonly IHttpClientFactory _http;
    private readonly RegionCatalog _catalog;
    private readonly ILogger<WebhookSender> _logger;

    public string Kind => OutboxKinds.Webhook;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public WebhookSender(IHttpClientFactory http, RegionCatalog catalog, IOptions<BrokerOptions> options, ILogger<WebhookSender> logger)
    {
        _http = http;
        _catalog = catalog;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(r => r.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)r.StatusCode >= 500),
                OnRetry = args =>
                {
                    args.Outcome.Result?.Dispose();
                    return default;
                },
            })
            .AddTimeout(options.Value.Logout.BackChannelAttemptTimeout)
            .Build();
    }

    /// <summary>HMAC-SHA256 of the body under the region's secret, as sent in <see cref="SignatureHeader"/>.</summary>
    public static string Sign(byte[] secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(body)));

    /// <returns>Null when delivered (2xx), otherwise a short error for the outbox row and the log.</returns>
    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var region = ConsentWebhookPayload.RegionOf(message.Payload);
        if (region is null || _catalog.FindRegion(region)?.Notifications is not { } notifications)
        {
            ParentalConsentLog.WebhookRegionMissing(_logger, message.Id, region);
            return "no notification endpoint for the message's region";
        }

        var signature = Sign(notifications.Secret, message.Payload);
        var eventType = EventOf(message.Payload);
        return await Delivery.OutboxHttpAttempt.SendAsync(
            _pipeline,
            _http.CreateClient(HttpClientName),
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, message.Destination) { Content = new StringContent(message.Payload, Encoding.UTF8) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
                request.Headers.TryAddWithoutValidation(SignatureHeader, signature);
                if (eventType is not null)
                {
                    request.Headers.TryAddWithoutValidation(EventHeader, eventType);
                }

                return request;
            },
            cancellationToken);
    }

    private static string? EventOf(string payload)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(payload);
            return doc.RootElement.TryGetProperty("event", out var e) ? e.GetString() : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
