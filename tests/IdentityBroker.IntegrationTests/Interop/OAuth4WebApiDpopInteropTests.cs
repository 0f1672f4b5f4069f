using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Interop;

/// <summary>
/// R-TOKEN-1 with oauth4webapi 3.8.8 as the diary mobile app: the public client <c>diary-mobile-dpop</c>, which the region
/// file requires to use PAR (RFC 9126) and DPoP (RFC 9449). The library pushes the request with a DPoP proof, redeems the
/// code with DPoP, checks the DPoP token response and the ID token, calls userinfo as a DPoP-protected resource, and
/// refreshes with DPoP. Script: tests/js/oauth4webapi-dpop.mjs.
/// </summary>
[CancelAfter(180_000)]
public sealed class OAuth4WebApiDpopInteropTests : SliceFixture
{
    private const string RedirectUri = "http://127.0.0.1/callback";

    private NodeScript App => new("oauth4webapi-dpop.mjs", new Dictionary<string, string>
    {
        ["BROKER_URL"] = Slice.BrokerUrl,
        ["CLIENT_ID"] = SliceEnvironment.DpopClientId,
        ["REDIRECT_URI"] = RedirectUri,
        ["EXPECTED_AUDIENCE"] = "diary-api",
    });

    [Test]
    public async Task OAuth4WebApi_Rtoken1_ParDpopCodeFlow_DpopBoundTokens_UserInfo_Refresh()
    {
        var tokens = await SignInAsync();

        Assert.Multiple(() =>
        {
            Assert.That(tokens.Str("token_type"), Is.EqualTo("dpop").IgnoreCase, "RFC 9449 §5: token_type DPoP");
            Assert.That(tokens.GetProperty("id_token_claims").Str("sub"), Is.EqualTo("d38-1001"));
            var access = JsonDocument.Parse(Base64UrlEncoder.Decode(new JsonWebToken(tokens.Str("access_token")).EncodedPayload)).RootElement;
            Assert.That(access.Obj("cnf")?.Str("jkt"), Is.EqualTo(tokens.Str("dpopJkt")),
                "RFC 9449 §6.1: cnf.jkt is the thumbprint of the client's DPoP key");
            Assert.That(tokens.GetProperty("resource").Str("sub"), Is.EqualTo("d38-1001"), "userinfo as a DPoP protected resource");
            Assert.That(tokens.GetProperty("userinfo").Str("sub"), Is.EqualTo("d38-1001"));
        });

        var refreshed = tokens.Obj("refreshed");
        Assert.That(refreshed, Is.Not.Null, "offline_access granted: a refresh token, refreshed with DPoP");
        Assert.Multiple(() =>
        {
            Assert.That(refreshed!.Value.Str("token_type"), Is.EqualTo("dpop").IgnoreCase);
            Assert.That(refreshed.Value.Str("access_token"), Is.Not.EqualTo(tokens.Str("access_token")));
            Assert.That(tokens.GetProperty("refreshedUserinfo").Str("sub"), Is.EqualTo("d38-1001"));
        });
    }

    [Test]
    public async Task OAuth4WebApi_Rtoken1_DpopBoundAccessTokenAsBearer_Refused()
    {
        var tokens = await SignInAsync();

        var bearer = await App.RunAsync("userinfo-bearer", new { accessToken = tokens.Str("access_token") });

        Assert.That(bearer.GetProperty("status").GetInt32(), Is.EqualTo(401), "RFC 9449 §7.2: a DPoP-bound token without proof is refused");
    }

    [Test]
    public async Task OAuth4WebApi_Rtoken1_AccessTokenPassesRfc9068ResourceServerValidation()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var tokens = await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"]);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());

        var claims = await App.RunAsync("validate-access-token", new { accessToken = tokens.Get("access_token") });

        Assert.That(claims.Str("sub"), Is.EqualTo("d38-1001"));
        Assert.That(claims.Str("client_id"), Is.EqualTo(SliceEnvironment.PublicClientId));
        Assert.That(claims.Str("iss"), Is.EqualTo(Slice.BrokerUrl));
    }

    /// <summary>Step 1 (node): PAR with a DPoP proof; step 2 (C#): ESIA; step 3 (node): code grant with DPoP, userinfo, refresh.</summary>
    private async Task<JsonElement> SignInAsync()
    {
        var start = await App.RunAsync("par", new { scope = "openid profile diary offline_access" });
        Assert.That(start.Str("requestUri"), Does.StartWith("urn:ietf:params:oauth:request_uri:"), "RFC 9126 §2.2");

        using var browser = new BrowserClient();
        var callback = await OpenIdClientInteropTests.FollowThroughEsiaAsync(browser, start.Str("url")!, RedirectUri);
        return await App.RunAsync("code-grant", new
        {
            callback,
            codeVerifier = start.Str("codeVerifier"),
            state = start.Str("state"),
            nonce = start.Str("nonce"),
            dpopKey = start.GetProperty("dpopKey"),
        });
    }
}
