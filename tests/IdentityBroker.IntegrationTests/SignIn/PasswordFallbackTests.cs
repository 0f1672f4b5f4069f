using System.Net;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.IntegrationTests.SignIn;

/// <summary>
/// R-REGION-3 through the whole slice: region 55 allows diary password sign-in as a fallback while ESIA is unavailable,
/// region 38 forbids it. ESIA is made unavailable with the emulator's faults (HTTP 500 / no answer at the token endpoint).
/// </summary>
[CancelAfter(180_000)]
public sealed class PasswordFallbackTests
{
    private const string SidorovaPassword = "Сидорова-55";

    private SliceEnvironment _slice = null!;
    private EmulatorControl _emulator = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions
        {
            SecondRegion = true,
            PasswordSignIn55 = "fallback",
            EsiaTimeout = TimeSpan.FromSeconds(1),
        });
        _emulator = new EmulatorControl(_slice);
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, EsiaSliceOptions.Region55,
            ManualLinkSteps.Row("d55-t-0001", "sidorova.55", "Сидорова", "Ольга", "Ивановна", new DateOnly(1980, 1, 15), SidorovaPassword, role: "parent"),
            ManualLinkSteps.Row("d55-t-0002", "inactive.55", "Орлова", "Нина", "Петровна", new DateOnly(1981, 2, 16), SidorovaPassword, activated: false),
            ManualLinkSteps.Row("d55-t-0003", "pupil.55", "Орлов", "Илья", "Петрович", EsiaFlows.MoscowToday().AddYears(-10), SidorovaPassword, role: "student"));
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        _emulator?.Dispose();
        await _slice.DisposeAsync();
    }

    [TearDown]
    public Task ResetFaultsAsync() => _emulator.ResetAsync();

    [Test]
    public async Task PasswordFallback_Rregion3_EsiaAnswers500_RegionAllows_SignsInWithDiaryPasswordAmrPwd()
    {
        await _emulator.SetFaultsAsync(new { serverError = new[] { "te" } });
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);
        using var browser = new BrowserClient();
        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult", authorizeUrl: client.AuthorizeUrl()));

        var (reason, refusal, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That((reason, refusal.RuleId), Is.EqualTo(("esia_unavailable", "ESIA")));
        Assert.That(page.Text("#password-fallback"), Is.EqualTo("Войти по логину и паролю дневника"));
        Assert.That(page.Document.QuerySelector("#password-fallback-form input#password")?.GetAttribute("autocomplete"), Is.EqualTo("current-password"));

        var wrong = await browser.SubmitAsync(page, "#sign-in", new Dictionary<string, string> { ["login"] = "sidorova.55", ["password"] = "nope" });
        Assert.That(ManualLinkSteps.Message(wrong).Kind, Is.EqualTo("wrong_credentials"));

        browser.StopBefore = u => u.ToString().StartsWith(EsiaSliceOptions.MobileRedirect55, StringComparison.Ordinal);
        var done = await browser.SubmitAsync(wrong, "#sign-in", new Dictionary<string, string> { ["login"] = "sidorova.55", ["password"] = SidorovaPassword });

        Assert.That(done.Url.ToString(), Does.StartWith(EsiaSliceOptions.MobileRedirect55), done.Body);
        var query = QueryHelpers.ParseQuery(done.Url.Query);
        Assert.That(query["state"].ToString(), Is.EqualTo(client.State));
        var tokens = await client.RedeemAsync(query["code"].ToString());
        var idToken = new JsonWebToken(tokens.Get("id_token"));
        Assert.That(idToken.Subject, Is.EqualTo("d55-t-0001"));
        Assert.That(idToken.Claims.Where(c => c.Type == "amr").Select(c => c.Value), Is.EqualTo(new[] { "pwd" }));
        Assert.That(idToken.GetClaim("acr").Value, Is.EqualTo("urn:identitybroker:diary-password"));
        var attempts = await ManualLinkSteps.AttemptsAsync(_slice, page.Text("#reference")!);
        Assert.That(attempts.Select(a => (a.Outcome, a.RuleId, a.DiaryAccountId)),
            Is.EqualTo(new[] { ("wrong_credentials", "R-REGION-3", "d55-t-0001"), ("success", "R-REGION-3", "d55-t-0001") }));
        Assert.That(attempts.All(a => a.Detail!.StartsWith("password_fallback", StringComparison.Ordinal) && a.EsiaSubjectHash is null));
    }

    [Test]
    public async Task PasswordFallback_Rregion3_MinorWithoutParentalConsent_Rconsent2_ConsentRequired()
    {
        // the fallback is not a way around R-CONSENT-2: the diary's birth date gives the age on the region's day
        await _emulator.SetFaultsAsync(new { serverError = new[] { "te" } });
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);
        using var browser = new BrowserClient();
        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult", authorizeUrl: client.AuthorizeUrl()));

        var refused = await browser.SubmitAsync(page, "#sign-in", new Dictionary<string, string> { ["login"] = "pupil.55", ["password"] = SidorovaPassword });

        Assert.That(refused.Text("#error-code"), Is.EqualTo("consent_required"), refused.Body);
        Assert.That(refused.Url.ToString(), Does.Not.StartWith(EsiaSliceOptions.MobileRedirect55), "no code for the client");
    }

    [Test]
    public async Task PasswordFallback_Rregion3_InactiveAccount_Rmatch8_NotSignedIn()
    {
        await _emulator.SetFaultsAsync(new { serverError = new[] { "te" } });
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);
        using var browser = new BrowserClient();
        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "standard-adult", authorizeUrl: client.AuthorizeUrl()));

        var refused = await browser.SubmitAsync(page, "#sign-in", new Dictionary<string, string> { ["login"] = "inactive.55", ["password"] = SidorovaPassword });

        Assert.That((refused.Status, refused.Text("#error-code")), Is.EqualTo((HttpStatusCode.Forbidden, "account_inactive")));
        Assert.That(refused.Text("#remedy"), Is.EqualTo("Обратитесь в школу."));
    }

    [Test]
    public async Task PasswordFallback_Rregion3_EsiaDoesNotAnswer_RegionForbids_OnlyThroughGosuslugiAndNoForm()
    {
        await _emulator.SetFaultsAsync(new { timeout = new[] { "te" }, clients = new[] { SliceEnvironment.EsiaClientId } });
        using var browser = new BrowserClient();

        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "confirmed-adult");

        var (reason, _, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(reason, Is.EqualTo("esia_unavailable"));
        Assert.That(page.Text("#remedy"), Does.Contain("в вашем регионе вход возможен только через Госуслуги").IgnoreCase);
        Assert.That(page.Document.QuerySelector("form"), Is.Null, "no password form where the region forbids it");
        Assert.That(page.Document.QuerySelector("input[type='password']"), Is.Null);
    }

    [Test]
    public async Task PasswordFallback_Rregion3_EsiaUp_NoFormAndNoPasswordEndpointWithoutAFailedSignIn()
    {
        // ESIA answers: a region-55 sign-in that fails for another reason offers no password form
        var client = new OidcTestClient(_slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55);
        using var browser = new BrowserClient();
        var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult", authorizeUrl: client.AuthorizeUrl()));
        Assert.That(page.Text("#error-code"), Is.EqualTo("no_diary_account"));
        Assert.That(page.Document.QuerySelector("input[type='password']"), Is.Null);

        // and the endpoint accepts nothing but a form created at an ESIA failure of this browser's sign-in
        using var post = new HttpRequestMessage(HttpMethod.Post, _slice.BrokerUrl + "/signin/password")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "sidorova.55", ["password"] = SidorovaPassword, ["pending"] = "" }),
        };
        var direct = await browser.SendAsync(post);
        Assert.That((direct.Status, direct.Text("#error-code")), Is.EqualTo((HttpStatusCode.BadRequest, "invalid_sign_in_form")));
    }
}

