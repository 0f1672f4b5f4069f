using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// Issue #12 item 1: every step's form is bound to the browser that started the sign-in. Posted from another cookie jar
/// (a browser that started a sign-in of its own, so it has its own binding and antiforgery cookies), it is the expired page,
/// writes nothing, and does NOT use the form up: the right browser then posts it and signs in. All pass on main today
/// (each endpoint checks the browser binding before it consumes anything).
/// </summary>
[CancelAfter(240_000)]
public sealed class CrossBrowserStepTests : InteractionTest
{
    [Test]
    public async Task Rmatch5_ChooserFromAnotherBrowser_ExpiredNotUsedUp()
    {
        var (journey, page) = await Steps.ChooserAsync();
        using var _ = journey;
        await FromAnotherBrowserThenOwnerAsync(journey, StepForm.Of(page, Steps.Choose, Steps.ChooseA), "d38-1006a", "the account chooser");
    }

    [Test]
    public async Task Rmatch6_ManualLinkFromAnotherBrowser_ExpiredNotUsedUp()
    {
        var (journey, page) = await Steps.ManualLinkAsync();
        using var _ = journey;
        await FromAnotherBrowserThenOwnerAsync(journey, Steps.LinkForm(page), InteractionSlice.ManualLinkAccount, "the manual-link form");
    }

    [Test]
    public async Task Rregion3_PasswordFallbackFromAnotherBrowser_ExpiredNotUsedUp()
    {
        var (journey, page) = await Steps.PasswordFallbackAsync();
        using var _ = journey;
        await FromAnotherBrowserThenOwnerAsync(journey, Steps.PasswordForm(page), InteractionSlice.FallbackAccount, "the password fallback form");
    }

    [Test]
    public async Task Rconsent6_ParentContinueFromAnotherBrowser_ExpiredNotUsedUp()
    {
        var (journey, page) = await Steps.NoticeAsync();
        using var _ = journey;
        await FromAnotherBrowserThenOwnerAsync(journey, StepForm.Of(page, Steps.Parent, Steps.Continue), InteractionSlice.NoticeAccount, "the parent's «Продолжить»");
    }

    [Test]
    public async Task Rconsent1_DataConsentFromAnotherBrowser_ExpiredNotUsedUp()
    {
        var (journey, page) = await Steps.DataConsentAsync();
        using var _ = journey;
        await FromAnotherBrowserThenOwnerAsync(journey, StepForm.Of(page, Steps.DataConsent, Steps.Accept), "d38-1001", "the data consent form");
    }

    [Test]
    public async Task Rregion2_RegionListFromAnotherBrowser_ExpiredNotUsedUp()
    {
        var (journey, list) = await Steps.RegionListAsync();
        using var _ = journey;
        var form = StepForm.Of(list, Steps.Region, Steps.Region55);
        using var other = new Journey(journey.Client);
        await other.AuthorizeAsync(); // its own region list: its own browser binding

        var stolen = await form.PostAsync(other.Browser);

        StepPages.AssertExpired(stolen, "the region list posted from another browser");
        var done = await Steps.FinishAtEsiaAsync(journey, await form.PostAsync(journey.Browser));
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo("d55-1001"), "the form was not used up");
    }

    private static async Task FromAnotherBrowserThenOwnerAsync(Journey journey, StepForm form, string subject, string what)
    {
        using var other = new Journey(journey.Client);
        var otherLogin = await other.AuthorizeAsync(); // a sign-in of its own (binding cookie), stopped at ESIA's login page
        Assert.That(otherLogin.Url.ToString(), Does.StartWith(Slice.EmulatorUrl), StepForm.Describe(otherLogin));
        var mark = await Ledger.MarkAsync(Slice);

        var stolen = await form.PostAsync(other.Browser);

        var written = await Ledger.SinceAsync(Slice, mark);
        using (Assert.EnterMultipleScope())
        {
            StepPages.AssertExpired(stolen, what + " posted from another browser");
            Assert.That(written, Is.EqualTo(new Ledger(0, 0, 0, 0, 0, 0)), what + " from another browser: nothing written");
        }

        var done = await form.PostAsync(journey.Browser);
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo(subject), what + ": the right browser can still post it");
    }
}
