using System.Collections.Concurrent;
using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// Issue #10 item 2: a few seconds of PostgreSQL outage must not log anyone out. 24 refresh loops run concurrently while
/// the broker's own PostgreSQL server is stopped abruptly for 8 s and started again. While it is down the token endpoint
/// answers 503 temporarily_unavailable (retryable; never a 500); a loop retries the token it holds. A retry whose rotation
/// had committed before its response was lost gets the same successor (RefreshTokenStore.UseAsync: successor still
/// unused). Afterwards every family still refreshes and no reuse was recorded; a true replay — an old token presented
/// after its successor was used — is still caught and revokes its family.
/// </summary>
[CancelAfter(240_000)]
public sealed class RefreshDuringDatabaseOutageTests
{
    private const int Loops = 24;
    private RestartablePostgres _postgres = null!;
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _postgres = await RestartablePostgres.StartAsync();
        var connectionString = await _postgres.CreateDatabaseAsync("outage");
        _slice = await SliceEnvironment.StartAsync(
            connectionString: connectionString, brokerSettings: new Dictionary<string, string?> { ["IdentityBroker:RateLimits:Enabled"] = "false" });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_slice is not null)
        {
            await _slice.DisposeAsync();
        }

        _postgres?.Dispose();
    }

    [Test]
    public async Task Refresh_PostgresStoppedFor8sUnder24ConcurrentLoops_EveryFamilySurvives_TrueReplayStillCaught()
    {
        var originals = await StartFamiliesAsync();
        var current = originals.ToArray();
        var statuses = new ConcurrentDictionary<int, int>();
        var lost = new ConcurrentBag<string>();
        var stop = new CancellationTokenSource();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };

        var loops = Enumerable.Range(0, Loops).Select(i => Task.Run(async () =>
        {
            // until told to stop, and then until the token it holds is confirmed by one more success
            var confirmedAfterStop = false;
            while (!confirmedAfterStop)
            {
                var stopping = stop.IsCancellationRequested;
                var (status, body) = await RefreshAsync(http, current[i]);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status == 200)
                {
                    current[i] = JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
                    confirmedAfterStop = stopping;
                }
                else if (status is 400 or 401)
                {
                    lost.Add($"loop {i}: {status} {body}");
                    return;
                }
                else
                {
                    await Task.Delay(150); // 503 or no answer: retry the same token, as a client backs off
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await _postgres.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(8));
        await _postgres.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(90));
        TestContext.Out.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));

        Assert.That(lost, Is.Empty, "no family may be lost to an outage");
        Assert.That(statuses.Keys.Where(s => s >= 500 && s != 503), Is.Empty, "the outage is a 503 (retryable), never a 500");
        Assert.That(statuses.GetValueOrDefault(503) + statuses.GetValueOrDefault(0), Is.GreaterThan(0), "the outage was seen by the loops");
        Assert.That(await TokenCalls.CountAuditAsync(_slice, "refresh_token_reuse", SliceEnvironment.PublicClientId), Is.Zero, "no reuse detected");
        for (var i = 0; i < Loops; i++)
        {
            var (status, body) = await RefreshAsync(http, current[i]);
            Assert.That(status, Is.EqualTo(200), $"family {i} still works: {body}");
            current[i] = JsonDocument.Parse(body).RootElement.GetProperty("refresh_token").GetString()!;
        }

        // a true replay: the first token of family 0, whose successor has long been used, presented after the grace
        var (replayStatus, replayBody) = await RefreshAsync(http, originals[0]);
        var (newestStatus, _) = await RefreshAsync(http, current[0]);
        var (otherStatus, _) = await RefreshAsync(http, current[1]);

        Assert.That(replayStatus, Is.EqualTo(400), replayBody);
        Assert.That(replayBody, Does.Contain("invalid_grant"));
        Assert.That(newestStatus, Is.EqualTo(400), "the replay revoked family 0");
        Assert.That(otherStatus, Is.EqualTo(200), "other families are untouched");
        Assert.That(await TokenCalls.CountAuditAsync(_slice, "refresh_token_reuse", SliceEnvironment.PublicClientId), Is.EqualTo(1));
    }

    /// <summary>One refresh-token family per loop, stored as a sign-in would start it (faster than 24 ESIA round trips).</summary>
    private async Task<string[]> StartFamiliesAsync()
    {
        var store = _slice.BrokerServices.GetRequiredService<IRefreshTokenStore>();
        var now = DateTimeOffset.UtcNow;
        var handles = new string[Loops];
        for (var i = 0; i < Loops; i++)
        {
            handles[i] = OpaqueHandle.New();
            await store.CreateAsync(
                new RefreshTokenRecord(OpaqueHandle.Hash(handles[i]), OpaqueHandle.New(), SliceEnvironment.PublicClientId, "d38-1001", SliceEnvironment.RegionCode,
                    "openid diary offline_access", "outage-sid-" + i, now, null, ["pwd"], null, now, now.AddDays(1)),
                CancellationToken.None);
        }

        return handles;
    }

    private async Task<(int Status, string Body)> RefreshAsync(HttpClient http, string refreshToken)
    {
        try
        {
            using var response = await http.PostAsync(_slice.BrokerUrl + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken, ["client_id"] = SliceEnvironment.PublicClientId,
            }));
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return (0, ex.GetType().Name);
        }
    }
}