/// <summary>Which ESIA failures before the redirect count as ESIA being unavailable (R-REGION-3) rather than misconfigured.</summary>
public sealed class PasswordFallbackOutageTests
{
    [Test]
    public void IsOutage_Rregion3_EsiaUnavailable_True() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.IsOutage(new IdentityBroker.Esia.EsiaException(IdentityBroker.Esia.EsiaFailureKind.Unavailable, "breaker open")), Is.True);

    [Test]
    public void IsOutage_Rregion3_RemoteSignerUnreachable_True() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.IsOutage(new IdentityBroker.Esia.EsiaException(
            IdentityBroker.Esia.EsiaFailureKind.Misconfigured, "Signing the ESIA request failed: HttpRequestException.", null, new HttpRequestException("connection refused"))), Is.True);

    [Test]
    public void IsOutage_Rregion3_RemoteSignerTimedOut_True() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.IsOutage(new IdentityBroker.Esia.EsiaException(
            IdentityBroker.Esia.EsiaFailureKind.Misconfigured, "Signing the ESIA request failed: TaskCanceledException.", null, new TaskCanceledException())), Is.True);

    [Test]
    public void IsOutage_Rregion3_SignatureDoesNotVerify_FalseStaysMisconfigured() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.IsOutage(new IdentityBroker.Esia.EsiaException(
            IdentityBroker.Esia.EsiaFailureKind.Misconfigured, "The remote signer's signature does not verify with the configured certificate.")), Is.False);

    /// <summary>
    /// Fix (issue #12): one classifier at the redirect and at the callback. A remote signer that does not answer when the
    /// callback's token request is signed is now esia_unavailable (with the fallback where allowed), as it already was at
    /// the redirect; before, the callback called it service_misconfigured.
    /// </summary>
    [Test]
    public void Classify_Rregion3_RemoteSignerUnreachable_EsiaUnavailableWhereverItHappens() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.Classify(new IdentityBroker.Esia.EsiaException(
            IdentityBroker.Esia.EsiaFailureKind.Misconfigured, "Signing the ESIA request failed: HttpRequestException.", null, new HttpRequestException("connection refused"))),
            Is.EqualTo(("esia_unavailable", "ESIA")));

    [Test]
    public void Classify_SignatureDoesNotVerify_ServiceMisconfigured() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.Classify(new IdentityBroker.Esia.EsiaException(
            IdentityBroker.Esia.EsiaFailureKind.Misconfigured, "The remote signer's signature does not verify with the configured certificate.")),
            Is.EqualTo(("service_misconfigured", "ESIA")));

    [Test]
    public void IsOutage_Rregion3_UnreadableKeyFile_False() =>
        Assert.That(Server.Interaction.EsiaFailureClassifier.IsOutage(new IdentityBroker.Esia.EsiaException(
            IdentityBroker.Esia.EsiaFailureKind.Misconfigured, "Signing the ESIA request failed: IOException.", null, new IOException())), Is.False);
}
