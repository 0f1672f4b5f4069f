using System.Net;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>Issue #3: rate limiting on the token, PAR and authorize endpoints, per client and per IP, with 429 and Retry-After.</summary>
[CancelAfter(60_000)]
public sealed class RateLimitTests : SliceFixture
{
    protected override IReadOnlyDictionary<string, string?> BrokerSettings => new Dictionary<string, string?>
    {
        ["IdentityBroker:RateLimits:PerIpPerSecond"] = "10",
        ["IdentityBroker:RateLimits:PerIpBurst"] = "12",
        ["IdentityBroker:RateLimits:PerClientPerSecond"] = "1",
        ["IdentityBroker:RateLimits:PerClientBurst"] = "4",
    };

    [Test]
    public async Task TokenEndpoint_ClientOverItsLimit_429WithRetryAfter_OtherClientUnaffected()
    {
        using var http = new HttpClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6; i++)
        {
            var response = await http.PostAsync(Slice.BrokerUrl + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code", ["code"] = "nope", ["client_id"] = SliceEnvironment.PublicClientId, ["redirect_uri"] = "http://127.0.0.1/callback",
            }));
            statuses.Add(response.StatusCode);
            limited ??= response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.That(statuses.Take(4), Is.All.EqualTo(HttpStatusCode.BadRequest), "within the client's burst: normal OAuth errors");
        Assert.That(statuses.Last(), Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited!.Headers.RetryAfter?.Delta, Is.GreaterThan(TimeSpan.Zero));
        Assert.That(await limited.Content.ReadAsStringAsync(), Does.Contain("rate_limited"));

        var other = await http.PostAsync(Slice.BrokerUrl + "/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = SliceEnvironment.ServiceClientId, ["client_secret"] = SliceEnvironment.ServiceClientSecret,
        }));
        Assert.That(other.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests), "another client has its own bucket");
    }

    [Test]
    public async Task Authorize_IpOverItsLimit_429_DiscoveryNeverLimited()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 16; i++)
        {
            var clientId = i % 2 == 0 ? "unknown-a" : "unknown-b";
            statuses.Add((await http.GetAsync(Slice.BrokerUrl + "/connect/authorize?client_id=" + clientId)).StatusCode);
        }

        Assert.That(statuses, Does.Contain(HttpStatusCode.TooManyRequests), "per-IP bucket (burst 12) exhausted");
        for (var i = 0; i < 20; i++)
        {
            Assert.That((await http.GetAsync(Slice.BrokerUrl + "/.well-known/openid-configuration")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        await Task.Delay(TimeSpan.FromSeconds(2)); // leave the shared IP bucket refilled for the fixture's other test
    }
}
