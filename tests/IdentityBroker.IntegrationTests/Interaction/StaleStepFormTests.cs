namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// Issue #12 item 1: a wrong diary password re-shows the form (R-MATCH-6 manual linking, R-REGION-3 password fallback); the
/// re-shown form is the step's current form and works, while the FIRST form — rendered before the wrong password — is a
/// stale step once the form was re-shown: posting it (even with the right password) is the expired page and checks nothing.
/// Both FAIL on main today: the re-shown form carries the very same protected state as the first one
/// (ManualLinkEndpoint/PasswordFallbackEndpoint re-render <c>form.Pending</c>), and that state is reusable until it expires.
/// </summary>
[CancelAfter(240_000)]
public sealed class StaleStepFormTests : InteractionTest
{
    [Test]
    public async Task Rmatch6_WrongPasswordReshowsForm_FirstFormIsStale_ReshownFormLinks()
    {
        var (journey, first) = await Steps.ManualLinkAsync();
        using var _ = journey;
        await WrongThenStaleThenRightAsync(journey, Steps.Link, p => Steps.LinkForm(first, p), p => Steps.LinkForm(p), InteractionSlice.ManualLinkAccount);
    }

    [Test]
    public async Task Rregion3_WrongPasswordReshowsForm_FirstFormIsStale_ReshownFormSignsIn()
    {
        var (journey, first) = await Steps.PasswordFallbackAsync();
        using var _ = journey;
        await WrongThenStaleThenRightAsync(journey, Steps.Password, p => Steps.PasswordForm(first, p), p => Steps.PasswordForm(p), InteractionSlice.FallbackAccount);
    }

    private static async Task WrongThenStaleThenRightAsync(
        Journey journey, string action, Func<string, StepForm> firstForm, Func<Infrastructure.Page, StepForm> rightForm, string subject)
    {
        var wrong = await firstForm("not-the-password").PostAsync(journey.Browser);
        Assert.That((int)wrong.Status, Is.InRange(400, 499), "a wrong password is not a success: " + StepForm.Describe(wrong));
        Assert.That(journey.AtClient(wrong), Is.False);
        StepForm.Of(wrong, action); // the form is shown again
        var mark = await Ledger.MarkAsync(Slice);

        var stale = await firstForm(action == Steps.Link ? InteractionSlice.ManualLinkPassword : InteractionSlice.FallbackPassword).PostAsync(journey.Browser);

        var afterStale = await Ledger.SinceAsync(Slice, mark);
        using (Assert.EnterMultipleScope())
        {
            StepPages.AssertExpired(stale, "the first form, posted after the form was shown again");
            Assert.That(afterStale, Is.EqualTo(new Ledger(0, 0, 0, 0, 0, 0)), "the stale form checks and writes nothing");
        }

        var done = await rightForm(wrong).PostAsync(journey.Browser);
        Assert.That(await journey.RedeemAsync(done), Is.EqualTo(subject), "the re-shown form works");
    }
}
