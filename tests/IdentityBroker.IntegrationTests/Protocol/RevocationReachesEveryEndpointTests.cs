using System.Net;
using System.Net.Http.Headers;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Logout;
using Microsoft.IdentityModel.JsonWebTokens;
using static IdentityBroker.IntegrationTests.Consent.DataConsentSteps;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// Issue #10 item 1: userinfo and introspection apply one access-token rule (AccessTokenValidator): after RP-initiated
/// logout, after data consent is withdrawn at /account (R-CONSENT-1), and after the token's refresh family is revoked
/// (reuse detected, RFC 7009), userinfo answers 401 invalid_token and introspection reports the token inactive.
/// </summary>
[CancelAfter(180_000)]
public sealed class RevocationReachesEveryEndpointTests : SliceFixture
{
    [Test]
    public async Task Revocation_AfterRpInitiatedLogout_UserinfoInvalidToken_IntrospectionInactive()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var tokens = await client.RedeemAsync(code);
        var access = tokens.Get("access_token")!;
        await AssertLiveAsync(access);

        var page = await LogoutSteps.EndSessionAsync(browser, Slice.BrokerUrl, new Dictionary<string, string?> { ["id_token_hint"] = tokens.Get("id_token") });
        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.OK), page.Body);

        await AssertDeadAsync(access, "after RP-initiated logout");
    }

    [Test]
    public async Task Revocation_AfterDataConsentWithdrawnAtAccount_UserinfoInvalidToken_IntrospectionInactive()
    {
        await ForgetAsync(Slice, ConfirmedAdultOid);
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var tokens = await client.RedeemAsync(code);
        var refreshed = await TokenCalls.RefreshAsync(client, tokens.Get("refresh_token")!); // an access token minted from the family too
        await AssertLiveAsync(tokens.Get("access_token")!);
        await AssertLiveAsync(refreshed.Get("access_token")!);

        var account = await browser.GetAsync(Slice.BrokerUrl + "/account");
        var revoked = await browser.SubmitAsync(account, "#account-revoke");
        Assert.That(revoked.Status, Is.EqualTo(HttpStatusCode.OK), revoked.Body);

        await AssertDeadAsync(tokens.Get("access_token")!, "after consent withdrawal (code grant token)");
        await AssertDeadAsync(refreshed.Get("access_token")!, "after consent withdrawal (refresh grant token)");
    }

    [Test]
    public async Task Revocation_AfterRefreshFamilyRevokedByReuse_UserinfoInvalidToken_IntrospectionInactive()
    {
        var client = OidcTestClient.Public(Slice);
        var first = await TokenCalls.SignInAsync(Slice, client);
        var second = await TokenCalls.RefreshAsync(client, first.Get("refresh_token")!);
        var third = await TokenCalls.RefreshAsync(client, second.Get("refresh_token")!); // the holder moved on
        await AssertLiveAsync(third.Get("access_token")!);

        Slice.Clock.Advance(TimeSpan.FromSeconds(6)); // past the 5 s grace: a true replay
        var replay = await TokenCalls.RefreshAsync(client, first.Get("refresh_token")!);
        Assert.That(replay.Error, Is.EqualTo("invalid_grant"));

        // the session is still alive (no logout): only the family rule kills these tokens
        await AssertDeadAsync(first.Get("access_token")!, "code-grant token of the revoked family");
        await AssertDeadAsync(third.Get("access_token")!, "newest token of the revoked family");
    }

    [Test]
    public async Task Revocation_RefreshTokenRevokedRfc7009_AccessTokensOfItsFamilyDie_OtherFamilyLives()
    {
        var client = OidcTestClient.Confidential(Slice);
        var revokedFamily = await TokenCalls.SignInAsync(Slice, client);
        var otherFamily = await TokenCalls.SignInAsync(Slice, client);

        var revocation = await TokenCalls.RevokeAsync(Slice, revokedFamily.Get("refresh_token")!, client.ClientId, SliceEnvironment.DemoClientSecret, "refresh_token");
        Assert.That(revocation.Status, Is.EqualTo(200));

        await AssertDeadAsync(revokedFamily.Get("access_token")!, "family revoked by RFC 7009");
        await AssertLiveAsync(otherFamily.Get("access_token")!);
    }

    private async Task AssertLiveAsync(string accessToken)
    {
        var (status, _) = await UserInfoAsync(accessToken);
        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), "userinfo before revocation");
        Assert.That((await TokenCalls.IntrospectAsync(Slice, accessToken)).Active(), Is.True, "introspection before revocation");
    }

    private async Task AssertDeadAsync(string accessToken, string when)
    {
        var (status, challenge) = await UserInfoAsync(accessToken);
        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized), "userinfo " + when);
        Assert.That(challenge, Does.Contain("error=\"invalid_token\""), "userinfo " + when);
        Assert.That((await TokenCalls.IntrospectAsync(Slice, accessToken)).Active(), Is.False, "introspection " + when);
    }

    private async Task<(HttpStatusCode Status, string Challenge)> UserInfoAsync(string accessToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Slice.BrokerUrl + "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())));
    }
}
