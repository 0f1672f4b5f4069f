using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static IdentityBroker.IntegrationTests.Consent.ConsentSteps;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// The edges of parental consent through the emulator: 18 needs none (R-CONSENT-2), child_not_linked_esia on positive
/// evidence only (R-CONSENT-6), the no_children_linked notice with «Продолжить» (R-CONSENT-6), and webhook delivery to a
/// receiver that is down, then up: nothing lost, nothing duplicated (issue #6 "Delivery").
/// </summary>
[CancelAfter(180_000)]
public sealed class ParentalConsentEdgeTests
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
    public async Task Adult18_Rconsent2_SignsInWithoutConsentOrRequest()
    {
        using var browser = new BrowserClient();

        Assert.That(SignedInAs(_slice, await SignInAsync(browser, _slice, "child-18")), Is.EqualTo(Child18));
        Assert.That(await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().FindPendingAsync("38", [Child18], CancellationToken.None), Is.Empty);
    }

    [Test]
    public async Task Student17_Rconsent6_ChildNotLinkedEsiaOnlyOnceADiaryParentSignedInWithoutHerInEsia()
    {
        // no diary parent of child-17 has ever signed in through ESIA: the broker cannot know, so it asks for consent
        using (var first = new BrowserClient())
        {
            var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, await SignInAsync(first, _slice, "child-17"));
            Assert.That((reason, audit.RuleId), Is.EqualTo(("consent_required", "R-CONSENT-2")));
        }

        // her diary parent Петров И. С. signs in through ESIA, and ESIA lists no child of his
        using (var parent = new BrowserClient())
        {
            Assert.That(SignedInAs(_slice, await SignInAsync(parent, _slice, "confirmed-adult")), Is.EqualTo("d38-1001"));
        }

        using var again = new BrowserClient();
        var (shown, record, page) = await EsiaFlows.RefusalAsync(_slice, await SignInAsync(again, _slice, "child-17"));
        Assert.That((shown, record.RuleId), Is.EqualTo(("child_not_linked_esia", "R-CONSENT-6")));
        Assert.That(page.Text("#remedy"), Does.Contain("«Семья и дети»"));
    }

    [Test]
    public async Task ParentWithoutChildrenInDiary_Rconsent6_NoticeThenContinueSignsIn()
    {
        using var browser = new BrowserClient();
        browser.AutoContinue.Remove("#notice-continue");

        var notice = await SignInAsync(browser, _slice, "standard-adult"); // d38-1002: a parent account with no child in the diary
        Assert.That(notice.Text("#notice-code"), Is.EqualTo("no_children_linked"), notice.Body);
        Assert.That(notice.Text("#remedy"), Does.Contain("попросите школу связать профили").IgnoreCase);

        Assert.That(SignedInAs(_slice, await browser.SubmitAsync(notice, "#notice-continue")), Is.EqualTo("d38-1002"));
        var hasher = _slice.BrokerServices.GetRequiredService<PersonalDataHasher>();
        var records = await _slice.BrokerServices.GetRequiredService<IAuditLog>().FindByPersonAsync(
            "38", new PersonAuditKeys(null, null, hasher.HashEsiaSubject("1000000002")), DateTimeOffset.UtcNow.AddHours(-1), 20, CancellationToken.None);
        Assert.That(records.Where(r => r.EventType == AuditEventTypes.SignIn).Select(r => r.Outcome), Is.EquivalentTo(new[] { "success", "no_children_linked" }));
    }

    [Test]
    public async Task Webhooks_ReceiverDownThenUp_NothingLostNothingDuplicated()
    {
        _slice.WebhookReceiver.IsDown = true;
        try
        {
            using var child = new BrowserClient();
            Assert.That((await EsiaFlows.RefusalAsync(_slice, await SignInAsync(child, _slice, "child-10"))).Reason, Is.EqualTo("consent_required"));

            // the dispatcher has tried and failed at least twice (durable backoff in the outbox row), and nothing arrived
            var attempts = 0;
            for (var deadline = DateTime.UtcNow.AddSeconds(30); attempts < 2 && DateTime.UtcNow < deadline; await Task.Delay(100))
            {
                attempts = await WebhookAttemptsAsync(Child10);
            }

            Assert.That(attempts, Is.GreaterThanOrEqualTo(2), "retried while the receiver was down");
            Assert.That(Webhooks(_slice).Where(w => w.Child == Child10), Is.Empty);
        }
        finally
        {
            _slice.WebhookReceiver.IsDown = false;
        }

        var delivered = await WaitForWebhooksAsync(_slice, w => w.Child == Child10, 1);
        Assert.That(delivered.Select(w => (w.Event, w.Parent)), Is.EqualTo(new[] { ("consent.requested", Father) }));
        Assert.That(delivered[0].SignatureValid, Is.True);

        // once delivered it is never sent again, and a second refusal does not create another request
        using (var again = new BrowserClient())
        {
            Assert.That((await EsiaFlows.RefusalAsync(_slice, await SignInAsync(again, _slice, "child-10"))).Reason, Is.EqualTo("consent_required"));
        }

        Assert.That(await WebhookDeliveredAsync(delivered[0].IdempotencyKey), Is.True);
        Assert.That(Webhooks(_slice).Count(w => w.IdempotencyKey == delivered[0].IdempotencyKey), Is.EqualTo(1));
        Assert.That(Webhooks(_slice).Count(w => w.Child == Child10), Is.EqualTo(1));
    }

    private async Task<int> WebhookAttemptsAsync(string child)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT coalesce(max(attempts), 0) FROM broker.outbox_messages WHERE kind = 'webhook' AND payload LIKE @child", connection);
        command.Parameters.AddWithValue("child", "%\"child_account_id\":\"" + child + "\"%");
        return Convert.ToInt32(await command.ExecuteScalarAsync());
    }

    private async Task<bool> WebhookDeliveredAsync(string idempotencyKey)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT delivered_at IS NOT NULL FROM broker.outbox_messages WHERE idempotency_key = @key", connection);
        command.Parameters.AddWithValue("key", idempotencyKey);
        return await command.ExecuteScalarAsync() is true;
    }
}
