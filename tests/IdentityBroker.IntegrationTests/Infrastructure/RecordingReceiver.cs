using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// A relying party's back-channel endpoint (or a region's webhook receiver) for tests: records every POST, and can be
/// switched "down" (answers 503) to prove that the broker's outbox retries and loses nothing.
/// </summary>
internal sealed class RecordingReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingReceiver(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public bool IsDown { get; set; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public static async Task<RecordingReceiver> StartAsync()
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new RecordingReceiver(app, url);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            if (receiver.IsDown)
            {
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Received.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.ContentType, body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived or the timeout passes.</summary>
    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Received.Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Received.ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Path, string? ContentType, string Body, IReadOnlyDictionary<string, string> Headers);
