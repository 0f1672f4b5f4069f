using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Logout;

/// <summary>
/// OIDC Back-Channel Logout 1.0 as <c>oidcc-backchannel-rp-initiated-logout</c> checks it: a signed logout token (typ
/// logout+jwt, iss, aud, iat, jti, sid, sub, events, no nonce) POSTed to each client of the session; delivered from the
/// outbox with retries, so a receiver that is down loses nothing and gets each message once.
/// </summary>
[CancelAfter(180_000)]
public sealed class BackChannelLogoutTests : SliceFixture
{
    private const string DemoPath = "/demo/backchannel-logout";
    private const string PkjwtPath = "/pkjwt/backchannel-logout";

    [SetUp]
    public void ResetReceiver()
    {
        Slice.LogoutReceiver.IsDown = false;
        Slice.LogoutReceiver.Received.Clear();
    }

    [Test]
    public async Task OidccBackchannelRpInitiatedLogout_LogoutTokenValidAgainstJwks()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var idToken = new JsonWebToken(await LogoutSteps.SignInAsync(browser, client));

        var page = await browser.GetAsync(LogoutSteps.EndSessionUrl(Slice.BrokerUrl, new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken.EncodedToken, ["post_logout_redirect_uri"] = Slice.DemoUrl + "/",
        }));
        Assert.That(page.Url.GetLeftPart(UriPartial.Path), Is.EqualTo(Slice.DemoUrl + "/"));

        var received = await Slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20));
        Assert.That(received, Has.Count.EqualTo(1));
        Assert.That(received[0].Path, Is.EqualTo(DemoPath));
        Assert.That(received[0].ContentType, Does.StartWith("application/x-www-form-urlencoded"), "§2.5: form-encoded POST");
        var form = QueryHelpers.ParseQuery(received[0].Body);
        Assert.That(form.Keys, Is.EquivalentTo(new[] { "logout_token" }));

        var jwks = new JsonWebKeySet(await new HttpClient().GetStringAsync(Slice.BrokerUrl + "/.well-known/jwks.json"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(form["logout_token"].ToString(), new TokenValidationParameters
        {
            ValidIssuer = Slice.BrokerUrl, ValidAudience = SliceEnvironment.DemoClientId, IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["logout+jwt"], ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
        });
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Multiple(() =>
        {
            Assert.That(token.Typ, Is.EqualTo("logout+jwt"));
            Assert.That(token.Subject, Is.EqualTo(idToken.Subject));
            Assert.That(token.GetClaim("sid").Value, Is.EqualTo(idToken.GetClaim("sid").Value), "sid of the ID token");
            Assert.That(token.Id, Is.Not.Empty, "jti");
            Assert.That(token.TryGetClaim("nonce", out _), Is.False, "§2.4: MUST NOT contain a nonce");
            Assert.That(token.IssuedAt, Is.EqualTo(DateTime.UtcNow).Within(TimeSpan.FromMinutes(1)));
            Assert.That(token.ValidTo - token.IssuedAt, Is.EqualTo(TimeSpan.FromMinutes(2)));
            var events = JsonDocument.Parse(Base64UrlEncoder.Decode(token.EncodedPayload)).RootElement.GetProperty("events");
            Assert.That(events.GetProperty("http://schemas.openid.net/event/backchannel-logout").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(events.GetProperty("http://schemas.openid.net/event/backchannel-logout").EnumerateObject().Count(), Is.Zero, "an empty object");
        });
    }

    [Test]
    public async Task BackchannelLogout_ReceiverDownThenUp_EachClientGetsItsTokenExactlyOnce()
    {
        using var browser = new BrowserClient();
        var demo = OidcTestClient.Confidential(Slice);
        var idToken = await LogoutSteps.SignInAsync(browser, demo);
        // Single sign-on into the private_key_jwt client: the code issued for it records it in the session.
        await new OidcTestClient(Slice, SliceEnvironment.PrivateKeyJwtClientId, "http://127.0.0.1/pkjwt-callback").AuthorizeAsync(browser);
        Slice.LogoutReceiver.IsDown = true;

        await browser.GetAsync(LogoutSteps.EndSessionUrl(Slice.BrokerUrl, new Dictionary<string, string?> { ["id_token_hint"] = idToken }));
        // the first attempts fail (503) and are rescheduled; the claim counts an attempt before it is made, so wait for its
        // outcome too (last_error), not just the count
        Assert.That(await Eventually.TrueAsync(async () => (await OutboxAttemptsAsync()) is { Count: 2 } a && a.All(m => m.Attempts >= 1 && m.LastError is not null), TimeSpan.FromSeconds(30)), "both messages attempted");
        Assert.That(Slice.LogoutReceiver.Received, Is.Empty);
        var pending = await OutboxAttemptsAsync();
        Assert.That(pending, Has.Count.EqualTo(2));
        Assert.That(pending.All(m => m.Attempts >= 1 && m.LastError == "HTTP 503" && m.DeliveredAt is null), Is.True, "attempted and kept");
        Slice.LogoutReceiver.IsDown = false;

        var received = await Slice.LogoutReceiver.WaitForAsync(2, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // room for a duplicate to show up

        received = Slice.LogoutReceiver.Received.ToList();
        Assert.That(received.Select(r => r.Path), Is.EquivalentTo(new[] { DemoPath, PkjwtPath }), "one message per client, nothing lost");
        var tokens = received.Select(r => new JsonWebToken(QueryHelpers.ParseQuery(r.Body)["logout_token"].ToString())).ToList();
        Assert.That(tokens.Select(t => t.Id).Distinct().Count(), Is.EqualTo(2));
        Assert.That(tokens.Select(t => t.Audiences.Single()), Is.EquivalentTo(new[] { SliceEnvironment.DemoClientId, SliceEnvironment.PrivateKeyJwtClientId }));
        Assert.That(tokens.All(t => t.ValidTo > DateTime.UtcNow), "signed at the delivery attempt, not at logout: still fresh");
        Assert.That((await OutboxAttemptsAsync()).All(m => m.DeliveredAt is not null), Is.True);
    }

    [Test]
    public async Task Logout_RevokesTheSessionsRefreshTokens()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var idToken = new JsonWebToken(await LogoutSteps.SignInAsync(browser, client));
        var sid = idToken.GetClaim("sid").Value;
        var store = Slice.BrokerServices.GetRequiredService<IRefreshTokenStore>();
        var now = DateTimeOffset.UtcNow;
        var hash = Guid.NewGuid().ToString("N");
        await store.CreateAsync(new RefreshTokenRecord(hash, Guid.NewGuid().ToString("N"), client.ClientId, idToken.Subject, SliceEnvironment.RegionCode,
            "openid offline_access", sid, now, null, [], null, now, now.AddDays(1)), CancellationToken.None);
        Assert.That(await store.FindAsync(hash, now, CancellationToken.None), Is.Not.Null);

        await browser.GetAsync(LogoutSteps.EndSessionUrl(Slice.BrokerUrl, new Dictionary<string, string?> { ["id_token_hint"] = idToken.EncodedToken }));

        var successor = new RefreshTokenRecord(Guid.NewGuid().ToString("N"), "f", client.ClientId, idToken.Subject, SliceEnvironment.RegionCode,
            "openid", sid, now, null, [], null, now, now.AddDays(1));
        var use = await store.UseAsync(hash, DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.Zero, successor, [1], CancellationToken.None);
        Assert.That(use.Status, Is.EqualTo(RefreshUseStatus.Invalid), "ended in the same transaction as the session");
    }

    [Test]
    public async Task Logout_RefreshGrantWithTheSessionsToken_InvalidGrant()
    {
        var client = OidcTestClient.Confidential(Slice);
        var tokens = await Protocol.TokenCalls.SignInAsync(Slice, client);
        var refreshToken = tokens.Get("refresh_token")!;

        // The hint alone ends its session: no browser cookie needed (RP-Initiated Logout 1.0 §2).
        using var browser = new BrowserClient();
        await browser.GetAsync(LogoutSteps.EndSessionUrl(Slice.BrokerUrl, new Dictionary<string, string?> { ["id_token_hint"] = tokens.Get("id_token") }));
        var refreshed = await Protocol.TokenCalls.RefreshAsync(client, refreshToken);

        Assert.That(refreshed.Status, Is.EqualTo(400), refreshed.Json.ToString());
        Assert.That(refreshed.Error, Is.EqualTo("invalid_grant"));
        await Slice.LogoutReceiver.WaitForAsync(1, TimeSpan.FromSeconds(20)); // the demo client's logout token: not into the next test
    }

    private async Task<List<OutboxRow>> OutboxAttemptsAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(Slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT attempts, last_error, delivered_at FROM broker.outbox_messages WHERE kind = 'backchannel_logout' AND created_at > now() - interval '40 seconds'",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<OutboxRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new OutboxRow(reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetDateTime(2)));
        }

        return rows;
    }

    private sealed record OutboxRow(int Attempts, string? LastError, DateTime? DeliveredAt);
}
