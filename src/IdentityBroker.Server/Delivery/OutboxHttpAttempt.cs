using Polly;
using Polly.Timeout;

namespace IdentityBroker.Server.Delivery;

/// <summary>
/// One HTTP attempt at delivering an outbox message (back-channel logout, webhook), shared by both senders: the request is
/// built afresh for every try of the Polly pipeline, and the outcome is reduced to a short error for the outbox row and the
/// log (never the body). The durable backoff between attempts is the dispatcher's (<see cref="RetrySchedule"/>).
/// </summary>
internal static class OutboxHttpAttempt
{
    /// <returns>Null when the receiver answered 2xx, otherwise "HTTP nnn", "timeout" or "connection failed: …".</returns>
    public static async Task<string?> SendAsync(
        ResiliencePipeline<HttpResponseMessage> pipeline, HttpClient client, Func<HttpRequestMessage> buildRequest, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await pipeline.ExecuteAsync(
                async ct =>
                {
                    using var request = buildRequest();
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
