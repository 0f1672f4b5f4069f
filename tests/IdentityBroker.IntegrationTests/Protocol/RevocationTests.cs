using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>Token revocation (RFC 7009) at <c>/connect/revocation</c>.</summary>
[CancelAfter(120_000)]
public sealed class RevocationTests : SliceFixture
{
    [Test]
    public async Task Revocation_RefreshToken_FamilyRevoked_RefreshFails()
    {
        var client = OidcTestClient.Public(Slice);
        var tokens = await TokenCalls.SignInAsync(Slice, client);
        var successor = (await TokenCalls.RefreshAsync(client, tokens.Get("refresh_token")!)).Get("refresh_token")!;

        var revocation = await TokenCalls.RevokeAsync(Slice, successor, client.ClientId, null, hint: "refresh_token");

        Assert.That(revocation.Status, Is.EqualTo(200));
        Assert.That(revocation.NoStore, Is.True);
        Assert.That((await TokenCalls.RefreshAsync(client, successor)).Error, Is.EqualTo("invalid_grant"));
    }

    [Test]
    public async Task Revocation_AccessToken_IntrospectionInactive()
    {
        var client = OidcTestClient.Confidential(Slice);
        var access = (await TokenCalls.SignInAsync(Slice, client)).Get("access_token")!;
        Assert.That((await TokenCalls.IntrospectAsync(Slice, access)).Active(), Is.True);

        var revocation = await TokenCalls.RevokeAsync(Slice, access, client.ClientId, SliceEnvironment.DemoClientSecret);

        Assert.That(revocation.Status, Is.EqualTo(200));
        Assert.That((await TokenCalls.IntrospectAsync(Slice, access)).Active(), Is.False);
    }

    [Test]
    public async Task Revocation_WrongHint_StillRevokes()
    {
        var client = OidcTestClient.Public(Slice);
        var refresh = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;

        var revocation = await TokenCalls.RevokeAsync(Slice, refresh, client.ClientId, null, hint: "access_token");

        Assert.That(revocation.Status, Is.EqualTo(200));
        Assert.That((await TokenCalls.RefreshAsync(client, refresh)).Error, Is.EqualTo("invalid_grant"), "RFC 7009 §2.1: the hint is only a hint");
    }

    [Test]
    public async Task Revocation_AnotherClientsToken_200ButNothingRevoked()
    {
        var owner = OidcTestClient.Public(Slice);
        var tokens = await TokenCalls.SignInAsync(Slice, owner);

        var refreshAttempt = await TokenCalls.RevokeAsync(Slice, tokens.Get("refresh_token")!, SliceEnvironment.DemoClientId, SliceEnvironment.DemoClientSecret);
        var accessAttempt = await TokenCalls.RevokeAsync(Slice, tokens.Get("access_token")!, SliceEnvironment.DemoClientId, SliceEnvironment.DemoClientSecret);

        Assert.That(refreshAttempt.Status, Is.EqualTo(200), "no hint to the caller whether the token exists");
        Assert.That(accessAttempt.Status, Is.EqualTo(200));
        Assert.That((await TokenCalls.IntrospectAsync(Slice, tokens.Get("access_token")!)).Active(), Is.True);
        Assert.That((await TokenCalls.RefreshAsync(owner, tokens.Get("refresh_token")!)).Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Revocation_UnknownToken_200()
    {
        var result = await TokenCalls.RevokeAsync(Slice, "not-a-token-we-issued", SliceEnvironment.DemoClientId, SliceEnvironment.DemoClientSecret);

        Assert.That(result.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task Revocation_WrongSecret_InvalidClient401()
    {
        var result = await TokenCalls.RevokeAsync(Slice, "whatever", SliceEnvironment.DemoClientId, "wrong");

        Assert.That(result.Status, Is.EqualTo(401));
        Assert.That(result.Error, Is.EqualTo("invalid_client"));
    }

    [Test]
    public async Task Revocation_TokenMissing_InvalidRequest()
    {
        var result = await TokenCalls.PostAsync(Slice, "/connect/revocation", [], SliceEnvironment.DemoClientId, SliceEnvironment.DemoClientSecret);

        Assert.That(result.Status, Is.EqualTo(400));
        Assert.That(result.Error, Is.EqualTo("invalid_request"));
    }
}
