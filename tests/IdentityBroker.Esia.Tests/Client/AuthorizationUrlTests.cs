using System.Text;
using IdentityBroker.Esia.Protocol;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.Esia.Tests.Client;

public sealed class AuthorizationUrlTests
{
    private static readonly Guid State = Guid.Parse("3f2a1c9e-5b7d-4e21-9a0b-c1d2e3f4a5b6");
    private EsiaTestEnvironment _env = null!;

    [SetUp]
    public void SetUp() => _env = new EsiaTestEnvironment();

    [TearDown]
    public void TearDown() => _env.Dispose();

    private static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));

    [Test]
    public void BuildAuthorizationUrl_Registration_TargetsV2AcWithEveryParameter()
    {
        var uri = _env.Client.BuildAuthorizationUrl("38", _env.Registration, State, new DateTimeOffset(2026, 3, 1, 21, 30, 5, TimeSpan.Zero));

        var q = Query(uri);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(uri.GetLeftPart(UriPartial.Path), Is.EqualTo("https://esia.test/aas/oauth2/v2/ac"));
            Assert.That(q.Keys, Is.EquivalentTo(new[]
            {
                "client_id", "client_secret", "client_certificate_hash", "redirect_uri", "scope", "response_type", "state",
                "timestamp", "access_type",
            }));
            Assert.That(q["client_id"], Is.EqualTo("TESTSYS"));
            Assert.That(q["redirect_uri"], Is.EqualTo("https://broker.test/signin-esia"));
            Assert.That(q["scope"], Is.EqualTo("openid fullname birthdate gender snils id_doc"));
            Assert.That(q["response_type"], Is.EqualTo("code"));
            Assert.That(q["state"], Is.EqualTo("3f2a1c9e-5b7d-4e21-9a0b-c1d2e3f4a5b6"));
            Assert.That(q["timestamp"], Is.EqualTo("2026.03.02 00:30:05 +0300"));
            Assert.That(q["access_type"], Is.EqualTo("online"));
            Assert.That(q["client_certificate_hash"], Is.EqualTo(_env.ClientCertificate.HashHex).And.Match("^[0-9A-F]{64}$"));
        }
    }

    [Test]
    public void BuildAuthorizationUrl_ClientSecret_IsBase64UrlSignatureOverTheExactConcatenation()
    {
        var uri = _env.Client.BuildAuthorizationUrl("38", _env.Registration, State, EsiaTestEnvironment.Now);

        var q = Query(uri);
        var signed = "TESTSYS" + "openid fullname birthdate gender snils id_doc" + "2026.03.01 12:00:00 +0300" +
                     "3f2a1c9e-5b7d-4e21-9a0b-c1d2e3f4a5b6" + "https://broker.test/signin-esia";
        var signature = Base64Url.Decode(q["client_secret"]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(q["client_secret"], Does.Not.Contain("=").And.Not.Contain("+").And.Not.Contain("/"));
            Assert.That(signature, Has.Length.EqualTo(64));
            Assert.That(GostSignature.Verify(_env.ClientCertificate.GostPublicKey!, Encoding.UTF8.GetBytes(signed), signature), Is.True);
        }
    }

    [Test]
    public void BuildAuthorizationUrl_SpacesInScope_AreEncodedAsPercent20()
    {
        var uri = _env.Client.BuildAuthorizationUrl("38", _env.Registration, State, EsiaTestEnvironment.Now);

        Assert.That(uri.AbsoluteUri, Does.Contain("scope=openid%20fullname%20birthdate"));
    }

    [Test]
    public void BuildAuthorizationUrl_MissingKeyFile_IsMisconfigured()
    {
        _env.Registration.Signer.KeyPath = "/nonexistent/key.pem";

        var ex = Assert.Throws<EsiaException>(() =>
            _env.Client.BuildAuthorizationUrl("38", _env.Registration, State, EsiaTestEnvironment.Now));

        Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.Misconfigured));
    }

    [TestCase("2024-01-01T21:30:00Z", "2024.01.02 00:30:00 +0300")]
    [TestCase("2013-01-25T14:36:11+04:00", "2013.01.25 13:36:11 +0300")]
    [TestCase("2026-07-09T03:04:05+03:00", "2026.07.09 03:04:05 +0300")]
    public void FormatTimestamp_AnyOffset_IsMoscowTimeWithoutColon(string instant, string expected)
    {
        Assert.That(EsiaProtocol.FormatTimestamp(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture)),
            Is.EqualTo(expected));
    }

    [Test]
    public void SignedStrings_Order_MatchesEsiaMd()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(EsiaProtocol.AuthorizationSignedString("C", "S", "T", "U", "R"), Is.EqualTo("CSTUR"));
            Assert.That(EsiaProtocol.TokenSignedString("C", "S", "T", "U", "R", "K"), Is.EqualTo("CSTURK"));
        }
    }

    [Test]
    public void BuildLogoutUrl_WithRedirect_UsesRedirectUrlParameter()
    {
        var uri = _env.Client.BuildLogoutUrl(_env.Registration, "https://broker.test/signed-out?x=1");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(uri.GetLeftPart(UriPartial.Path), Is.EqualTo("https://esia.test/idp/ext/Logout"));
            Assert.That(Query(uri), Is.EqualTo(new Dictionary<string, string>
            {
                ["client_id"] = "TESTSYS",
                ["redirect_url"] = "https://broker.test/signed-out?x=1",
            }));
        }
    }

    [Test]
    public void BuildLogoutUrl_WithoutRedirect_HasOnlyClientId()
    {
        var uri = _env.Client.BuildLogoutUrl(_env.Registration, null);

        Assert.That(uri.Query, Is.EqualTo("?client_id=TESTSYS"));
    }
}
