using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.IntegrationTests.Protocol;

/// <summary>
/// Refresh tokens (RFC 6749 §6, OIDC Core §12) with rotation, a grace window and family revocation (RFC 9700 §4.14.2;
/// ../shared/docs/OIDC-CONFORMANCE.md "What to test": refresh tokens). Test names carry conformance module names.
/// </summary>
[CancelAfter(180_000)]
public sealed class RefreshTokenTests : SliceFixture
{
    [Test]
    public async Task OidccRefreshToken_Works_NewAccessToken_IdTokenClaimsConsistent()
    {
        var client = OidcTestClient.Confidential(Slice);
        var first = await TokenCalls.SignInAsync(Slice, client);
        Assert.That(first.Get("refresh_token"), Has.Length.EqualTo(43), "256-bit handle, base64url");

        var refreshed = await TokenCalls.RefreshAsync(client, first.Get("refresh_token")!);

        Assert.That(refreshed.Status, Is.EqualTo(200), refreshed.Json.ToString());
        Assert.That(refreshed.NoStore, Is.True);
        Assert.That(refreshed.Get("token_type"), Is.EqualTo("Bearer"));
        Assert.That(refreshed.Get("access_token"), Is.Not.EqualTo(first.Get("access_token")), "oidcc-refresh-token: a different access token");
        Assert.That(refreshed.Get("refresh_token"), Is.Not.EqualTo(first.Get("refresh_token")), "rotated");
        var before = new JsonWebToken(first.Get("id_token"));
        var after = new JsonWebToken(refreshed.Get("id_token"));
        Assert.Multiple(() =>
        {
            foreach (var claim in new[] { "iss", "sub", "auth_time", "sid", "acr" })
            {
                Assert.That(after.GetClaim(claim).Value, Is.EqualTo(before.GetClaim(claim).Value), claim);
            }

            Assert.That(after.Audiences, Is.EquivalentTo(before.Audiences));
            Assert.That(after.TryGetClaim("nonce", out _), Is.False, "no nonce on refresh (OIDC Core §12.2)");
            Assert.That(after.GetClaim("at_hash").Value, Is.EqualTo(ProtocolHashes.AtHash(refreshed.Get("access_token")!)));
            Assert.That(new JsonWebToken(refreshed.Get("access_token")).GetClaim("sid").Value, Is.EqualTo(before.GetClaim("sid").Value));
        });
    }

    [Test]
    public async Task OidccRefreshToken_WithoutOfflineAccess_NoRefreshToken()
    {
        var client = OidcTestClient.Confidential(Slice);

        var tokens = await TokenCalls.SignInAsync(Slice, client, scope: "openid diary");

        Assert.That(tokens.Status, Is.EqualTo(200));
        Assert.That(tokens.Json.TryGetProperty("refresh_token", out _), Is.False);
    }

    [Test]
    public async Task OidccRefreshToken_IssuedToClient2PresentedByClient1_InvalidGrant_TokenStillUsableByOwner()
    {
        var owner = OidcTestClient.Public(Slice);
        var other = OidcTestClient.Confidential(Slice);
        var refreshToken = (await TokenCalls.SignInAsync(Slice, owner)).Get("refresh_token")!;

        var stolen = await TokenCalls.RefreshAsync(other, refreshToken);
        var own = await TokenCalls.RefreshAsync(owner, refreshToken);

        Assert.That(stolen.Status, Is.EqualTo(400));
        Assert.That(stolen.Error, Is.EqualTo("invalid_grant"));
        Assert.That(own.Status, Is.EqualTo(200), "another client's attempt must not spend the owner's token");
    }

