using System.Net;
using IdentityBroker.IntegrationTests.Consent;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// Issue #12 item 1, each step's form single-use: a step form posted again after it was used successfully (back button,
/// double submit, a replay) is the Russian "expired" page (400), writes nothing a second time (no second code, session,
/// link, consent or success record), and the original sign-in's result — its code — is unaffected.
/// On main today the manual-link, password-fallback and parent's forms are refused after a finished sign-in only by
/// accident: their antiforgery token was issued to an anonymous browser and the finished sign-in authenticated it (the
/// broker session cookie). The "…WithSessionGone" tests drop that cookie first (signed out; a shared computer's back
/// button re-posting the form, password included) and show what the form's own state allows.
/// </summary>
[CancelAfter(240_000)]
public sealed class StepReplayTests : InteractionTest
{
    /// <summary>R-MATCH-5. Passes on main today (the chooser's state is single-use: FormStatePurpose.AccountChoice).</summary>
    [Test]
    public async Task Rmatch5_ChooserPostedAgainAfterSuccess_ExpiredNothingWrittenCodeStillGood()
    {
        var (journey, page) = await Steps.ChooserAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, StepForm.Of(page, Steps.Choose, Steps.ChooseA), "d38-1006a", "the account chooser");
    }

    /// <summary>
    /// R-MATCH-6. Passes on main today, but only incidentally: the form's antiforgery token was issued to an anonymous
    /// browser and the finished sign-in authenticated it (broker session cookie), so antiforgery refuses the replay
    /// (invalid_sign_in_form); the state itself is reusable (FormStatePurpose.ManualLink) — see the "session gone" variant.
    /// </summary>
    [Test]
    public async Task Rmatch6_ManualLinkPostedAgainAfterSuccessfulLink_ExpiredNothingWrittenCodeStillGood()
    {
        var (journey, page) = await Steps.ManualLinkAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, Steps.LinkForm(page), InteractionSlice.ManualLinkAccount, "the manual-link form");
        Assert.That(await LinksAsync(), Has.Count.EqualTo(1), "one link");
    }

    /// <summary>R-REGION-3. Passes on main today only incidentally (antiforgery after the session cookie, as for manual linking); see the "session gone" variant.</summary>
    [Test]
    public async Task Rregion3_PasswordFallbackPostedAgainAfterSuccessfulSignIn_ExpiredNothingWrittenCodeStillGood()
    {
        var (journey, page) = await Steps.PasswordFallbackAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, Steps.PasswordForm(page), InteractionSlice.FallbackAccount, "the password fallback form");
    }

    /// <summary>R-CONSENT-6 notice «Продолжить». Passes on main today only incidentally (antiforgery after the session cookie); see the "session gone" variant.</summary>
    [Test]
    public async Task Rconsent6_ParentStepContinuePostedTwice_ExpiredNothingWrittenCodeStillGood()
    {
        var (journey, page) = await Steps.NoticeAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, StepForm.Of(page, Steps.Parent, Steps.Continue), InteractionSlice.NoticeAccount, "the parent's «Продолжить»");
    }

    /// <summary>R-CONSENT-1. Passes on main today (the data consent state is single-use: FormStatePurpose.DataConsent).</summary>
    [Test]
    public async Task Rconsent1_DataConsentAcceptPostedTwice_ExpiredNothingWrittenCodeStillGood()
    {
        var (journey, page) = await Steps.DataConsentAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, StepForm.Of(page, Steps.DataConsent, Steps.Accept), "d38-1001", "the data consent «Даю согласие»");
    }

    /// <summary>
    /// R-CONSENT-3 (way 1). The grant must count once. On main today the consent store is idempotent (no second consent
    /// record or audit), but the page FAILS the test: the replayed grant is answered with the parent's page again (200), not
    /// the expired page, because the parent's step state is reusable (FormStatePurpose.ParentStep).
    /// </summary>
    [Test]
    public async Task Rconsent3_ParentsGrantPostedTwice_ExpiredConsentGrantedAndAuditedOnce_SignInGoesOn()
    {
        using (var child = new Journey(OidcTestClient.Public(Slice)))
        {
            var refused = await child.ThroughEsiaAsync("child-10"); // R-CONSENT-2: a pending request for the parents
            Assert.That(refused.Text("#error-code"), Is.EqualTo("consent_required"), StepForm.Describe(refused));
        }

        using var father = new Journey(OidcTestClient.Public(Slice));
        var requests = await father.ThroughEsiaAsync("parent-two-kids");
        var grant = StepForm.Of(requests, Steps.Parent, $"button[value='grant'][data-child='{ConsentSteps.Child10}']");
        var mark = await Ledger.MarkAsync(Slice);
        var granted = await grant.PostAsync(father.Browser);
        Assert.That(granted.Status, Is.EqualTo(HttpStatusCode.OK), StepForm.Describe(granted));
        var afterGrant = await Ledger.SinceAsync(Slice, mark);
        Assert.That((afterGrant.ParentalConsents, afterGrant.Decisions), Is.EqualTo((1L, 1L)), "one consent, one audit record of the grant");

        var replay = await grant.PostAsync(father.Browser);

        var afterReplay = await Ledger.SinceAsync(Slice, mark);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterReplay, Is.EqualTo(afterGrant), "the second post writes no second consent or audit record");
            StepPages.AssertExpired(replay, "the parent's grant posted twice");
        }

        var done = await StepForm.Of(granted, Steps.Parent, Steps.Continue).PostAsync(father.Browser);
        Assert.That(await father.RedeemAsync(done), Is.EqualTo(ConsentSteps.Father), "the sign-in goes on from the page shown after the grant");
    }

    /// <summary>R-MATCH-5, the session cookie gone. Passes on main today (single use).</summary>
    [Test]
    public async Task Rmatch5_ChooserPostedAgainAfterSignInWithSessionGone_Expired()
    {
        var (journey, page) = await Steps.ChooserAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, StepForm.Of(page, Steps.Choose, Steps.ChooseA), "d38-1006a", "the account chooser", sessionGone: true);
    }

    /// <summary>
    /// R-MATCH-6, the session cookie gone (signed out; the back button on a shared computer re-posts the form with the
    /// password). Fails on main today: the form state is reusable, and nothing else stops it — a second sign-in (code).
    /// </summary>
    [Test]
    public async Task Rmatch6_ManualLinkPostedAgainAfterSignInWithSessionGone_Expired()
    {
        var (journey, page) = await Steps.ManualLinkAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, Steps.LinkForm(page), InteractionSlice.ManualLinkAccount, "the manual-link form", sessionGone: true);
    }

    /// <summary>R-REGION-3, the session cookie gone. Fails on main today: the fallback form signs in again (a second code).</summary>
    [Test]
    public async Task Rregion3_PasswordFallbackPostedAgainAfterSignInWithSessionGone_Expired()
    {
        var (journey, page) = await Steps.PasswordFallbackAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, Steps.PasswordForm(page), InteractionSlice.FallbackAccount, "the password fallback form", sessionGone: true);
    }

    /// <summary>R-CONSENT-6, the session cookie gone. Fails on main today: «Продолжить» finishes the sign-in again (a second code).</summary>
    [Test]
    public async Task Rconsent6_ParentContinuePostedAgainAfterSignInWithSessionGone_Expired()
    {
        var (journey, page) = await Steps.NoticeAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, StepForm.Of(page, Steps.Parent, Steps.Continue), InteractionSlice.NoticeAccount, "the parent's «Продолжить»", sessionGone: true);
    }

    /// <summary>R-CONSENT-1, the session cookie gone. Passes on main today (single use).</summary>
    [Test]
    public async Task Rconsent1_DataConsentPostedAgainAfterSignInWithSessionGone_Expired()
    {
        var (journey, page) = await Steps.DataConsentAsync();
        using var _ = journey;
        await ReplayAfterSuccessAsync(journey, StepForm.Of(page, Steps.DataConsent, Steps.Accept), "d38-1001", "the data consent «Даю согласие»", sessionGone: true);
    }

    /// <summary>R-REGION-2. Fails on main today: the region list's state is reusable until it expires (FormStatePurpose.RegionChoice).</summary>
    [Test]
    public async Task Rregion2_RegionListPostedTwice_ExpiredNoSecondTripToEsia_FirstChoiceSignsIn()
    {
        var (journey, list) = await Steps.RegionListAsync();
        using var _ = journey;
        var form = StepForm.Of(list, Steps.Region, Steps.Region55);
        var esia = await form.PostAsync(journey.Browser);
        Assert.That(esia.Url.ToString(), Does.StartWith(Slice.EmulatorUrl), "the first choice goes to ESIA: " + StepForm.Describe(esia));

        var replay = await StepForm.Of(list, Steps.Region, Steps.Region38).PostAsync(journey.Browser);

        StepPages.AssertExpired(replay, "the region list posted twice");
        var done = await Steps.FinishAtEsiaAsync(journey, esia);
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo("d55-1001"), "the first choice (55) signs in");
    }

    /// <summary>
    /// Uses <paramref name="form"/> once (to the client), posts it again, and checks the replay changed nothing. With
    /// <paramref name="sessionGone"/>, the cookies the broker set when the sign-in finished (its session) are dropped before
    /// the replay — as after signing out, or on a shared computer once the session cookie is gone — so that nothing but the
    /// form's own single use can refuse it (see the class comment on antiforgery).
    /// </summary>
    private static async Task ReplayAfterSuccessAsync(Journey journey, StepForm form, string subject, string what, bool sessionGone = false)
    {
        var broker = new Uri(Slice.BrokerUrl);
        var cookiesBefore = journey.Browser.Cookies.GetCookies(broker).Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var mark = await Ledger.MarkAsync(Slice);
        var done = await form.PostAsync(journey.Browser);
        journey.CodeOf(done);
        var afterSuccess = await Ledger.SinceAsync(Slice, mark);
        Assert.That((afterSuccess.Codes, afterSuccess.Sessions), Is.EqualTo((1L, 1L)), "one code and one session for the sign-in");
        if (sessionGone)
        {
            var session = journey.Browser.Cookies.GetCookies(broker).Where(c => !cookiesBefore.Contains(c.Name)).ToList();
            Assert.That(session, Is.Not.Empty, "the finished sign-in set the broker session cookie");
            session.ForEach(c => c.Expired = true);
            Assert.That(journey.Browser.Cookies.GetCookies(broker).Select(c => c.Name), Is.EquivalentTo(cookiesBefore), "the session cookie is gone");
        }

        var replay = await form.PostAsync(journey.Browser);

        TestContext.Out.WriteLine($"{what} posted again{(sessionGone ? " (session cookie gone)" : "")}: {StepForm.Describe(replay)}");
        var afterReplay = await Ledger.SinceAsync(Slice, mark);
        using (Assert.EnterMultipleScope())
        {
            StepPages.AssertExpired(replay, what + " posted again");
            Assert.That(afterReplay, Is.EqualTo(afterSuccess), what + " posted again: nothing written a second time (codes, sessions, links, consents, decisions)");
        }

        Assert.That(await journey.RedeemAsync(done), Is.EqualTo(subject), "the original sign-in's code is unaffected");
    }

    private static Task<IReadOnlyList<Core.Stores.AccountLink>> LinksAsync() =>
        IntegrationTests.SignIn.ManualLinkSteps.LinksAsync(Slice, "38", InteractionSlice.ManualLinkOid);
}
