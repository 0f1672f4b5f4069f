using System.Net;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Protocol;

public sealed class LoginFlowTests : EmulatorFixture
{
    [Test]
    public async Task Login_GrantAccess_RedirectsWithLongCodeAndAcState()
    {
        var p = EsiaRequests.Authorization(Host);

        var location = await Browser.LoginAsync(p, "confirmed-adult");
        var query = EsiaBrowser.Query(location);

        Assert.Multiple(() =>
        {
            Assert.That(location.GetLeftPart(UriPartial.Path), Is.EqualTo(EmulatorHost.RedirectUri));
            Assert.That(query["state"], Is.EqualTo(p["state"]));
            Assert.That(query["code"], Has.Length.GreaterThan(500), "real ESIA codes are ~1 KB JWTs");
            Assert.That(query["code"].Split('.'), Has.Length.EqualTo(3));
        });
    }

    [Test]
    public async Task Login_Refuse_RedirectsWithAccessDeniedEsia007004()
    {
        var p = EsiaRequests.Authorization(Host);

        var query = EsiaBrowser.Query(await Browser.LoginAsync(p, "standard-adult", decision: "deny"));

        Assert.Multiple(() =>
        {
            Assert.That(query["error"], Is.EqualTo("access_denied"));
            Assert.That(query["error_description"], Is.EqualTo("ESIA-007004: The resource owner or authorization server denied the request."));
            Assert.That(query["state"], Is.EqualTo(p["state"]));
            Assert.That(query, Does.Not.ContainKey("code"));
        });
    }

    [Test]
    public async Task Login_BlockedAccount_RedirectsWithEsia007036()
    {
        var p = EsiaRequests.Authorization(Host);

        var query = EsiaBrowser.Query(await Browser.LoginAsync(p, "blocked-account"));

        Assert.Multiple(() =>
        {
            Assert.That(query["error"], Is.EqualTo("invalid_request"));
            Assert.That(query["error_description"], Does.StartWith("ESIA-007036: "));
            Assert.That(query["state"], Is.EqualTo(p["state"]));
        });
    }

    [Test]
    public async Task AccessPage_AfterPersonaChosen_ListsSystemNameAndScopesInRussian()
    {
        var p = EsiaRequests.Authorization(Host, scope: "openid fullname birthdate gender snils id_doc kid_fullname");
        using var ac = await Browser.AuthorizeAsync(p);
        using var chosen = await Browser.PostFormAsync(ac.Headers.Location!.ToString(), new() { ["persona"] = "confirmed-adult" });

        var page = await Browser.Http.GetStringAsync(chosen.Headers.Location);

        Assert.Multiple(() =>
        {
            Assert.That(page, Does.Contain(EmulatorHost.SystemName));
            Assert.That(page, Does.Contain("запрашивает доступ к данным"));
            Assert.That(page, Does.Contain("Фамилия, имя, отчество"));
            Assert.That(page, Does.Contain("Дата рождения"));
            Assert.That(page, Does.Contain("Пол"));
            Assert.That(page, Does.Contain("СНИЛС"));
            Assert.That(page, Does.Contain("Данные документа, удостоверяющего личность"));
            Assert.That(page, Does.Contain("Фамилия, имя, отчество детей"));
            Assert.That(page, Does.Contain("Предоставить"));
            Assert.That(page, Does.Contain("Отказать"));
        });
    }

    [Test]
    public async Task LoginPost_WithoutAntiforgeryToken_Rejected()
    {
        using var ac = await Browser.AuthorizeAsync(EsiaRequests.Authorization(Host));
        var loginUrl = ac.Headers.Location!.ToString();
        var tx = loginUrl[(loginUrl.IndexOf('=', StringComparison.Ordinal) + 1)..];

        using var response = await Browser.Http.PostAsync(loginUrl,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["tx"] = tx, ["persona"] = "confirmed-adult" }));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Location, Is.Null);
    }

    [Test]
    public async Task LoginPage_UnknownTransaction_ShowsExpiredPage()
    {
        using var response = await Browser.Http.GetAsync("/login?tx=0123456789abcdef0123456789abcdef");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("Сеанс входа истёк"));
    }

    [Test]
    public async Task Login_FinishedTransaction_CannotBeReplayed()
    {
        var p = EsiaRequests.Authorization(Host);
        using var ac = await Browser.AuthorizeAsync(p);
        var loginUrl = ac.Headers.Location!.ToString();
        using var chosen = await Browser.PostFormAsync(loginUrl, new() { ["persona"] = "confirmed-adult" });
        using var done = await Browser.PostFormAsync(chosen.Headers.Location!.ToString(), new() { ["decision"] = "grant" });

        using var again = await Browser.Http.GetAsync(chosen.Headers.Location);

        Assert.That(done.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }
}