    [Test]
    public async Task Refresh_ScopeNarrowed_SubsetGranted_WiderRefused()
    {
        var client = OidcTestClient.Public(Slice);
        var refreshToken = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;

        var wider = await TokenCalls.RefreshAsync(client, refreshToken, scope: "openid diary email");
        var narrowed = await TokenCalls.RefreshAsync(client, refreshToken, scope: "openid diary");

        Assert.That(wider.Error, Is.EqualTo("invalid_scope"));
        Assert.That(narrowed.Status, Is.EqualTo(200), narrowed.Json.ToString());
        Assert.That(narrowed.Get("scope"), Is.EqualTo("openid diary"));
        Assert.That(new JsonWebToken(narrowed.Get("access_token")).GetClaim("scope").Value, Is.EqualTo("openid diary"));

        // RFC 6749 §6: the new refresh token keeps the original scope
        var again = await TokenCalls.RefreshAsync(client, narrowed.Get("refresh_token")!);
        Assert.That(again.Get("scope")!.Split(' '), Does.Contain("offline_access").And.Contain("profile"));
    }

    [Test]
    public async Task Refresh_ReuseAfterGraceOnceSuccessorUsed_RevokesFamily_NewestFailsToo()
    {
        var client = OidcTestClient.Public(Slice);
        var original = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;
        var successor = (await TokenCalls.RefreshAsync(client, original)).Get("refresh_token")!;
        var newest = (await TokenCalls.RefreshAsync(client, successor)).Get("refresh_token")!; // the holder moved on

        Slice.Clock.Advance(TimeSpan.FromSeconds(6)); // past the default IdentityBroker:RefreshTokenReuseGrace (5 s), not the retry window (10 min)
        var reuse = await TokenCalls.RefreshAsync(client, original);
        var newestUse = await TokenCalls.RefreshAsync(client, newest);

        Assert.That(reuse.Error, Is.EqualTo("invalid_grant"));
        Assert.That(newestUse.Error, Is.EqualTo("invalid_grant"), "reuse of a rotated token revokes the whole family");
        Assert.That(await TokenCalls.CountAuditAsync(Slice, "refresh_token_reuse", client.ClientId), Is.GreaterThanOrEqualTo(1), "reuse is audited");
    }

    [Test]
    public async Task Refresh_RetryAfterGraceWhileSuccessorUnused_SameSuccessor_FamilyKept()
    {
        // issue #10 item 2: a response lost after the rotation committed; the client retries after the grace window
        var client = OidcTestClient.Public(Slice);
        var original = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;
        var lost = await TokenCalls.RefreshAsync(client, original);

        Slice.Clock.Advance(TimeSpan.FromSeconds(6)); // past the 5 s grace, inside the 10 min retry window
        var retry = await TokenCalls.RefreshAsync(client, original);
        var next = await TokenCalls.RefreshAsync(client, retry.Get("refresh_token")!);

        Assert.That(retry.Status, Is.EqualTo(200), retry.Json.ToString());
        Assert.That(retry.Get("refresh_token"), Is.EqualTo(lost.Get("refresh_token")), "the same successor");
        Assert.That(next.Status, Is.EqualTo(200), "the family lives on");
    }

    [Test]
    public async Task Refresh_ReuseInsideGrace_SameSuccessor_NeverAnotherMemberOfTheChain()
    {
        var client = OidcTestClient.Public(Slice);
        var original = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;

        var first = await TokenCalls.RefreshAsync(client, original);
        var retry = await TokenCalls.RefreshAsync(client, original);
        var next = await TokenCalls.RefreshAsync(client, first.Get("refresh_token")!);
        var retryAfterNext = await TokenCalls.RefreshAsync(client, original);

        Assert.That(first.Status, Is.EqualTo(200));
        Assert.That(retry.Status, Is.EqualTo(200), retry.Json.ToString());
        Assert.That(retry.Get("refresh_token"), Is.EqualTo(first.Get("refresh_token")), "the lost-response retry gets the same successor");
        Assert.That(retry.Get("access_token"), Is.Not.EqualTo(first.Get("access_token")));
        Assert.That(next.Status, Is.EqualTo(200));
        Assert.That(retryAfterNext.Get("refresh_token"), Is.EqualTo(first.Get("refresh_token")), "not the newer member of the chain");
        Assert.That(retryAfterNext.Get("refresh_token"), Is.Not.EqualTo(next.Get("refresh_token")));
    }

