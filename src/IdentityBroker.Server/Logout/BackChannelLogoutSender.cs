using IdentityBroker.Core.Stores;
using Microsoft.Extensions.Options;
using Polly;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// One delivery attempt of a back-channel logout: POSTed as <c>logout_token=…</c> (application/x-www-form-urlencoded, OIDC
/// Back-Channel Logout 1.0 §2.5) with a freshly signed token (webhooks: <see cref="Interaction.Consent.WebhookSender"/>). A Polly.Core
/// pipeline bounds the attempt (timeout); the backoff between attempts is durable, in the outbox row (<see cref="Delivery.RetrySchedule"/>), so it survives restarts and is shared by every replica. 2xx = delivered (§2.8).
/// </summary>
internal sealed class BackChannelLogoutSender : Delivery.IOutboxSender
{
    public string Kind => OutboxKinds.BackChannelLogout;

    public const string HttpClientName = "IdentityBroker.BackChannelLogout";

    private readonly IHttpClientFactory _http;
    private readonly LogoutTokenFactory _tokens;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;

    public BackChannelLogoutSender(IHttpClientFactory http, LogoutTokenFactory tokens, IOptions<Configuration.BrokerOptions> options)
    {
        _http = http;
        _tokens = tokens;
        _pipeline = new ResiliencePipelineBuilder<HttpResponseMessage>().AddTimeout(options.Value.Logout.BackChannelAttemptTimeout).Build();
    }

    /// <returns>Null when delivered, otherwise a short error for the outbox row and the log (never the token).</returns>
    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (message.Kind != OutboxKinds.BackChannelLogout || BackChannelLogoutEvent.FromJson(message.Payload) is not { } logout)
        {
            return "unreadable payload";
        }

        var token = await _tokens.CreateAsync(logout, message.IdempotencyKey, cancellationToken);
        return await Delivery.OutboxHttpAttempt.SendAsync(
            _pipeline,
            _http.CreateClient(HttpClientName),
            () => new HttpRequestMessage(HttpMethod.Post, message.Destination)
            {
                Content = new FormUrlEncodedContent([new KeyValuePair<string, string>("logout_token", token)]),
                Headers = { { "Idempotency-Key", message.IdempotencyKey } },
            },
            cancellationToken);
    }
}
