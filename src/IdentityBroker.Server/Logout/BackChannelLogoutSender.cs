using System.Net.Http.Headers;
using IdentityBroker.Core.Stores;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// One delivery attempt of an outbox message: a back-channel logout is POSTed as <c>logout_token=…</c>
/// (application/x-www-form-urlencoded, OIDC Back-Channel Logout 1.0 §2.5) with a freshly signed token; any other kind is
/// POSTed as stored. A Polly.Core pipeline bounds the attempt (timeout); the backoff between attempts is durable, in the
/// outbox row (<see cref="RetrySchedule"/>), so it survives restarts and is shared by every replica. 2xx = delivered (§2.8).
/// </summary>
internal sealed class BackChannelLogoutSender
{
    public const string HttpClientName = "IdentityBroker.BackChannelLogout";

    private readonly IHttpClientFactory _http;
    private readonly LogoutTokenFactory _tokens;
    private readonly ResiliencePipeline _pipeline;

    public BackChannelLogoutSender(IHttpClientFactory http, LogoutTokenFactory tokens, IOptions<Configuration.BrokerOptions> options)
    {
        _http = http;
        _tokens = tokens;
        _pipeline = new ResiliencePipelineBuilder().AddTimeout(options.Value.Logout.BackChannelAttemptTimeout).Build();
    }

    /// <returns>Null when delivered, otherwise a short error for the outbox row and the log (never the token).</returns>
    public async Task<string?> SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        HttpContent content;
        if (message.Kind == OutboxKinds.BackChannelLogout)
        {
            if (BackChannelLogoutEvent.FromJson(message.Payload) is not { } logout)
            {
                return "unreadable payload";
            }

            var token = await _tokens.CreateAsync(logout, message.IdempotencyKey, cancellationToken);
            content = new FormUrlEncodedContent([new KeyValuePair<string, string>("logout_token", token)]);
        }
        else
        {
            content = new StringContent(message.Payload);
            content.Headers.ContentType = MediaTypeHeaderValue.Parse(message.ContentType);
        }

        using (content)
        {
            try
            {
                var client = _http.CreateClient(HttpClientName);
                using var response = await _pipeline.ExecuteAsync(
                    async ct =>
                    {
                        using var request = new HttpRequestMessage(HttpMethod.Post, message.Destination) { Content = content };
                        request.Headers.TryAddWithoutValidation("Idempotency-Key", message.IdempotencyKey);
                        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
                    },
                    cancellationToken);
                return response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}";
            }
            catch (TimeoutRejectedException)
            {
                return "timeout";
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return "timeout";
            }
            catch (HttpRequestException ex)
            {
                return "connection failed: " + ex.HttpRequestError;
            }
        }
    }
}
