using IdentityBroker.Core.Protocol;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Tests.Support;
using IdentityBroker.Testing;

namespace IdentityBroker.Server.Tests.Protocol;

/// <summary>
/// <see cref="AuthorizeRequestValidator"/> without a host: OIDC Core §3.1.2.1, RFC 6749 §3.1 and §4.1.2.1, RFC 7636,
/// RFC 9126, RFC 9449 §10, R-REGION-2. Conformance check names (../shared/docs/OIDC-CONFORMANCE.md) are in the case names.
/// </summary>
public sealed class AuthorizeRequestValidatorTests
{
    private static readonly string Challenge = ProtocolHashes.PkceChallenge(ProtocolHashes.NewPkceVerifier());
    private static readonly string Jkt = ProtocolHashes.EcThumbprint("P-256", "x", "y");

    private readonly AuthorizeRequestValidator _validator = new(TestClients.Catalog());

    /// <summary>Requests that must never reach the client's redirect URI: an error page (RFC 6749 §4.1.2.1).</summary>
    private static readonly object[] FatalCases =
    [
        new object[] { "oidcc-ensure-registered-redirect-uri_TextAppended", Set("redirect_uri", TestClients.WebRedirect + "x"), OAuthErrors.InvalidRequest, "not registered" },
        new object[] { "oidcc-redirect-uri-query-mismatch", Set("redirect_uri", TestClients.WebRedirect + "?tab=3"), OAuthErrors.InvalidRequest, "not registered" },
        new object[] { "oidcc-redirect-uri-query-added", Set("redirect_uri", TestClients.WebRedirect + "?x=1"), OAuthErrors.InvalidRequest, "not registered" },
        new object[] { "RedirectUri_OtherCase", Set("redirect_uri", TestClients.WebRedirect.ToUpperInvariant()), OAuthErrors.InvalidRequest, "not registered" },
        new object[] { "oidcc-ensure-redirect-uri-in-authorization-request", Remove("redirect_uri"), OAuthErrors.InvalidRequest, "redirect_uri is missing" },
        new object[] { "RedirectUri_Repeated", Repeat("redirect_uri"), OAuthErrors.InvalidRequest, "redirect_uri is repeated" },
        new object[] { "ClientId_Missing", Remove("client_id"), OAuthErrors.InvalidClient, "client_id is missing" },
        new object[] { "ClientId_Unknown", Set("client_id", "nobody"), OAuthErrors.InvalidClient, "Unknown client_id" },
        new object[] { "ClientId_Repeated", Repeat("client_id"), OAuthErrors.InvalidRequest, "client_id is repeated" },
        new object[] { "Rregion2_SharedClientOtherRegion", Client(TestClients.Shared, Set("region", "50")), OAuthErrors.InvalidRequest, "region" },
    ];

    /// <summary>Requests with a trusted redirect URI: the error goes back to the client (RFC 6749 §4.1.2.1).</summary>
    private static readonly object[] RedirectCases =
    [
        new object[] { "ResponseMode_Fragment", Set("response_mode", "fragment"), OAuthErrors.InvalidRequest, "response_mode" },
        new object[] { "State_Repeated", Repeat("state"), OAuthErrors.InvalidRequest, "state is repeated" },
        new object[] { "UnknownParameter_Repeated", Set("utm", "a", "b"), OAuthErrors.InvalidRequest, "utm is repeated" },
        new object[] { "RequestObject_NotSupported", Set("request", "eyJ.e30."), OAuthErrors.RequestNotSupported, "Request objects" },
        new object[] { "Rfc9126_ParRequiredClientWithoutPar", Client(TestClients.ParOnly, p => { }), OAuthErrors.InvalidRequest, "PAR" },
        new object[] { "Rfc9126_RequestUriAmongParameters", Set("request_uri", "urn:ietf:params:oauth:request_uri:abc"), OAuthErrors.InvalidRequest, "request_uri" },
        new object[] { "Rfc9449_DpopJktMalformed", Set("dpop_jkt", "short"), OAuthErrors.InvalidRequest, "dpop_jkt" },
        new object[] { "oidcc-response-type-missing", Remove("response_type"), OAuthErrors.InvalidRequest, "response_type is missing" },
        new object[] { "ResponseType_Token", Set("response_type", "token"), OAuthErrors.UnsupportedResponseType, "response_type=code" },
        new object[] { "ResponseType_Hybrid", Set("response_type", "code id_token"), OAuthErrors.UnsupportedResponseType, "response_type=code" },
        new object[] { "Scope_WithoutOpenid", Set("scope", "diary"), OAuthErrors.InvalidScope, "openid" },
        new object[] { "Scope_Missing", Remove("scope"), OAuthErrors.InvalidScope, "openid" },
        new object[] { "Scope_NotAllowedForClient", Set("scope", "openid admin"), OAuthErrors.InvalidScope, "Scope admin" },
        new object[] { "Rfc7636_PublicClientWithoutChallenge", Client(TestClients.App, p => { p.Remove("code_challenge"); p.Remove("code_challenge_method"); }), OAuthErrors.InvalidRequest, "code_challenge is required" },
        new object[] { "Rfc7636_MethodPlain", Set("code_challenge_method", "plain"), OAuthErrors.InvalidRequest, "must be S256" },
        new object[] { "Rfc7636_MethodOmittedMeansPlain", Remove("code_challenge_method"), OAuthErrors.InvalidRequest, "must be S256" },
        new object[] { "Rfc7636_ChallengeTooShort", Set("code_challenge", Challenge[..42]), OAuthErrors.InvalidRequest, "43 base64url" },
        new object[] { "Rfc7636_ChallengeNotBase64Url", Set("code_challenge", "+" + Challenge[1..]), OAuthErrors.InvalidRequest, "43 base64url" },
        new object[] { "Rfc7636_MethodWithoutChallenge", Remove("code_challenge"), OAuthErrors.InvalidRequest, "without code_challenge" },
        new object[] { "Prompt_NoneWithLogin", Set("prompt", "none login"), OAuthErrors.InvalidRequest, "prompt" },
        new object[] { "Prompt_Unknown", Set("prompt", "create"), OAuthErrors.InvalidRequest, "prompt" },
        new object[] { "MaxAge_Negative", Set("max_age", "-1"), OAuthErrors.InvalidRequest, "max_age" },
        new object[] { "MaxAge_NotANumber", Set("max_age", "1h"), OAuthErrors.InvalidRequest, "max_age" },
    ];