    [Test]
    public async Task Refresh_TwentyConcurrent_AllGetTheSameSuccessorOrInvalidGrant()
    {
        var client = OidcTestClient.Public(Slice);
        var original = (await TokenCalls.SignInAsync(Slice, client)).Get("refresh_token")!;

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => TokenCalls.RefreshAsync(client, original)));

        var successes = results.Where(r => r.Status == 200).ToList();
        Assert.That(successes, Is.Not.Empty);
        Assert.That(successes.Select(r => r.Get("refresh_token")).Distinct().Count(), Is.EqualTo(1), "never two different successors");
        Assert.That(results.Where(r => r.Status != 200).Select(r => r.Error), Is.All.EqualTo("invalid_grant"));
        Assert.That((await TokenCalls.RefreshAsync(client, successes[0].Get("refresh_token")!)).Status, Is.EqualTo(200), "the successor works");
    }

    [Test]
    public async Task Refresh_GarbageOrMissingToken_Refused()
    {
        var client = OidcTestClient.Public(Slice);

        var garbage = await TokenCalls.RefreshAsync(client, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)));
        var missing = await client.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token" }, client.ClientId, null);

        Assert.That(garbage.Error, Is.EqualTo("invalid_grant"));
        Assert.That(missing.Error, Is.EqualTo("invalid_request"));
    }

    [Test]
    public async Task Refresh_ClientWithoutRefreshGrant_UnauthorizedClient()
    {
        var service = new OidcTestClient(Slice, SliceEnvironment.ServiceClientId, "http://unused", SliceEnvironment.ServiceClientSecret);

        var result = await TokenCalls.RefreshAsync(service, Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32)));

        Assert.That(result.Error, Is.EqualTo("unauthorized_client"));
    }

    [Test]
    public async Task Refresh_DpopPublicClient_BoundToKey_RefusedWithoutOrWithAnotherKey()
    {
        var client = OidcTestClient.Public(Slice);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var browser = new BrowserClient();
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = TokenCalls.OfflineScope }))["code"];
        var tokens = await TokenCalls.PostWithDpopAsync(Slice, key, new()
        {
            ["grant_type"] = "authorization_code", ["code"] = code, ["redirect_uri"] = client.RedirectUri, ["code_verifier"] = client.Verifier, ["client_id"] = client.ClientId,
        });
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        Assert.That(tokens.Get("token_type"), Is.EqualTo("DPoP"));
        var jkt = new JsonWebToken(tokens.Get("access_token")).GetPayloadValue<JsonElement>("cnf").GetProperty("jkt").GetString();
        Assert.That(jkt, Is.EqualTo(ProtocolHashes.EcThumbprint(key.ExportParameters(false))), "RFC 9449 §6.1 cnf.jkt");
        var refreshForm = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Get("refresh_token")!, ["client_id"] = client.ClientId };

        var bearer = await client.PostTokenAsync(new Dictionary<string, string>(refreshForm), null, null);
        var wrongKey = await TokenCalls.PostWithDpopAsync(Slice, otherKey, new Dictionary<string, string>(refreshForm));
        var rightKey = await TokenCalls.PostWithDpopAsync(Slice, key, new Dictionary<string, string>(refreshForm));

        Assert.That(bearer.Error, Is.EqualTo("invalid_grant"), "a bound refresh token needs a proof");
        Assert.That(wrongKey.Error, Is.EqualTo("invalid_grant"), "and a proof by the same key");
        Assert.That(rightKey.Status, Is.EqualTo(200), rightKey.Json.ToString());
        Assert.That(rightKey.Get("token_type"), Is.EqualTo("DPoP"));
    }
}

/// <summary>Calls to the token, revocation and introspection endpoints shared by the token-lifecycle tests.</summary>
internal static class TokenCalls
{
    public const string OfflineScope = "openid profile diary offline_access";

    /// <summary>Signs in through ESIA with offline_access (by default) and redeems the code.</summary>
    public static async Task<TokenResponse> SignInAsync(SliceEnvironment slice, OidcTestClient client, string scope = OfflineScope)
    {
        using var browser = new BrowserClient();
        var code = (await client.AuthorizeAsync(browser, overrides: new Dictionary<string, string?> { ["scope"] = scope }))["code"];
        var tokens = await client.RedeemAsync(code);
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        return tokens;
    }

