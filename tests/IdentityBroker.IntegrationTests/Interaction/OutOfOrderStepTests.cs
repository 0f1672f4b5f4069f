using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// Issue #12 item 1, ordered steps: a step's form posted when the sign-in is already at a later step (or finished, or is
/// another browser's sign-in) is the expired page and writes nothing; the sign-in then goes on from where it really is.
/// </summary>
[CancelAfter(240_000)]
public sealed class OutOfOrderStepTests : InteractionTest
{
    /// <summary>R-MATCH-5 then R-CONSENT-1. Passes on main today (the chooser's state is single-use).</summary>
    [Test]
    public async Task Rmatch5_ChooserFormPostedWhileAtDataConsent_Expired_ConsentThenSignsInAsChosen()
    {
        await ForgetDataConsentAsync(InteractionSlice.ChooserOid, Steps.Choose);
        var (journey, chooser) = await Steps.ChooserAsync(stopAtDataConsent: true);
        using var _ = journey;
        var consent = await StepForm.Of(chooser, Steps.Choose, Steps.ChooseA).PostAsync(journey.Browser);
        StepForm.Of(consent, Steps.DataConsent, Steps.Accept); // now at the data consent step

        await AssertOutOfOrderAsync(journey, StepForm.Of(chooser, Steps.Choose, Steps.ChooseB), "the chooser's form (other account) at the data consent step");

        var done = await StepForm.Of(consent, Steps.DataConsent, Steps.Accept).PostAsync(journey.Browser);
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo("d38-1006a"), "the account chosen first");
    }

    /// <summary>R-MATCH-6 then R-CONSENT-1. Fails on main today: the link form is reusable and enters the sign-in again (a second consent page).</summary>
    [Test]
    public async Task Rmatch6_ManualLinkFormPostedWhileAtDataConsent_Expired_ConsentThenSignsIn()
    {
        await ForgetDataConsentAsync(InteractionSlice.ManualLinkOid, Steps.Link);
        var (journey, form) = await Steps.ManualLinkAsync(stopAtDataConsent: true);
        using var _ = journey;
        var consent = await Steps.LinkForm(form).PostAsync(journey.Browser);
        StepForm.Of(consent, Steps.DataConsent, Steps.Accept);

        await AssertOutOfOrderAsync(journey, Steps.LinkForm(form), "the manual-link form at the data consent step");

        var done = await StepForm.Of(consent, Steps.DataConsent, Steps.Accept).PostAsync(journey.Browser);
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo(InteractionSlice.ManualLinkAccount));
    }

    /// <summary>R-CONSENT-6 then R-CONSENT-1. Fails on main today: «Продолжить» is reusable and enters the consent step again.</summary>
    [Test]
    public async Task Rconsent6_ParentContinuePostedWhileAtDataConsent_Expired_ConsentThenSignsIn()
    {
        await ForgetDataConsentAsync(InteractionSlice.NoticeOid, Steps.Parent);
        var (journey, notice) = await Steps.NoticeAsync(stopAtDataConsent: true);
        using var _ = journey;
        var consent = await StepForm.Of(notice, Steps.Parent, Steps.Continue).PostAsync(journey.Browser);
        StepForm.Of(consent, Steps.DataConsent, Steps.Accept);

        await AssertOutOfOrderAsync(journey, StepForm.Of(notice, Steps.Parent, Steps.Continue), "the parent's «Продолжить» at the data consent step");

        var done = await StepForm.Of(consent, Steps.DataConsent, Steps.Accept).PostAsync(journey.Browser);
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo(InteractionSlice.NoticeAccount));
    }

    /// <summary>
    /// R-REGION-2. Fails on main today, and issues a code: the region list posted again after the sign-in finished continues
    /// the old authorization request through single sign-on of the new broker session — a second code without any step.
    /// </summary>
    [Test]
    public async Task Rregion2_RegionListPostedAfterSignInFinished_Expired_NoSecondCode()
    {
        var (journey, list) = await Steps.RegionListAsync();
        using var _ = journey;
        var form = StepForm.Of(list, Steps.Region, Steps.Region55);
        var done = await Steps.FinishAtEsiaAsync(journey, await form.PostAsync(journey.Browser));
        journey.CodeOf(done);

        await AssertOutOfOrderAsync(journey, form, "the region list after the sign-in finished");
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo("d55-1001"));
    }

    /// <summary>
    /// R-CONSENT-1, two sign-ins of one person in two browsers, both at the data consent step: the form of one posted into the
    /// other browser is expired and does not use the form up. Passes on main today (the state is bound to the browser).
    /// </summary>
    [Test]
    public async Task Rconsent1_DataConsentFormOfOneSignInPostedIntoAnotherBrowsersSignIn_Expired_OwnerStillAccepts()
    {
        var (first, consent) = await Steps.DataConsentAsync();
        using var _ = first;
        using var second = new Journey(OidcTestClient.Public(Slice), stopAtDataConsent: true);
        var secondConsent = await second.ThroughEsiaAsync(InteractionSlice.ConsentPersona);
        StepForm.Of(secondConsent, Steps.DataConsent, Steps.Accept); // the other browser is at its own data consent step
        var form = StepForm.Of(consent, Steps.DataConsent, Steps.Accept);

        await AssertOutOfOrderAsync(second, form, "a data consent form posted into another browser's sign-in");

        var done = await form.PostAsync(first.Browser);
        Assert.That(await first.RedeemAsync(done), Is.EqualTo("d38-1001"), "the form was not used up");
    }

    private static async Task AssertOutOfOrderAsync(Journey journey, StepForm form, string what)
    {
        var mark = await Ledger.MarkAsync(Slice);

        var page = await form.PostAsync(journey.Browser);

        var written = await Ledger.SinceAsync(Slice, mark);
        using (Assert.EnterMultipleScope())
        {
            StepPages.AssertExpired(page, what);
            Assert.That(written, Is.EqualTo(new Ledger(0, 0, 0, 0, 0, 0)), what + ": nothing written");
        }
    }

    /// <summary>The person is asked for data consent again; the concurrency tests' warm-up must then give it again.</summary>
    private static async Task ForgetDataConsentAsync(string oid, string step)
    {
        await InteractionSlice.ForgetDataConsentAsync(oid);
        Steps.DataConsentForgotten(step);
    }
}
