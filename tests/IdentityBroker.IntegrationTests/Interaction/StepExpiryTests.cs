using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// Issue #12 item 1: a step's form has a lifetime. Posted after it — the brokers' clock moved 2 hours ahead
/// (<c>SliceEnvironment.Clock</c>, no sleeping), longer than any step lifetime the broker configures (10–15 min today,
/// <c>IdentityBroker:ManualLink:FormLifetime</c> 15 min, <c>SessionLifetime</c> 1 h) — it is the expired page and writes
/// nothing. All FAIL on main today, for one reason: the forms' lifetimes are checked by ASP.NET Data Protection's
/// time-limited protector (ProtectedFormState), which reads the system clock, not the broker's <see cref="TimeProvider"/>,
/// so a form is still accepted when the broker's clock says it expired.
/// </summary>
[CancelAfter(240_000)]
public sealed class StepExpiryTests : InteractionTest
{
    private static readonly TimeSpan Later = TimeSpan.FromHours(2);

    [Test]
    public async Task Rmatch5_ChooserAfterItsLifetime_Expired()
    {
        var (journey, page) = await Steps.ChooserAsync();
        using var _ = journey;
        await AfterLifetimeAsync(journey, StepForm.Of(page, Steps.Choose, Steps.ChooseA), "the account chooser");
    }

    [Test]
    public async Task Rmatch6_ManualLinkAfterItsLifetime_Expired()
    {
        var (journey, page) = await Steps.ManualLinkAsync();
        using var _ = journey;
        await AfterLifetimeAsync(journey, Steps.LinkForm(page), "the manual-link form");
    }

    [Test]
    public async Task Rregion3_PasswordFallbackAfterItsLifetime_Expired()
    {
        var (journey, page) = await Steps.PasswordFallbackAsync();
        using var _ = journey;
        await AfterLifetimeAsync(journey, Steps.PasswordForm(page), "the password fallback form");
    }

    [Test]
    public async Task Rconsent6_ParentContinueAfterItsLifetime_Expired()
    {
        var (journey, page) = await Steps.NoticeAsync();
        using var _ = journey;
        await AfterLifetimeAsync(journey, StepForm.Of(page, Steps.Parent, Steps.Continue), "the parent's «Продолжить»");
    }

    [Test]
    public async Task Rconsent1_DataConsentAfterItsLifetime_Expired()
    {
        var (journey, page) = await Steps.DataConsentAsync();
        using var _ = journey;
        await AfterLifetimeAsync(journey, StepForm.Of(page, Steps.DataConsent, Steps.Accept), "the data consent form");
    }

    [Test]
    public async Task Rregion2_RegionListAfterItsLifetime_Expired()
    {
        var (journey, page) = await Steps.RegionListAsync();
        using var _ = journey;
        await AfterLifetimeAsync(journey, StepForm.Of(page, Steps.Region, Steps.Region55), "the region list");
    }

    private async Task AfterLifetimeAsync(Journey journey, StepForm form, string what)
    {
        AdvanceClock(Later);
        var mark = await Ledger.MarkAsync(Slice);
        var stopAtClient = journey.Browser.StopBefore!;
        journey.Browser.StopBefore = u => stopAtClient(u) || u.ToString().StartsWith(Slice.EmulatorUrl, StringComparison.Ordinal); // no step goes to ESIA

        var page = await form.PostAsync(journey.Browser);

        var written = await Ledger.SinceAsync(Slice, mark);
        using (Assert.EnterMultipleScope())
        {
            StepPages.AssertExpired(page, what + " posted 2 hours later");
            Assert.That(written, Is.EqualTo(new Ledger(0, 0, 0, 0, 0, 0)), what + " posted 2 hours later: nothing written");
        }
    }
}
