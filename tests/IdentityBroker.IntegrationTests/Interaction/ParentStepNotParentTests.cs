using System.Net;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Consent;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// R-CONSENT-6 on the parent's step of a sign-in (issue #12 behaviour fix): a grant for a child ESIA does not list as this
/// person's is refused and audited, nothing is granted, and the parent's page comes back with the reason and a fresh
/// form, so the sign-in can still go on (before the step model it was a page without a way on).
/// </summary>
[CancelAfter(240_000)]
public sealed class ParentStepNotParentTests : InteractionTest
{
    [Test]
    public async Task Rconsent6_GrantForAChildNotHisInEsia_RefusedOnTheParentsPage_SignInGoesOn()
    {
        using (var child = new Journey(OidcTestClient.Public(Slice)))
        {
            var refused = await child.ThroughEsiaAsync("child-10"); // a pending request, so the father stops at the parent's step
            Assert.That(refused.Text("#error-code"), Is.EqualTo("consent_required"), StepForm.Describe(refused));
        }

        using var father = new Journey(OidcTestClient.Public(Slice));
        var requests = await father.ThroughEsiaAsync("parent-two-kids"); // Морозов С. Н.: child-10 and child-13 in ESIA, not child-17
        var hidden = StepForm.HiddenNames(requests, Steps.Parent);
        Assert.That(hidden, Does.Contain("child"), "each request's form names its child in a hidden field");
        var forged = StepForm.Of(requests, Steps.Parent, $"button[value='grant'][data-child='{ConsentSteps.Child10}']")
            .WithHidden(v => v == ConsentSteps.Child10 ? ConsentSteps.Child17 : v, new HashSet<string> { "child" });

        var page = await forged.PostAsync(father.Browser);

        Assert.That(page.Status, Is.EqualTo(HttpStatusCode.Forbidden), StepForm.Describe(page));
        Assert.That(page.Body, Does.Contain("по данным Госуслуг он не привязан к вашей учётной записи"));
        Assert.That(await Slice.BrokerServices.GetRequiredService<IParentalConsentStore>().FindActiveAsync("38", ConsentSteps.Child17, CancellationToken.None), Is.Null);
        var done = await StepForm.Of(page, Steps.Parent, Steps.Continue).PostAsync(father.Browser);
        Assert.That(await father.RedeemAsync(done), Is.EqualTo(ConsentSteps.Father), "«Продолжить» on the page shown with the reason finishes the sign-in");
    }
}