    [TestCaseSource(nameof(FatalCases))]
    public void Validate_UntrustedClientOrRedirect_ErrorPageNeverRedirect(string rule, Action<Dictionary<string, string[]>> change, string error, string description)
    {
        var result = _validator.Validate(Request(change));

        Assert.That(result, Is.TypeOf<AuthorizeFatalError>(), rule);
        var fatal = (AuthorizeFatalError)result;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fatal.Error, Is.EqualTo(error), rule);
            Assert.That(fatal.Description, Does.Contain(description), rule);
        }
    }

    [TestCaseSource(nameof(RedirectCases))]
    public void Validate_BadParameterTrustedRedirect_ErrorToClientWithState(string rule, Action<Dictionary<string, string[]>> change, string error, string description)
    {
        var p = Request(change);

        var result = _validator.Validate(p);

        Assert.That(result, Is.TypeOf<AuthorizeRedirectError>(), rule);
        var redirect = (AuthorizeRedirectError)result;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(redirect.Error, Is.EqualTo(error), rule);
            Assert.That(redirect.Description, Does.Contain(description), rule);
            Assert.That(redirect.RedirectUri, Is.EqualTo(p["redirect_uri"][0]), rule);
            Assert.That(redirect.ClientId, Is.EqualTo(p["client_id"][0]), rule);
            Assert.That(redirect.ResponseMode, Is.EqualTo("query"), rule);
            Assert.That(redirect.State, Is.EqualTo("st-1"), rule);
        }
    }

    [Test]
    public void Validate_FullRequest_AllParametersCarriedOver()
    {
        var result = _validator.Validate(Request(p =>
        {
            p["prompt"] = ["login consent"];
            p["max_age"] = ["0"];
            p["login_hint"] = ["hint"];
            p["ui_locales"] = ["ru"];
            p["dpop_jkt"] = [Jkt];
        }));

        var request = Valid(result);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.ClientId, Is.EqualTo(TestClients.Web.ClientId));
            Assert.That(request.RedirectUri, Is.EqualTo(TestClients.WebRedirect));
            Assert.That(request.Scope, Is.EqualTo("openid diary"));
            Assert.That(request.State, Is.EqualTo("st-1"));
            Assert.That(request.Nonce, Is.EqualTo("n-1"));
            Assert.That(request.CodeChallenge, Is.EqualTo(Challenge));
            Assert.That(request.CodeChallengeMethod, Is.EqualTo("S256"));
            Assert.That(request.ResponseMode, Is.EqualTo("query"));
            Assert.That(request.Prompt, Is.EqualTo("login consent"));
            Assert.That(request.MaxAge, Is.Zero);
            Assert.That(request.LoginHint, Is.EqualTo("hint"));
            Assert.That(request.UiLocales, Is.EqualTo("ru"));
            Assert.That(request.RegionCode, Is.EqualTo("38"));
            Assert.That(request.DpopJkt, Is.EqualTo(Jkt));
        }
    }

    [Test]
    public void Validate_OidccEnsureRegisteredRedirectUri_RegisteredUriWithQueryExactMatch_Valid() =>
        Assert.That(Valid(_validator.Validate(Request(Set("redirect_uri", TestClients.WebRedirect + "?tab=2")))).RedirectUri, Is.EqualTo(TestClients.WebRedirect + "?tab=2"));

    [Test]
    public void Validate_OidccEnsureRequestWithUnknownParameterSucceeds_Valid() =>
        Assert.That(_validator.Validate(Request(Set("utm_source", "mail"))), Is.TypeOf<AuthorizeValid>());

    [Test]
    public void Validate_OidccEnsureRequestWithoutNonceSucceedsForCodeFlow_ValidWithoutNonce() =>
        Assert.That(Valid(_validator.Validate(Request(Remove("nonce")))).Nonce, Is.Null);

    [Test]
    public void Validate_OidccEnsureRequestWithValidPkceSucceeds_ConfidentialClientWithoutPkceRequirement_Valid() =>
        Assert.That(Valid(_validator.Validate(Request(p => { }))).CodeChallenge, Is.EqualTo(Challenge));

    [Test]
    public void Validate_Rfc7636_ConfidentialClientWithoutChallenge_ValidWithoutPkce()
    {
        var request = Valid(_validator.Validate(Request(p => { p.Remove("code_challenge"); p.Remove("code_challenge_method"); })));

        Assert.That(request.CodeChallenge, Is.Null);
        Assert.That(request.CodeChallengeMethod, Is.Null);
    }

    [Test]
    public void Validate_OidccFormpostBasic_FormPost_ValidAndLaterErrorsKeepFormPost()
    {
        Assert.That(Valid(_validator.Validate(Request(Set("response_mode", "form_post")))).ResponseMode, Is.EqualTo("form_post"));

        var error = _validator.Validate(Request(p => { p["response_mode"] = ["form_post"]; p["scope"] = ["diary"]; }));

        Assert.That(error, Is.TypeOf<AuthorizeRedirectError>());
        Assert.That(((AuthorizeRedirectError)error).ResponseMode, Is.EqualTo("form_post"));
    }

    [Test]
    public void Validate_RepeatedScope_DuplicatesDropped() =>
        Assert.That(Valid(_validator.Validate(Request(Set("scope", "openid diary openid")))).Scope, Is.EqualTo("openid diary"));

    [TestCase("38", "38")]
    [TestCase("77", "77")]
    [TestCase(null, RegisteredClient.SharedRegion)]
    public void Validate_Rregion2_SharedClient_RegionFromParameterElseChosenLater(string? region, string expected)
    {
        var request = Valid(_validator.Validate(Request(Client(TestClients.Shared, p =>
        {
            if (region is not null)
            {
                p["region"] = [region];
            }
        }))));

        Assert.That(request.RegionCode, Is.EqualTo(expected));
    }

    [Test]
    public void Validate_Rregion2_RegionFixedClient_RegionParameterIgnored() =>
        Assert.That(Valid(_validator.Validate(Request(Set("region", "77")))).RegionCode, Is.EqualTo("38"));

    [Test]
    public void ValidateFor_Rfc9126_ParRequiredClientPushed_Valid() =>
        Assert.That(_validator.ValidateFor(TestClients.ParOnly, Request(Client(TestClients.ParOnly, p => { })), pushed: true), Is.TypeOf<AuthorizeValid>());

    private static AuthorizationRequest Valid(AuthorizeValidationResult result)
    {
        Assert.That(result, Is.TypeOf<AuthorizeValid>(), () => result.ToString());
        return ((AuthorizeValid)result).Request;
    }

    /// <summary>A valid request of <see cref="TestClients.Web"/> with PKCE, then <paramref name="change"/>.</summary>
    private static Dictionary<string, string[]> Request(Action<Dictionary<string, string[]>> change)
    {
        var p = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["client_id"] = [TestClients.Web.ClientId], ["redirect_uri"] = [TestClients.WebRedirect], ["response_type"] = ["code"],
            ["scope"] = ["openid diary"], ["state"] = ["st-1"], ["nonce"] = ["n-1"], ["code_challenge"] = [Challenge], ["code_challenge_method"] = ["S256"],
        };
        change(p);
        return p;
    }

    private static Action<Dictionary<string, string[]>> Set(string name, params string[] values) => p => p[name] = values;

    private static Action<Dictionary<string, string[]>> Remove(string name) => p => p.Remove(name);

    private static Action<Dictionary<string, string[]>> Repeat(string name) => p => p[name] = [p[name][0], p[name][0]];

    private static Action<Dictionary<string, string[]>> Client(RegisteredClient client, Action<Dictionary<string, string[]>> then) => p =>
    {
        p["client_id"] = [client.ClientId];
        p["redirect_uri"] = [client.RedirectUris[0]];
        then(p);
    };
}
