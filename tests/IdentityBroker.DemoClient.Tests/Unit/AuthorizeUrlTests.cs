using IdentityBroker.DemoClient.Oidc;
using Microsoft.AspNetCore.WebUtilities;

namespace IdentityBroker.DemoClient.Tests.Unit;

public sealed class AuthorizeUrlTests
{
    private static readonly DemoClientOptions Options = new()
    {
        Authority = "https://broker.test",
        ClientId = "diary client",
        ClientSecret = "s",
        Scope = "openid profile diary",
        PublicUrl = "https://diary.test/app/",
    };

    private static readonly LoginState State = new("state-1", "nonce-1", "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");

    [Test]
    public void Build_NoPrompt_ContainsEveryCodeFlowParameter()
    {
        var url = new Uri(AuthorizeUrl.Build("https://broker.test/connect/authorize", Options, State, prompt: null));
        var query = QueryHelpers.ParseQuery(url.Query);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(url.GetLeftPart(UriPartial.Path), Is.EqualTo("https://broker.test/connect/authorize"));
            Assert.That(query["response_type"].ToString(), Is.EqualTo("code"));
            Assert.That(query["client_id"].ToString(), Is.EqualTo("diary client"));
            Assert.That(query["redirect_uri"].ToString(), Is.EqualTo("https://diary.test/app/signin-callback"));
            Assert.That(query["scope"].ToString(), Is.EqualTo("openid profile diary"));
            Assert.That(query["state"].ToString(), Is.EqualTo("state-1"));
            Assert.That(query["nonce"].ToString(), Is.EqualTo("nonce-1"));
            Assert.That(query["code_challenge"].ToString(), Is.EqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
            Assert.That(query["code_challenge_method"].ToString(), Is.EqualTo("S256"));
            Assert.That(query.ContainsKey("prompt"), Is.False);
            Assert.That(url.Query, Does.Not.Contain(State.CodeVerifier));
        }
    }

    [Test]
    public void Build_EndpointWithQuery_KeepsExistingParameters()
    {
        var url = new Uri(AuthorizeUrl.Build("https://broker.test/authorize?region=77", Options, State, prompt: null));
        var query = QueryHelpers.ParseQuery(url.Query);

        Assert.That(query["region"].ToString(), Is.EqualTo("77"));
        Assert.That(query["state"].ToString(), Is.EqualTo("state-1"));
    }

    [TestCase("login", "login")]
    [TestCase("none", "none")]
    [TestCase("bogus", null)]
    [TestCase("login&x=1", null)]
    public void Build_Prompt_PassesOnlyKnownValues(string prompt, string? expected)
    {
        var query = QueryHelpers.ParseQuery(new Uri(AuthorizeUrl.Build("https://broker.test/authorize", Options, State, prompt)).Query);

        Assert.That(query.TryGetValue("prompt", out var value) ? value.ToString() : null, Is.EqualTo(expected));
    }
}
