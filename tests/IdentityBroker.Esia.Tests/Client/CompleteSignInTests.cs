using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.People;
using IdentityBroker.Esia.Signing;

namespace IdentityBroker.Esia.Tests.Client;

[CancelAfter(20_000)]
public sealed class CompleteSignInTests
{
    private EsiaTestEnvironment _env = null!;

    [SetUp]
    public void SetUp() => _env = new EsiaTestEnvironment();

    [TearDown]
    public void TearDown() => _env.Dispose();

    [Test]
    public async Task CompleteSignIn_ConfirmedPersona_ReturnsPersonWithConfirmedLevel()
    {
        var result = await _env.SignInAsync();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Person.Oid, Is.EqualTo("1000299681"));
            Assert.That(result.Person.Level, Is.EqualTo(AccountLevel.Confirmed));
            Assert.That(result.Person.Name, Is.EqualTo(new PersonName("Петров", "Иван", "Сергеевич")));
            Assert.That(result.Person.BirthDate, Is.EqualTo(new DateOnly(1990, 3, 7)));
            Assert.That(result.Person.Gender, Is.EqualTo(Gender.Male));
            Assert.That(result.Person.Snils!.Digits, Is.EqualTo("11223344595"));
            Assert.That(result.Person.IsBlocked, Is.False);
            Assert.That(result.AuthenticationMethod, Is.EqualTo("PWD"));
            Assert.That(result.AuthTime, Is.EqualTo(EsiaTestEnvironment.Now.AddSeconds(-5)));
        }
    }

    [TestCase("person-standard.json", "P", false, AccountLevel.Standard)]
    [TestCase("person-simplified.json", "P", false, AccountLevel.Simplified)]
    [TestCase("person-child.json", "KD", false, AccountLevel.Child)]
    [TestCase("person-confirmed.json", "PR", true, AccountLevel.Confirmed)]
    public async Task CompleteSignIn_Persona_ClassifiesLevel(string personFile, string lvl, bool isTrusted, AccountLevel expected)
    {
        _env.UsePersona(personFile, lvl, isTrusted);

        var result = await _env.SignInAsync();

        Assert.That(result.Person.Level, Is.EqualTo(expected));
    }

    [Test]
    public async Task CompleteSignIn_StandardPersonWithUnverifiedIdDocument_IsSimplified()
    {
        _env.UsePersona("person-standard.json", "P", false);
        _env.PersonJson = _env.PersonJson.Replace("\"rIdDoc\":4812", "\"rIdDoc\":4800", StringComparison.Ordinal);

        var result = await _env.SignInAsync();

        Assert.That(result.Person.Level, Is.EqualTo(AccountLevel.Simplified));
    }

    [Test]
    public async Task CompleteSignIn_DeletedAccount_IsReportedBlocked()
    {
        _env.PersonJson = File.ReadAllText(EsiaTestEnvironment.TestDataPath("person-deleted.json"));

        var result = await _env.SignInAsync();

        Assert.That(result.Person.IsBlocked, Is.True);
    }

    [Test]
    public async Task CompleteSignIn_SubAsString_IsAccepted()
    {
        _env.IdClaims["sub"] = "1000299681";

        var result = await _env.SignInAsync();

        Assert.That(result.Person.Oid, Is.EqualTo("1000299681"));
    }

    [Test]
    public async Task CompleteSignIn_TokenRequest_SendsEveryParameterWithNewStateAndVerifiableSecret()
    {
        await _env.SignInAsync();

        var form = _env.Stub.TokenForms.Single();
        var signed = form["client_id"] + form["scope"] + form["timestamp"] + form["state"] + form["redirect_uri"] + form["code"];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(form["client_id"], Is.EqualTo("TESTSYS"));
            Assert.That(form["code"], Is.EqualTo("eyJ2ZXIiOjF9.code.sig"));
            Assert.That(form["grant_type"], Is.EqualTo("authorization_code"));
            Assert.That(form["redirect_uri"], Is.EqualTo("https://broker.test/signin-esia"));
            Assert.That(form["scope"], Is.EqualTo("openid fullname birthdate gender snils id_doc"));
            Assert.That(form["token_type"], Is.EqualTo("Bearer"));
            Assert.That(form["timestamp"], Is.EqualTo("2026.03.01 12:00:00 +0300"));
            Assert.That(Guid.TryParseExact(form["state"], "D", out _), Is.True);
            Assert.That(form["client_certificate_hash"], Is.EqualTo(_env.ClientCertificate.HashHex));
            Assert.That(form["client_secret"], Does.Match("^[A-Za-z0-9_-]{86}$"));
            Assert.That(GostSignature.Verify(_env.ClientCertificate.GostPublicKey!, Encoding.UTF8.GetBytes(signed),
                Base64Url.Decode(form["client_secret"])), Is.True);
        }
    }

    [Test]
    public async Task CompleteSignIn_PersonRequest_UsesBearerAccessTokenAndEmbedsDocuments()
    {
        await _env.SignInAsync();

        var (pathAndQuery, authorization) = _env.Stub.PersonRequests.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Uri.UnescapeDataString(pathAndQuery), Is.EqualTo("/rs/prns/1000299681?embed=(documents.elements)"));
            Assert.That(authorization, Does.StartWith("Bearer ey"));
        }
    }

    [Test]
    public void CompleteSignIn_TokenStateMismatch_IsInvalidResponse()
    {
        _env.EchoState = _ => Guid.NewGuid().ToString();

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.InvalidResponse));
        Assert.That(ex.Message, Does.Contain("state"));
    }

    [TestCase("http://esia.test", TestName = "CompleteSignIn_IssuerWithoutTrailingSlash_IsInvalidResponse")]
    [TestCase("https://esia.test/", TestName = "CompleteSignIn_IssuerWithHttps_IsInvalidResponse")]
    public void CompleteSignIn_WrongIssuer_IsInvalidResponse(string issuer)
    {
        _env.IdClaims["iss"] = issuer;

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.InvalidResponse));
        Assert.That(ex.Message, Does.Contain("iss"));
    }

    [Test]
    public void CompleteSignIn_IdTokenForAnotherAudience_IsInvalidResponse()
    {
        _env.IdClaims["aud"] = "OTHERSYS";

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Message, Does.Contain("aud"));
    }

    [Test]
    public void CompleteSignIn_AccessTokenForAnotherClientId_IsInvalidResponse()
    {
        _env.AccessClaims["client_id"] = "OTHERSYS";

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Kind, Is.EqualTo(EsiaFailureKind.InvalidResponse));
        Assert.That(ex.Message, Does.Contain("client_id"));
    }

    [Test]
    public void CompleteSignIn_ExpiredIdToken_IsInvalidResponse()
    {
        _env.Time.UtcNow = EsiaTestEnvironment.Now; // tokens minted now...
        _env.Stub.Token = (form, _) =>
        {
            var response = _env.TokenResponse(form["state"]);
            _env.Time.UtcNow = EsiaTestEnvironment.Now.AddHours(3).AddMinutes(3); // ...validated after exp + skew
            return Task.FromResult(response);
        };

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Message, Does.Contain("expired"));
    }

    [Test]
    public async Task CompleteSignIn_TokenWithinClockSkewAfterExpiry_IsAccepted()
    {
        _env.Stub.Token = (form, _) =>
        {
            var response = _env.TokenResponse(form["state"]);
            _env.Time.UtcNow = EsiaTestEnvironment.Now.AddHours(1).AddMinutes(1); // access token: exp + 1 min < skew 2 min
            return Task.FromResult(response);
        };

        var result = await _env.SignInAsync();

        Assert.That(result.Person.Oid, Is.EqualTo("1000299681"));
    }

    [Test]
    public void CompleteSignIn_TokenSignedByUnknownCertificate_IsInvalidResponse()
    {
        using var stranger = RSA.Create(2048);
        _env.SignToken = (claims, sbt) => TestTokens.SignRs256(claims, sbt, stranger);

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Message, Does.Contain("signature"));
    }

    [Test]
    public async Task CompleteSignIn_RotatedCertificateListedSecond_IsAccepted()
    {
        using var next = RSA.Create(2048);
        _env.Registration.TrustedCertificates.Add(_env.WriteRsaCertificate("esia-rsa-2.crt", next));
        _env.SignToken = (claims, sbt) => TestTokens.SignRs256(claims, sbt, next);

        var result = await _env.SignInAsync();

        Assert.That(result.Person.Level, Is.EqualTo(AccountLevel.Confirmed));
    }

    [Test]
    public async Task CompleteSignIn_GostSignedTokens_AreVerifiedWithTheGostCertificate()
    {
        _env.SignToken = (claims, sbt) => TestTokens.SignGost(claims, sbt, _env.EsiaGostKey);

        var result = await _env.SignInAsync();

        Assert.That(result.Person.Oid, Is.EqualTo("1000299681"));
    }

    [Test]
    public void CompleteSignIn_GostTokenSignedByUnknownKey_IsInvalidResponse()
    {
        var (otherKey, _) = GostCredentialGenerator.CreateSelfSigned("x", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        var key = GostKeyEncoding.DecodePrivateKeyPem(otherKey);
        _env.SignToken = (claims, sbt) => TestTokens.SignGost(claims, sbt, key);

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Message, Does.Contain("signature"));
    }

    [Test]
    public void CompleteSignIn_IdTokenAndAccessTokenSwapped_IsInvalidResponse()
    {
        _env.SignToken = (claims, sbt) => TestTokens.SignRs256(claims, sbt == "id" ? "access" : "id", _env.EsiaRsaKey);

        var ex = Assert.ThrowsAsync<EsiaException>(_env.SignInAsync);

        Assert.That(ex!.Message, Does.Contain("sbt"));
    }
}
