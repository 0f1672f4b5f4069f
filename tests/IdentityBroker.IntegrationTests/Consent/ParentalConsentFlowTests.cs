using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static IdentityBroker.IntegrationTests.Consent.ConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// Seed 003 "Способ 1" end to end through the emulator (R-CONSENT-2, R-CONSENT-3, R-CONSENT-5, R-CONSENT-6): the child is
/// refused, the request reaches the diary parents by a signed webhook, a parent signs in through ESIA, sees the request,
/// grants, and the child signs in.
/// </summary>
[CancelAfter(180_000)]
public sealed class ParentalConsentFlowTests
{
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync();
        await ImportFamilyAsync(_slice);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task Way1_Rconsent3_ChildRefused_WebhookToParent_ParentGrantsOnRequestsPage_ChildSignsIn()
    {
        using var child = new BrowserClient();
        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, await SignInAsync(child, _slice, "child-10"));
        Assert.That((reason, audit.RuleId), Is.EqualTo(("consent_required", "R-CONSENT-2")));

        var requested = await WaitForWebhooksAsync(_slice, w => w.Child == Child10 && w.Event == "consent.requested", 1);
        Assert.That(requested.Select(w => w.Parent), Is.EqualTo(new[] { Father }), "addressed to the parent the diary links to the child");
        Assert.That(requested[0].SignatureValid, Is.True, "HMAC-SHA256 over the body with the region's secret");
        Assert.That(requested[0].Region, Is.EqualTo("38"));
        var pending = await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().FindPendingAsync("38", [Child10], CancellationToken.None);
        Assert.That(requested[0].RequestId, Is.EqualTo(pending.Single().Id.ToString()), "the webhook names the request it announces");
        Assert.That(requested[0].IdempotencyKey, Has.Length.GreaterThanOrEqualTo(32));
        Assert.That(requested[0].Body, Does.Not.Contain("Артём").And.Not.Contain("22360679760").And.Not.Contain("223-606-797"), "ids only, no personal data");

        // a second refusal reuses the pending request: no second webhook
        using (var again = new BrowserClient())
        {
            Assert.That((await EsiaFlows.RefusalAsync(_slice, await SignInAsync(again, _slice, "child-10"))).Reason, Is.EqualTo("consent_required"));
        }

        using var parent = new BrowserClient();
        var requests = await SignInAsync(parent, _slice, "parent-two-kids");
        Assert.That(requests.Document.QuerySelectorAll("#requests li").Select(li => li.GetAttribute("data-child")), Is.EqualTo(new[] { Child10 }), requests.Body);

        var granted = await parent.SubmitAsync(requests, $"button[value='grant'][data-child='{Child10}']");
        Assert.That(granted.Text("#status"), Does.StartWith("Согласие дано"));
        Assert.That(granted.Document.QuerySelector("#requests"), Is.Null, "no request left");
        Assert.That(SignedInAs(_slice, await parent.SubmitAsync(granted, "#requests-continue")), Is.EqualTo(Father), "«Продолжить» goes on to the diary");

        using var childAgain = new BrowserClient();
        Assert.That(SignedInAs(_slice, await SignInAsync(childAgain, _slice, "child-10")), Is.EqualTo(Child10));
        Assert.That(Webhooks(_slice).Count(w => w.Child == Child10 && w.Event == "consent.requested"), Is.EqualTo(1), "one request per child, deduplicated");
        var consent = await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().FindActiveAsync("38", Child10, CancellationToken.None);
        Assert.That(consent!.GrantedByAccountId, Is.EqualTo(Father));
        var decision = (await AuditOfAsync(_slice, "1000000010")).Single(r => r.EventType == AuditEventTypes.ParentalConsent);
        Assert.That((decision.Outcome, decision.RuleId, decision.DiaryAccountId), Is.EqualTo(("granted", "R-CONSENT-2", Child10)), "the decision is audited");
    }

    [Test]
    public async Task BothParents_Rconsent5_RequestReachesBoth_SecondParentGrants_FirstIsNotified()
    {
        using var child = new BrowserClient();
        Assert.That((await EsiaFlows.RefusalAsync(_slice, await SignInAsync(child, _slice, "child-13"))).Reason, Is.EqualTo("consent_required"));
        var requested = await WaitForWebhooksAsync(_slice, w => w.Child == Child13 && w.Event == "consent.requested", 2);
        Assert.That(requested.Select(w => w.Parent), Is.EquivalentTo(new[] { Father, Mother }), "every parent the diary links to the child");
        Assert.That(requested.Select(w => w.IdempotencyKey).Distinct().Count(), Is.EqualTo(2));

        using var mother = new BrowserClient();
        var requests = await SignInAsync(mother, _slice, "second-parent");
        var granted = await mother.SubmitAsync(requests, $"button[value='grant'][data-child='{Child13}']");
        Assert.That(SignedInAs(_slice, await mother.SubmitAsync(granted, "#requests-continue")), Is.EqualTo(Mother));

        var notified = await WaitForWebhooksAsync(_slice, w => w.Child == Child13 && w.Event == "consent.granted", 1);
        Assert.That(notified.Select(w => w.Parent), Is.EqualTo(new[] { Father }), "the other parent is told; the granting one is not");
        Assert.That(notified[0].RequestId, Is.Not.Null, "the request the grant closed");
        Assert.That(notified[0].SignatureValid, Is.True);

        using var childAgain = new BrowserClient();
        Assert.That(SignedInAs(_slice, await SignInAsync(childAgain, _slice, "child-13")), Is.EqualTo(Child13));

        // the first parent now sees no request for the child any more: straight to the diary
        using var father = new BrowserClient();
        father.AutoContinue.Add("#requests-continue"); // child-10's request of the other test may still be pending
        Assert.That(SignedInAs(_slice, await SignInAsync(father, _slice, "parent-two-kids")), Is.EqualTo(Father));
    }
}
