using System.Net;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// Issue #12 item 1, the single use is atomic (<c>UPDATE … WHERE step = @expected</c>): the same step form posted 10 times at
/// once from the right browser gives exactly ONE success — one redirect to the client with one code (one code and one
/// session in the database) — and the expired page for the other nine. The person has given data consent before
/// (<see cref="Steps.EnsureDataConsentAsync"/>), so a success is the redirect to the client itself.
/// </summary>
[CancelAfter(240_000)]
public sealed class ConcurrentStepTests : InteractionTest
{
    private const int Posts = 10;

    /// <summary>R-MATCH-5. Passes on main today (the replay cache's insert-if-absent).</summary>
    [Test]
    public async Task Rmatch5_ChooserPostedTenTimesAtOnce_OneCode()
    {
        await Steps.EnsureDataConsentAsync(Steps.Choose);
        var (journey, page) = await Steps.ChooserAsync();
        using var _ = journey;
        await OneSuccessAsync(journey, StepForm.Of(page, Steps.Choose, Steps.ChooseA), "d38-1006a", "the account chooser");
    }

    /// <summary>R-MATCH-6. Fails on main today: every post checks the password and signs in (one code each).</summary>
    [Test]
    public async Task Rmatch6_ManualLinkPostedTenTimesAtOnce_OneCode()
    {
        await Steps.EnsureDataConsentAsync(Steps.Link);
        var (journey, page) = await Steps.ManualLinkAsync();
        using var _ = journey;
        await OneSuccessAsync(journey, Steps.LinkForm(page), InteractionSlice.ManualLinkAccount, "the manual-link form");
    }

    /// <summary>R-REGION-3. Fails on main today: every post checks the password and signs in (one code each).</summary>
    [Test]
    public async Task Rregion3_PasswordFallbackPostedTenTimesAtOnce_OneCode()
    {
        await Steps.EnsureDataConsentAsync(Steps.Password);
        var (journey, page) = await Steps.PasswordFallbackAsync();
        using var _ = journey;
        await OneSuccessAsync(journey, Steps.PasswordForm(page), InteractionSlice.FallbackAccount, "the password fallback form");
    }

    /// <summary>R-CONSENT-6. Fails on main today: every «Продолжить» finishes the sign-in (one code each).</summary>
    [Test]
    public async Task Rconsent6_ParentContinuePostedTenTimesAtOnce_OneCode()
    {
        await Steps.EnsureDataConsentAsync(Steps.Parent);
        var (journey, page) = await Steps.NoticeAsync();
        using var _ = journey;
        await OneSuccessAsync(journey, StepForm.Of(page, Steps.Parent, Steps.Continue), InteractionSlice.NoticeAccount, "the parent's «Продолжить»");
    }

    /// <summary>R-CONSENT-1. Passes on main today (the replay cache's insert-if-absent).</summary>
    [Test]
    public async Task Rconsent1_DataConsentAcceptPostedTenTimesAtOnce_OneCodeOneConsent()
    {
        var (journey, page) = await Steps.DataConsentAsync();
        using var _ = journey;
        var written = await OneSuccessAsync(journey, StepForm.Of(page, Steps.DataConsent, Steps.Accept), "d38-1001", "the data consent form");
        Assert.That(written.DataConsents, Is.EqualTo(1), "one consent recorded");
    }

    /// <summary>
    /// R-CONSENT-3 (way 1), the parent's grant posted 10 times at once: one answer is the parent's page again, the others
    /// the expired page; one consent and one audit record of it. Fails on main today: every post acts and answers with the
    /// parent's page (the step state is reusable); the consent store's idempotence is what keeps the records to one today.
    /// </summary>
    [Test]
    public async Task Rconsent3_ParentsGrantPostedTenTimesAtOnce_OneConsentOneAudit()
    {
        using (var child = new Journey(OidcTestClient.Public(Slice)))
        {
            var refused = await child.ThroughEsiaAsync("child-13"); // R-CONSENT-2: a pending request for both parents
            Assert.That(refused.Text("#error-code"), Is.EqualTo("consent_required"), StepForm.Describe(refused));
        }

        using var mother = new Journey(OidcTestClient.Public(Slice));
        var requests = await mother.ThroughEsiaAsync("second-parent");
        var grant = StepForm.Of(requests, Steps.Parent, $"button[value='grant'][data-child='{Consent.ConsentSteps.Child13}']");
        var mark = await Ledger.MarkAsync(Slice);

        var answers = await grant.PostInParallelAsync(mother.Browser, Posts);

        var written = await Ledger.SinceAsync(Slice, mark);
        Assert.That((written.ParentalConsents, written.Decisions), Is.EqualTo((1L, 1L)), "one consent, one audit record of the grant — " + string.Join(", ", answers));
        AssertOneSuccess(answers, a => a.Status == HttpStatusCode.OK && a.Page.Document.QuerySelector($"form[action='{Steps.Parent}']") is not null, "the parent's grant");
    }

    /// <summary>R-REGION-2. Fails on main today: every post sends the browser to ESIA again.</summary>
    [Test]
    public async Task Rregion2_RegionListPostedTenTimesAtOnce_OneTripToEsia()
    {
        var (journey, list) = await Steps.RegionListAsync();
        using var _ = journey;

        var answers = await StepForm.Of(list, Steps.Region, Steps.Region55).PostInParallelAsync(journey.Browser, Posts);

        AssertOneSuccess(answers, a => a.Location?.ToString().StartsWith(Slice.EmulatorUrl, StringComparison.Ordinal) == true, "the region list");
    }

    private static async Task<Ledger> OneSuccessAsync(Journey journey, StepForm form, string subject, string what)
    {
        var mark = await Ledger.MarkAsync(Slice);

        var answers = await form.PostInParallelAsync(journey.Browser, Posts);

        var written = await Ledger.SinceAsync(Slice, mark);
        var success = AssertOneSuccess(answers, a => a.Location?.ToString().StartsWith(journey.Client.RedirectUri, StringComparison.Ordinal) == true, what);
        Assert.That((written.Codes, written.Sessions), Is.EqualTo((1L, 1L)), what + ": one code and one session in the database");
        var page = new Page(success.Location!, success.Status, "", new Dictionary<string, string>());
        Assert.That(await journey.RedeemAsync(page), Is.EqualTo(subject));
        return written;
    }

    private static StepForm.Answer AssertOneSuccess(IReadOnlyList<StepForm.Answer> answers, Func<StepForm.Answer, bool> isSuccess, string what)
    {
        var summary = what + " posted " + Posts + " times at once: " + string.Join(", ", answers);
        Assert.That(answers.Select(a => (int)a.Status), Has.All.LessThan(500), summary);
        var successes = answers.Where(isSuccess).ToList();
        Assert.That(successes, Has.Count.EqualTo(1), "exactly one success — " + summary);
        foreach (var other in answers.Where(a => !isSuccess(a)))
        {
            Assert.That(other.Status, Is.EqualTo(HttpStatusCode.BadRequest), "the others: the expired page — " + summary);
            Assert.That(other.Page.Text("h1"), Does.Contain("устарел"), "the others: the expired page — " + summary);
        }

        return successes[0];
    }
}
