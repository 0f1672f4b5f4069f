using System.Net;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>Issue #3: "RS256 by default, ES256 offered" — a deployment configured for ES256 works end to end.</summary>
[CancelAfter(90_000)]
public sealed class Es256SigningTests : SliceFixture
{
    protected override IReadOnlyDictionary<string, string?> BrokerSettings => new Dictionary<string, string?>
    {
        ["IdentityBroker:Signing:Algorithm"] = "ES256",
    };

    [Test]
    public async Task Es256_IdTokenUserinfoAndLogoutHint_AllAcceptTheEcKey()
    {
        using var http = new HttpClient();
        var discovery = JsonDocument.Parse(await http.GetStringAsync(Slice.BrokerUrl + "/.well-known/openid-configuration")).RootElement;
        Assert.That(discovery.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()), Is.EquivalentTo(new[] { "ES256" }));

        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var tokens = await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"]);
        var idToken = tokens.Get("id_token")!;

        var jwks = new JsonWebKeySet(await http.GetStringAsync(Slice.BrokerUrl + "/.well-known/jwks.json"));
        Assert.That(jwks.Keys.Single().Kty, Is.EqualTo("EC"));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(idToken, new TokenValidationParameters
        {
            ValidIssuer = Slice.BrokerUrl, ValidAudience = client.ClientId, IssuerSigningKeys = jwks.GetSigningKeys(),
        });
        Assert.That(result.IsValid, Is.True, result.Exception?.Message);
        Assert.That(new JsonWebToken(idToken).Alg, Is.EqualTo("ES256"));

        using var userinfo = new HttpRequestMessage(HttpMethod.Get, Slice.BrokerUrl + "/connect/userinfo") { Headers = { { "Authorization", "Bearer " + tokens.Get("access_token") } } };
        Assert.That((await http.SendAsync(userinfo)).StatusCode, Is.EqualTo(HttpStatusCode.OK));

        browser.StopBefore = u => u.ToString().StartsWith("http://127.0.0.1/signed-out", StringComparison.Ordinal) || u.AbsolutePath == "/idp/ext/Logout";
        var logout = await browser.GetAsync(QueryHelpers.AddQueryString(Slice.BrokerUrl + "/connect/endsession", new Dictionary<string, string?>
        {
            ["id_token_hint"] = idToken, ["post_logout_redirect_uri"] = "http://127.0.0.1/signed-out", ["state"] = "s1",
        }));
        Assert.That(logout.Url.AbsolutePath is "/idp/ext/Logout" || logout.Url.ToString().StartsWith("http://127.0.0.1/signed-out", StringComparison.Ordinal),
            "a valid ES256 id_token_hint leads on to the redirect (via ESIA logout), got " + logout.Url);
    }
}
