using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>
/// The family of the consent tests, as test-local diary rows of region 38 matching the emulator's personas: Морозов С. Н.
/// (parent-two-kids, ESIA kids child-10 and child-13) and Морозова Т. А. (second-parent, ESIA kids child-13 and
/// child-14-today) are diary parents of child-10 / child-13; child-17 and child-18 are students; the diary links
/// Петров И. С. (confirmed-adult, no kids in ESIA) to child-17 as well.
/// </summary>
internal static class ConsentSteps
{
    public const string Father = "d38-t-p1";
    public const string Mother = "d38-t-p2";
    public const string Child10 = "d38-t-c10";
    public const string Child13 = "d38-t-c13";
    public const string Child17 = "d38-t-c17";
    public const string Child18 = "d38-t-c18";

    public static async Task ImportFamilyAsync(SliceEnvironment slice)
    {
        var today = EsiaFlows.MoscowToday();
        const string school = "\"schools\":[{\"id\":\"38-s-001\",\"name\":\"МБОУ «СОШ № 1» г. Иркутска\"}],\"activated\":true";
        await EsiaFlows.ImportDirectoryRowsAsync(slice, "38",
            $$"""{"id":"{{Father}}","login":"t.morozov.sn","lastName":"Морозов","firstName":"Сергей","middleName":"Николаевич","birthDate":"1980-04-14","gender":"M","snils":"141-421-356 10","roles":["parent"],{{school}},"children":["{{Child10}}","{{Child13}}"]}""",
            $$"""{"id":"{{Mother}}","login":"t.morozova.ta","lastName":"Морозова","firstName":"Татьяна","middleName":"Александровна","birthDate":"1982-10-22","gender":"F","snils":"173-205-080 33","roles":["parent"],{{school}},"children":["{{Child13}}"]}""",
            $$"""{"id":"{{Child10}}","login":"t.morozov.as","lastName":"Морозов","firstName":"Артём","middleName":"Сергеевич","birthDate":"{{today.AddYears(-10).AddDays(-45):yyyy-MM-dd}}","gender":"M","snils":"223-606-797 60","roles":["student"],{{school}}}""",
            $$"""{"id":"{{Child13}}","login":"t.morozova.ps","lastName":"Морозова","firstName":"Полина","middleName":"Сергеевна","birthDate":"{{today.AddYears(-13).AddDays(-120):yyyy-MM-dd}}","gender":"F","snils":"244-948-974 27","roles":["student"],{{school}}}""",
            $$"""{"id":"{{Child17}}","login":"t.lebedeva.sa","lastName":"Лебедева","firstName":"София","middleName":"Андреевна","birthDate":"{{today.AddYears(-17).AddDays(-60):yyyy-MM-dd}}","gender":"F","snils":"360-555-127 63","roles":["student"],{{school}}}""",
            $$"""{"id":"{{Child18}}","login":"t.grigoriev.no","lastName":"Григорьев","firstName":"Никита","middleName":"Олегович","birthDate":"{{today.AddYears(-18).AddDays(-10):yyyy-MM-dd}}","gender":"M","snils":"387-298-334 46","roles":["student"],{{school}}}""",
            // Петров И. С. (confirmed-adult) as in deploy/dev, plus child-17 linked in the diary only (not in ESIA)
            $$"""{"id":"d38-1001","login":"petrov.is","lastName":"Петров","firstName":"Иван","middleName":"Сергеевич","birthDate":"1985-03-07","gender":"M","snils":"112-233-445 95","roles":["parent"],{{school}},"children":["d38-2001","{{Child17}}"]}""");
    }

    /// <summary>Signs in at the demo client as <paramref name="persona"/>: the page the browser ends on.</summary>
    public static async Task<Page> SignInAsync(BrowserClient browser, SliceEnvironment slice, string persona) =>
        await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(slice.DemoUrl + "/login"), persona);

    /// <summary>The diary account the demo client shows as signed in (its <c>sub</c> claim), or fails with the page.</summary>
    public static string SignedInAs(SliceEnvironment slice, Page home)
    {
        Assert.That(home.Url.ToString(), Does.StartWith(slice.DemoUrl), "expected the diary's home page, got " + home.Url + "\n" + home.Body);
        return home.Text("#claims tr[data-claim='sub'] td:last-child") ?? throw new AssertionException("no sub claim on " + home.Url);
    }

    /// <summary>The audit records of the person with this ESIA oid in region 38 (by the keyed hash; no personal data is stored).</summary>
    public static async Task<IReadOnlyList<IdentityBroker.Core.Stores.AuditRecord>> AuditOfAsync(SliceEnvironment slice, string oid)
    {
        var hasher = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IdentityBroker.Core.Privacy.PersonalDataHasher>(slice.BrokerServices);
        var audit = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IdentityBroker.Core.Stores.IAuditLog>(slice.BrokerServices);
        return await audit.FindByPersonAsync("38", new IdentityBroker.Core.Stores.PersonAuditKeys(null, null, hasher.HashEsiaSubject(oid)), DateTimeOffset.UtcNow.AddHours(-1), 100, CancellationToken.None);
    }

    /// <summary>The consent webhooks received so far, parsed, with their signature checked against the region's secret.</summary>
    public static IReadOnlyList<ReceivedWebhook> Webhooks(SliceEnvironment slice) =>
        slice.WebhookReceiver.Received.Select(r => ReceivedWebhook.Parse(r)).ToList();

    public static async Task<IReadOnlyList<ReceivedWebhook>> WaitForWebhooksAsync(SliceEnvironment slice, Func<ReceivedWebhook, bool> predicate, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (Webhooks(slice).Count(predicate) < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return Webhooks(slice).Where(predicate).ToList();
    }
}

/// <summary>A consent webhook as the region's receiver got it (docs/webhooks.md).</summary>
internal sealed record ReceivedWebhook(string Event, string Region, string? RequestId, string Child, string Parent, string IdempotencyKey, bool SignatureValid, string Body)
{
    public static ReceivedWebhook Parse(ReceivedRequest r)
    {
        using var doc = JsonDocument.Parse(r.Body);
        var root = doc.RootElement;
        var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SliceEnvironment.WebhookSecret), Encoding.UTF8.GetBytes(r.Body)));
        var signature = r.Headers.GetValueOrDefault("X-IdentityBroker-Signature") ?? "";
        return new ReceivedWebhook(
            root.GetProperty("event").GetString()!,
            root.GetProperty("region").GetString()!,
            root.TryGetProperty("request_id", out var req) && req.ValueKind == JsonValueKind.String ? req.GetString() : null,
            root.GetProperty("child_account_id").GetString()!,
            root.GetProperty("parent_account_id").GetString()!,
            r.Headers.GetValueOrDefault("Idempotency-Key") ?? "",
            CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(signature)),
            r.Body);
    }
}
