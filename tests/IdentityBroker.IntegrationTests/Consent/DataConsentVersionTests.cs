using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Flows;
using IdentityBroker.IntegrationTests.Infrastructure;
using static IdentityBroker.IntegrationTests.Consent.DataConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// R-CONSENT-1: an operator publishes a new version of the consent text by configuration
/// (<c>IdentityBroker:DataConsent:Version</c> / <c>PublishedOn</c>); a person who consented to the earlier version is asked
/// again at their next sign-in, and their consent moves to the new version (one active consent).
/// </summary>
[CancelAfter(120_000)]
public sealed class DataConsentVersionTests : SliceFixture
{
    protected override IReadOnlyDictionary<string, string?> BrokerSettings => new Dictionary<string, string?>
    {
        ["IdentityBroker:DataConsent:Version"] = "2027-01",
        ["IdentityBroker:DataConsent:PublishedOn"] = "2027-01-15",
        ["IdentityBroker:DataConsent:Operator"] = "Министерство образования Иркутской области",
    };

    [Test]
    public async Task Rconsent1_NewVersionByConfiguration_AsksAgainAndRecordsTheNewVersion()
    {
        var mark = await ForgetAsync(Slice, ConfirmedAdultOid);
        // The person consented to the built-in version 1 before the operator published 2027-01.
        await ConsentStore(Slice).GrantAsync(SliceEnvironment.RegionCode, SubjectHash(Slice, ConfirmedAdultOid), "1", SliceEnvironment.DemoClientId,
            DateTimeOffset.UtcNow.AddDays(-30), CancellationToken.None);
                using var browser = StoppingBrowser();

        var page = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "confirmed-adult");

        Assert.That(IsConsentPage(page), Is.True, page.Body);
        Assert.That(page.Text("#data-consent-version"), Is.EqualTo("Версия 2027-01 от 15.01.2027"));
        Assert.That(page.Document.QuerySelector("#data-consent-new-version"), Is.Not.Null, "the person is told the text changed");
        Assert.That(page.Text("#data-consent-operator"), Is.EqualTo("Министерство образования Иркутской области"));

        var home = await browser.SubmitAsync(page, AcceptButton);

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1001"));
        var active = await ActiveAsync(Slice, ConfirmedAdultOid);
        Assert.That(active?.TextVersion, Is.EqualTo("2027-01"));
        Assert.That(active!.GrantedAt, Is.EqualTo(DateTimeOffset.UtcNow).Within(TimeSpan.FromMinutes(1)), "a new record, not the old one");
        var audit = await AuditAsync(Slice, ConfirmedAdultOid, AuditEventTypes.DataConsent, mark);
        Assert.That(audit.Select(a => a.Detail), Is.EqualTo(new[] { "version=2027-01" }));

        var account = await browser.GetAsync(Slice.BrokerUrl + "/account");
        Assert.That(account.Text("#account-consent-version"), Is.EqualTo("2027-01"));
        Assert.That(account.Document.QuerySelector("#account-consent-outdated"), Is.Null);
    }

    [Test]
    public async Task Rconsent1_ConsentToCurrentVersion_NotAskedAgain()
    {
        await ForgetAsync(Slice, SeveralAccountsOid);
        await ConsentStore(Slice).GrantAsync(SliceEnvironment.RegionCode, SubjectHash(Slice, SeveralAccountsOid), "2027-01", SliceEnvironment.DemoClientId,
            DateTimeOffset.UtcNow.AddDays(-1), CancellationToken.None);
        using var browser = StoppingBrowser();

        var chooser = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(Slice.DemoUrl + "/login"), "several-accounts");
        var home = await browser.SubmitAsync(chooser, "button[data-account='d38-1006a']");

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1006a"), home.Body);
    }
}
