using System.Net;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.IntegrationTests.Regions;

/// <summary>
/// R-REGION-2 through the whole slice: a client shared by regions 38 and 55 (<c>shared-clients.json</c>) gets its region
/// from the <c>region</c> parameter, else from the region remembered for the browser, else from the list page; the ESIA
/// registration, the broker session, the code and the tokens are the chosen region's. Region-fixed clients are unchanged.
/// </summary>
[CancelAfter(180_000)]
public sealed partial class SharedClientRegionTests
{
    private const string Esia38 = "Электронный дневник — Иркутская область";
    private const string Esia55 = "Электронный дневник — Омская область";

    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions { SecondRegion = true, SharedClients = true });
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, EsiaSliceOptions.Region55,
            """{"id":"d55-1001","login":"petrov.is.55","lastName":"Петров","firstName":"Иван","middleName":"Сергеевич","birthDate":"1985-03-07","gender":"M","snils":"112-233-445 95","roles":["parent"],"schools":[{"id":"55-s-001","name":"БОУ «СОШ № 1» г. Омска"}],"activated":true}""");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task Rregion2_SharedClientWithoutRegion_ListThenRegion55_Esia55_TokensOfRegion55()
    {
        using var browser = new BrowserClient();
        var client = Shared();

        var list = await browser.GetAsync(client.AuthorizeUrl(Offline()));
        AssertRegionList(list);
        Assert.That(list.Document.QuerySelector("#current"), Is.Null, "nothing remembered yet");

        var tokens = await SignInFromAsync(browser, client, await browser.SubmitAsync(list, "button[data-region='55']"), Esia55);

        var access = new JsonWebToken(tokens.Get("access_token"));
        Assert.That(access.GetPayloadValue<string>("region"), Is.EqualTo("55"));
        Assert.That(access.Subject, Is.EqualTo("d55-1001"), "the diary account of region 55");
        Assert.That(RememberedRegion(browser), Is.EqualTo("55"), "the choice is remembered for the browser");
        var cookie = browser.Cookies.GetCookies(new Uri(_slice.BrokerUrl))["ib.region"]!;
        Assert.That(cookie.HttpOnly, "HttpOnly");
        Assert.That(cookie.Expires, Is.GreaterThan(DateTime.Now.AddDays(360)), "persistent for a year");

        var refreshed = await client.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "refresh_token", ["refresh_token"] = tokens.Get("refresh_token")! }, client.ClientId, null);
        Assert.That(refreshed.Status, Is.EqualTo(200), refreshed.Json.ToString());
        Assert.That(new JsonWebToken(refreshed.Get("access_token")).GetPayloadValue<string>("region"), Is.EqualTo("55"), "the refresh token carries the region");
    }

    [Test]
    public async Task Rregion2_SecondSignInSameBrowser_SkipsTheList_GoesToEsiaOfTheRememberedRegion()
    {
        using var browser = new BrowserClient();
        var client = Shared();
        var list = await browser.GetAsync(client.AuthorizeUrl());
        await SignInFromAsync(browser, client, await browser.SubmitAsync(list, "button[data-region='55']"), Esia55);

        // prompt=login: the broker session is not reused, so the browser goes to ESIA again — directly, with region 55
        var again = Shared();
        var login = await browser.GetAsync(again.AuthorizeUrl(new Dictionary<string, string?> { ["prompt"] = "login" }));
        Assert.That(login.Body, Does.Contain("Вход на Госуслуги"), "no region list: " + login.Url);
        var tokens = await SignInFromAsync(browser, again, login, Esia55);
        Assert.That(new JsonWebToken(tokens.Get("access_token")).GetPayloadValue<string>("region"), Is.EqualTo("55"));

        // and single sign-on within the remembered region: a code at once
        var sso = Shared();
        browser.StopBefore = u => u.ToString().StartsWith(EsiaSliceOptions.SharedRedirect, StringComparison.Ordinal);
        var redirect = await browser.GetAsync(sso.AuthorizeUrl());
        Assert.That(redirect.Url.ToString(), Does.StartWith(EsiaSliceOptions.SharedRedirect));
        var code = QueryHelpers.ParseQuery(redirect.Url.Query)["code"].ToString();
        Assert.That(new JsonWebToken((await sso.RedeemAsync(code)).Get("access_token")).GetPayloadValue<string>("region"), Is.EqualTo("55"));
    }

    [Test]
    public async Task Rregion2_RegionParameter_OverridesTheRememberedRegion_AndIsRememberedAfterSignIn()
    {
        using var browser = new BrowserClient();
        var first = Shared();
        await SignInFromAsync(browser, first, await browser.SubmitAsync(await browser.GetAsync(first.AuthorizeUrl()), "button[data-region='55']"), Esia55);

        var client = Shared();
        var login = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["region"] = "38" }));
        var tokens = await SignInFromAsync(browser, client, login, Esia38);

        var access = new JsonWebToken(tokens.Get("access_token"));
        Assert.That(access.GetPayloadValue<string>("region"), Is.EqualTo("38"));
        Assert.That(access.Subject, Is.EqualTo("d38-1001"));
        Assert.That(RememberedRegion(browser), Is.EqualTo("38"), "a completed sign-in remembers its region");
    }

    [TestCase("77")]
    [TestCase("irkutsk")]
    [TestCase("38\"><script>")]
    public async Task Rregion2_UnknownRegionParameter_ErrorPage_NeverARedirect(string region)
    {
        using var browser = new BrowserClient();
        var page = await browser.GetAsync(Shared().AuthorizeUrl(new Dictionary<string, string?> { ["region"] = region }));

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(page.Url.AbsolutePath, Is.EqualTo("/connect/authorize"), "no redirect anywhere");
        Assert.That(page.Headers.ContainsKey("Location"), Is.False);
        Assert.That(page.Text("#error-code"), Is.EqualTo("invalid_request"));
        Assert.That(page.Body, Does.Not.Contain("<script>"), "the value is not echoed");
    }

    [Test]
    public async Task Rregion2_FixedRegionClient_IgnoresRegionParameter()
    {
        using var browser = new BrowserClient();
        var client = OidcTestClient.Public(_slice); // region 38
        browser.StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal);
        var login = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["region"] = "55" }));
        var tokens = await SignInFromAsync(browser, client, login, Esia38);

        Assert.That(new JsonWebToken(tokens.Get("access_token")).GetPayloadValue<string>("region"), Is.EqualTo("38"));
        Assert.That(RememberedRegion(browser), Is.Null, "region-fixed clients remember nothing");
    }

    [Test]
    public async Task Rregion2_PromptSelectAccount_ShowsTheListAgain_WithTheRememberedRegionMarked()
    {
        using var browser = new BrowserClient();
        var first = Shared();
        await SignInFromAsync(browser, first, await browser.SubmitAsync(await browser.GetAsync(first.AuthorizeUrl()), "button[data-region='55']"), Esia55);

        var client = Shared();
        var list = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["prompt"] = "select_account" }));
        AssertRegionList(list);
        Assert.That(list.Text("#current"), Does.Contain("Омская область"));
        Assert.That(list.Document.QuerySelector("button[data-region='55']")!.GetAttribute("aria-current"), Is.EqualTo("true"));

        // changing to 38: the session of region 55 is not used; ESIA of region 38 asks
        var tokens = await SignInFromAsync(browser, client, await browser.SubmitAsync(list, "button[data-region='38']"), Esia38);
        Assert.That(new JsonWebToken(tokens.Get("access_token")).GetPayloadValue<string>("region"), Is.EqualTo("38"));
        Assert.That(RememberedRegion(browser), Is.EqualTo("38"));
    }

    [Test]
    public async Task Rregion2_PromptNone_RegionUnknown_InteractionRequired()
    {
        using var browser = new BrowserClient();
        var client = Shared();
        browser.StopBefore = u => u.ToString().StartsWith(EsiaSliceOptions.SharedRedirect, StringComparison.Ordinal);
        var redirect = await browser.GetAsync(client.AuthorizeUrl(new Dictionary<string, string?> { ["prompt"] = "none" }));

        var query = QueryHelpers.ParseQuery(redirect.Url.Query);
        Assert.That(query["error"].ToString(), Is.EqualTo("interaction_required"));
        Assert.That(query["state"].ToString(), Is.EqualTo(client.State));
    }

    [Test]
    public async Task Rregion2_RegionChoice_TamperedOrFromAnotherBrowserOrNotServed_Refused()
    {
        using var browser = new BrowserClient();
        var list = await browser.GetAsync(Shared().AuthorizeUrl());

        var tampered = await browser.SubmitAsync(list, "button[data-region='55']", new Dictionary<string, string> { ["choice"] = "x" + list.Document.QuerySelector("input[name='choice']")!.GetAttribute("value") });
        Assert.That(tampered.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(tampered.Text("#error-code"), Is.EqualTo("invalid_region_choice"));

        using var other = new BrowserClient();
        var stolen = await other.SubmitAsync(list, "button[data-region='55']");
        Assert.That(stolen.Text("#error-code"), Is.EqualTo("invalid_region_choice"), "bound to the browser that opened the list");

        var form = new Dictionary<string, string> { ["choice"] = list.Document.QuerySelector("input[name='choice']")!.GetAttribute("value")!, ["region"] = "77" };
        var notServed = await browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, _slice.BrokerUrl + "/signin/region") { Content = new FormUrlEncodedContent(form) });
        Assert.That(notServed.Status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(notServed.Text("#error-code"), Is.EqualTo("invalid_region"));
        Assert.That(RememberedRegion(browser), Is.Null, "nothing remembered from a refused choice");
    }

    private OidcTestClient Shared() => new(_slice, EsiaSliceOptions.SharedClientId, EsiaSliceOptions.SharedRedirect);

    private static Dictionary<string, string?> Offline() => new() { ["scope"] = "openid profile diary offline_access" };

    private string? RememberedRegion(BrowserClient browser) => browser.Cookies.GetCookies(new Uri(_slice.BrokerUrl))["ib.region"]?.Value;

    /// <summary>The list: "Выберите регион", one submit button per region, sorted by name (Иркутская, Омская).</summary>
    private static void AssertRegionList(Page list)
    {
        Assert.That(list.Status, Is.EqualTo(HttpStatusCode.OK), list.Body);
        Assert.That(list.Text("h1"), Is.EqualTo("Выберите регион"));
        Assert.That(list.Headers["Cache-Control"], Does.Contain("no-store"));
        var buttons = list.Document.QuerySelectorAll("form#regions button[type='submit'][name='region']");
        Assert.That(buttons.Select(b => b.GetAttribute("value")), Is.EqualTo(new[] { "38", "55" }));
        Assert.That(buttons.Select(b => b.QuerySelector("strong")!.TextContent), Is.EqualTo(new[] { "Иркутская область", "Омская область" }));
    }

    /// <summary>From the emulator's login page: persona confirmed-adult, checks the ESIA system name, grants, redeems the code.</summary>
    private static async Task<TokenResponse> SignInFromAsync(BrowserClient browser, OidcTestClient client, Page login, string esiaSystemName)
    {
        Assert.That(login.Body, Does.Contain("Вход на Госуслуги"), "expected the emulator's login page, got " + login.Url + "\n" + login.Body);
        var access = await browser.SubmitAsync(login, "button.persona[value='confirmed-adult']");
        Assert.That(access.Body, Does.Contain("<strong>" + esiaSystemName + "</strong> запрашивает доступ"), "ESIA shows the region's own system name");
        browser.StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal);
        var redirect = await browser.SubmitAsync(access, "button[name='decision'][value='grant']");
        browser.StopBefore = null;
        Assert.That(redirect.Url.ToString(), Does.StartWith(client.RedirectUri), redirect.Body);
        var query = QueryHelpers.ParseQuery(redirect.Url.Query);
        Assert.That(query["state"].ToString(), Is.EqualTo(client.State));
        var tokens = await client.RedeemAsync(query["code"].ToString());
        Assert.That(tokens.Status, Is.EqualTo(200), tokens.Json.ToString());
        return tokens;
    }
}