    public static Task<TokenResponse> RefreshAsync(OidcTestClient client, string refreshToken, string? scope = null, string? secret = null)
    {
        var form = new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = refreshToken };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return client.PostTokenAsync(form, client.ClientId, secret ?? SecretOf(client.ClientId));
    }

    /// <summary>The test secret of a confidential client of the slice, null for public clients.</summary>
    public static string? SecretOf(string clientId) => clientId switch
    {
        SliceEnvironment.DemoClientId => SliceEnvironment.DemoClientSecret,
        SliceEnvironment.ServiceClientId => SliceEnvironment.ServiceClientSecret,
        _ => null,
    };

    /// <summary>POSTs a form to a broker endpoint; Basic authentication when a secret is given, else client_id in the body.</summary>
    public static async Task<TokenResponse> PostAsync(SliceEnvironment slice, string path, Dictionary<string, string> form, string? clientId, string? secret)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, slice.BrokerUrl + path);
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.EscapeDataString(clientId!) + ":" + Uri.EscapeDataString(secret))));
        }
        else if (clientId is not null)
        {
            form["client_id"] = clientId;
        }

        request.Content = new FormUrlEncodedContent(form);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var json = body.Length == 0 ? JsonDocument.Parse("{}").RootElement.Clone() : JsonDocument.Parse(body).RootElement.Clone();
        return new TokenResponse((int)response.StatusCode, json, response.Headers.CacheControl?.NoStore == true);
    }

    public static Task<TokenResponse> IntrospectAsync(SliceEnvironment slice, string token, string clientId = SliceEnvironment.DemoClientId, string? secret = SliceEnvironment.DemoClientSecret, string? hint = null) =>
        PostAsync(slice, "/connect/introspect", WithHint(token, hint), clientId, secret);

    public static Task<TokenResponse> RevokeAsync(SliceEnvironment slice, string token, string clientId, string? secret, string? hint = null) =>
        PostAsync(slice, "/connect/revocation", WithHint(token, hint), clientId, secret);

    public static bool Active(this TokenResponse introspection)
    {
        Assert.That(introspection.Status, Is.EqualTo(200), introspection.Json.ToString());
        return introspection.Json.GetProperty("active").GetBoolean();
    }

    /// <summary>Audit records of one event type for one client (broker.audit_records).</summary>
    public static async Task<long> CountAuditAsync(SliceEnvironment slice, string eventType, string clientId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM broker.audit_records WHERE event_type = @e AND client_id = @c", connection);
        command.Parameters.AddWithValue("e", eventType);
        command.Parameters.AddWithValue("c", clientId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A token request with a DPoP proof (RFC 9449 §4.2) made with <paramref name="key"/>.</summary>
    public static async Task<TokenResponse> PostWithDpopAsync(SliceEnvironment slice, ECDsa key, Dictionary<string, string> form)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, slice.BrokerUrl + "/connect/token") { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("DPoP", DpopProof(key, slice.BrokerUrl + "/connect/token"));
        using var response = await http.SendAsync(request);
        return new TokenResponse((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone(), response.Headers.CacheControl?.NoStore == true);
    }

    private static string DpopProof(ECDsa key, string htu)
    {
        var p = key.ExportParameters(false);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "dpop+jwt",
            AdditionalHeaderClaims = new Dictionary<string, object>
            {
                ["jwk"] = new Dictionary<string, string> { ["kty"] = "EC", ["crv"] = "P-256", ["x"] = Base64UrlEncoder.Encode(p.Q.X), ["y"] = Base64UrlEncoder.Encode(p.Q.Y) },
            },
            Claims = new Dictionary<string, object>
            {
                ["jti"] = Guid.NewGuid().ToString("N"), ["htm"] = "POST", ["htu"] = htu, ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            },
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static Dictionary<string, string> WithHint(string token, string? hint)
    {
        var form = new Dictionary<string, string> { ["token"] = token };
        if (hint is not null)
        {
            form["token_type_hint"] = hint;
        }

        return form;
    }
}
