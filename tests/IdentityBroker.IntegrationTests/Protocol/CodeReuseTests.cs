using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// Conformance oidcc-codereuse-30seconds and RFC 6749 §4.1.2: a replayed code is refused and what the first redemption
/// issued is revoked: the access token (introspection says inactive) and the refresh-token family. The revocation does not
/// depend on the 30 seconds the suite waits (the redeemed code is remembered for at least an hour), so the test does not wait.
/// </summary>
[CancelAfter(120_000)]
public sealed class CodeReuseTests : SliceFixture
{
    [Test]
    public async Task OidccCodereuse30seconds_Replay_RevokesAccessTokenAndRefreshFamily()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(Slice);
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var first = await client.RedeemAsync(code);
        Assert.That(first.Status, Is.EqualTo(200));
        Assert.That((await TokenCalls.IntrospectAsync(Slice, first.Get("access_token")!)).Active(), Is.True, "active before the replay");

        var replay = await client.RedeemAsync(code);

        Assert.That(replay.Status, Is.EqualTo(400));
        Assert.That(replay.Error, Is.EqualTo("invalid_grant"));
        Assert.That((await TokenCalls.IntrospectAsync(Slice, first.Get("access_token")!)).Active(), Is.False, "the first access token is revoked");
        Assert.That((await TokenCalls.RefreshAsync(client, first.Get("refresh_token")!)).Error, Is.EqualTo("invalid_grant"), "the refresh family is dead");
    }

    [Test]
    public async Task OidccCodereuse_ReplayAfterRefresh_RotatedSuccessorRevokedToo()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(Slice);
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var first = await client.RedeemAsync(code);
        var refreshed = await TokenCalls.RefreshAsync(client, first.Get("refresh_token")!);
        Assert.That(refreshed.Status, Is.EqualTo(200));

        await client.RedeemAsync(code);

        Assert.That((await TokenCalls.RefreshAsync(client, refreshed.Get("refresh_token")!)).Error, Is.EqualTo("invalid_grant"), "the whole family, successors included");
    }
}
