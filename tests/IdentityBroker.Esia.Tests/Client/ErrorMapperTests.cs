using System.Net;

namespace IdentityBroker.Esia.Tests.Client;

public sealed class ErrorMapperTests
{
    [TestCase("access_denied", "ESIA-007004: The resource owner or authorization server denied the request.", EsiaFailureKind.Denied)]
    [TestCase("access_denied", null, EsiaFailureKind.Denied)]
    [TestCase("temporarily_unavailable", "ESIA-007008: The authorization server is currently unable to handle the request", EsiaFailureKind.Unavailable)]
    [TestCase("invalid_request", "ESIA-007002: certificate mismatch", EsiaFailureKind.Misconfigured)]
    [TestCase("unauthorized_client", "ESIA-007005: The client is not authorized to request an access token using this method.", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_request", "ESIA-007014: The request does not contain the mandatory parameter", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_request", "ESIA-007015: wrong request time", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_request", "ESIA-007023: redirect_uri", EsiaFailureKind.Misconfigured)]
    [TestCase("access_denied", "ESIA-007053: OAuthErrorEnum.clientSecretWrong", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_request", "ESIA-007036: account blocked", EsiaFailureKind.Denied)]
    [TestCase("invalid_grant", "ESIA-007011: The provided authorization grant ...", EsiaFailureKind.InvalidResponse)]
    [TestCase("invalid_scope", "ESIA-007006: bad scope", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_request", "ESIA-007055: Вход в систему осуществляется с неподтвержденной учетной записью", EsiaFailureKind.Denied)]
    [TestCase("authorization2faNotAvailable", "ESIA-007046: 2FA", EsiaFailureKind.Denied)]
    [TestCase("invalid_client", "ESIA-007010: Client authentication failed.", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_client", "ESIA-008010: Client authentication failed.", EsiaFailureKind.Misconfigured)]
    [TestCase("invalid_scope", "ESIA-007013: The request does not contain a scope.", EsiaFailureKind.Misconfigured)]
    [TestCase("no_grants", "ESIA-007019: no permission", EsiaFailureKind.Misconfigured)]
    [TestCase("authCanOnlyByPermissions", "ESIA-007071: authCanOnlyByPermissions", EsiaFailureKind.Misconfigured)]
    [TestCase("no_grants", null, EsiaFailureKind.Misconfigured)]
    [TestCase("something_new", null, EsiaFailureKind.InvalidResponse)]
    public void FromCallback_EsiaError_MapsToKind(string error, string? description, EsiaFailureKind expected)
    {
        var ex = EsiaErrorMapper.FromCallback(error, description);

        Assert.That(ex.Kind, Is.EqualTo(expected));
    }

    [Test]
    public void FromCallback_Blocked_FlagsTheAccountAndKeepsTheCode()
    {
        var ex = EsiaErrorMapper.FromCallback("invalid_request", "ESIA-007036: blocked");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(ex.IsAccountBlocked, Is.True);
            Assert.That(ex.EsiaErrorCode, Is.EqualTo("ESIA-007036"));
        }
    }

    [TestCase("ESIA-007055", true, false)]
    [TestCase("ESIA-007046", false, true)]
    [TestCase("ESIA-007004", false, false)]
    public void FromCallback_Rlevel1UnconfirmedAndTwoFactor_AreFlagged(string code, bool unconfirmed, bool twoFactor)
    {
        var ex = EsiaErrorMapper.FromCallback("invalid_request", code + ": text");

        Assert.That((ex.IsUnconfirmedAccount, ex.IsTwoFactorUnavailable, ex.IsAccountBlocked), Is.EqualTo((unconfirmed, twoFactor, false)));
    }

    [Test]
    public void FromCallback_DescriptionText_IsNotCopiedIntoTheMessage()
    {
        var ex = EsiaErrorMapper.FromCallback("access_denied", "ESIA-007004: Иванов Иван <script>");

        Assert.That(ex.Message, Does.Not.Contain("Иванов").And.Not.Contain("<script>").And.Contain("ESIA-007004"));
    }

    [Test]
    public void FromCallback_UnsafeErrorValue_IsNotEchoed()
    {
        var ex = EsiaErrorMapper.FromCallback("<img src=x> 112-233-445 95", null);

        Assert.That(ex.Message, Does.Not.Contain("112-233").And.Not.Contain("<img"));
    }

    [TestCase(HttpStatusCode.InternalServerError, EsiaFailureKind.Unavailable)]
    [TestCase(HttpStatusCode.BadGateway, EsiaFailureKind.Unavailable)]
    [TestCase(HttpStatusCode.TooManyRequests, EsiaFailureKind.Unavailable)]
    [TestCase(HttpStatusCode.Unauthorized, EsiaFailureKind.Misconfigured)]
    [TestCase(HttpStatusCode.NotFound, EsiaFailureKind.InvalidResponse)]
    public void FromStatus_HttpStatus_MapsToKind(HttpStatusCode status, EsiaFailureKind expected)
    {
        Assert.That(EsiaErrorMapper.FromStatus(status, "person endpoint").Kind, Is.EqualTo(expected));
    }

    [Test]
    public void FromTokenResponse_HtmlBody_FallsBackToStatus()
    {
        var ex = EsiaErrorMapper.FromTokenResponse(HttpStatusCode.ServiceUnavailable, "<html>down</html>");

        Assert.That(ex.Kind, Is.EqualTo(EsiaFailureKind.Unavailable));
    }
}
