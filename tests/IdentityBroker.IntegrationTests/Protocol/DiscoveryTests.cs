using System.Text.Json;
using IdentityBroker.IntegrationTests.Flows;

namespace IdentityBroker.IntegrationTests.Protocol;

[CancelAfter(60_000)]
public sealed class DiscoveryTests : SliceFixture
{
    [Test]
    public async Task OidccDiscoveryEndpointVerification_RequiredFieldsAndJwks()
    {
        using var http = new HttpClient();
        var doc = JsonDocument.Parse(await http.GetStringAsync(Slice.BrokerUrl + "/.well-known/openid-configuration")).RootElement;

        Assert.That(doc.GetProperty("issuer").GetString(), Is.EqualTo(Slice.BrokerUrl));
        foreach (var endpoint in new[] { "authorization_endpoint", "token_endpoint", "userinfo_endpoint", "jwks_uri" })
        {
            Assert.That(doc.GetProperty(endpoint).GetString(), Does.StartWith(Slice.BrokerUrl + "/"), endpoint);
        }

        Assert.That(doc.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()), Does.Contain("openid"));
        Assert.That(doc.GetProperty("response_types_supported").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "code" }));
        Assert.That(doc.GetProperty("subject_types_supported").EnumerateArray().Select(e => e.GetString()), Does.Contain("public"));
        Assert.That(doc.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(e => e.GetString()), Does.Contain("RS256"));
        Assert.That(doc.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()), Is.EquivalentTo(new[] { "S256" }));
        Assert.That(doc.GetProperty("authorization_response_iss_parameter_supported").GetBoolean(), Is.True);

        var jwks = JsonDocument.Parse(await http.GetStringAsync(doc.GetProperty("jwks_uri").GetString())).RootElement.GetProperty("keys");
        Assert.That(jwks.GetArrayLength(), Is.GreaterThanOrEqualTo(1));
        var kids = jwks.EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.That(kids, Is.Unique, "kid distinct across the JWKS");
        Assert.That(jwks.EnumerateArray().All(k => !k.TryGetProperty("d", out _)), "no private parts published");
    }
}
