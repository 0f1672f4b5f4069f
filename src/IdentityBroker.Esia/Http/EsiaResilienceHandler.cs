using System.Diagnostics;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace IdentityBroker.Esia.Http;

/// <summary>
/// Runs each ESIA request through the pipelines chosen from its <see cref="EsiaRequestContext"/> tags and records its
/// duration. Sits above the (replaceable) primary handler of the typed ESIA HttpClient.
/// </summary>
internal sealed class EsiaResilienceHandler(EsiaResiliencePipelines pipelines, EsiaMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var region = request.Options.TryGetValue(EsiaRequestContext.Region, out var r) ? r : "unknown";
        var operation = request.Options.TryGetValue(EsiaRequestContext.Operation, out var o) ? o : EsiaRequestContext.TokenOperation;
        var timeout = request.Options.TryGetValue(EsiaRequestContext.AttemptTimeout, out var t) ? t : TimeSpan.FromSeconds(10);

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(EsiaResiliencePipelines.AttemptTimeoutKey, timeout);
        context.Properties.Set(EsiaResiliencePipelines.OperationKey, operation);
        context.Properties.Set(EsiaResiliencePipelines.RegionKey, region);
        var regionPipeline = pipelines.ForRegion(region);
        using var activity = EsiaMetrics.Activities.StartActivity("esia " + operation, ActivityKind.Internal); // the HttpClient spans nest under it, one per try
        activity?.SetTag("esia.region", region);
        activity?.SetTag("esia.operation", operation);
        var start = Stopwatch.GetTimestamp();
        var result = "error";
        try
        {
            var outcome = await pipelines.ForOperation(operation).ExecuteOutcomeAsync(
                async (ctx, state) =>
                {
                    var inner = await state.RegionPipeline.ExecuteOutcomeAsync(
                        async (innerCtx, s) =>
                        {
                            try
                            {
                                return Outcome.FromResult(await s.Handler.SendCoreAsync(s.Request, innerCtx.CancellationToken).ConfigureAwait(false));
                            }
                            catch (Exception ex)
                            {
                                return Outcome.FromException<HttpResponseMessage>(ex);
                            }
                        },
                        ctx,
                        state).ConfigureAwait(false);
                    return inner;
                },
                context,
                (Handler: this, Request: request, RegionPipeline: regionPipeline)).ConfigureAwait(false);
            outcome.ThrowIfException();
            var response = outcome.Result!;
            result = (int)response.StatusCode switch
            {
                < 400 => "success",
                < 500 => "http_4xx",
                _ => "http_5xx",
            };
            return response;
        }
        catch (TimeoutRejectedException)
        {
            result = "timeout";
            throw;
        }
        catch (BrokenCircuitException)
        {
            result = "circuit_open";
            throw;
        }
        catch (RateLimiterRejectedException)
        {
            result = "rejected";
            throw;
        }
        finally
        {
            metrics.RecordRequest(operation, result, Stopwatch.GetElapsedTime(start));
            activity?.SetTag("esia.result", result);
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken ct) => base.SendAsync(request, ct);
}
