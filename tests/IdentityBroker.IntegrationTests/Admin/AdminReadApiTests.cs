using System.Net;
using System.Text.Json;
using IdentityBroker.IntegrationTests.DirectorySync;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Admin;

/// <summary>
/// The admin read API (issue #13, docs/admin-api.md) over HTTP: a region's operations client sees its region with the ESIA
/// state (the last error kind after a failed ESIA call), its clients without secrets, the signing keys' public parts and
/// schedule (the JWKS keys), and the outbox backlog; another region, another scope and no token are refused.
/// </summary>
[CancelAfter(180_000)]
public sealed class AdminReadApiTests
{
    private SliceEnvironment _slice = null!;
    private DirectorySyncClient _admin = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions { SecondRegion = true, DirectoryClients = true });
        _admin = new DirectorySyncClient(_slice, EsiaSliceOptions.AdminClientId38, scope: "admin");
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task Region_EsiaStateFollowsAFailedCall_ClientsWithoutSecrets()
    {
        var before = await _admin.GetAsync("/admin/regions/38");
        Assert.That(before.Status, Is.EqualTo(HttpStatusCode.OK), before.Text);
        var state = before.Json.GetProperty("esia").GetProperty("state");
        Assert.That(state.GetProperty("circuitBreaker").GetString(), Is.EqualTo("closed"));

        using (var emulator = new EmulatorControl(_slice))
        {
            await emulator.SetFaultsAsync(new { badTokenSignature = true });
            try
            {
                using var browser = new BrowserClient();
                var page = await browser.GetAsync(await EsiaFlows.UpToCallbackAsync(browser, _slice, "confirmed-adult"));
                Assert.That(page.Text("#error-code"), Is.EqualTo("service_misconfigured"), page.Body);
            }
            finally
            {
                await emulator.ResetAsync();
            }
        }

        var after = await _admin.GetAsync("/admin/regions/38");
        var esia = after.Json.GetProperty("esia");
        Assert.That((esia.GetProperty("clientId").GetString(), esia.GetProperty("state").GetProperty("lastErrorKind").GetString()), Is.EqualTo((SliceEnvironment.EsiaClientId, "invalid_response")));
        var clients = after.Json.GetProperty("clients").EnumerateArray().ToList();
        var demo = clients.Single(c => c.GetProperty("clientId").GetString() == SliceEnvironment.DemoClientId);
        Assert.That((demo.GetProperty("type").GetString(), demo.GetProperty("secrets").GetInt32()), Is.EqualTo(("confidential", 1)));
        Assert.That(after.Text, Does.Not.Contain("secretSha256").And.Not.Contain("SecretHashes").And.Not.Contain("keyPath"), "no secrets, hashes or key paths");
        var demoHash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(SliceEnvironment.DemoClientSecret)));
        Assert.That(after.Text, Does.Not.Contain(demoHash));
    }

    [Test]
    public async Task SigningKeys_PublicPartsAndSchedule_TheJwksKeys_NoPrivatePart()
    {
        var answer = await _admin.GetAsync("/admin/signing-keys");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        var keys = answer.Json.GetProperty("keys").EnumerateArray().ToList();
        Assert.That(keys.Select(k => k.GetProperty("state").GetString()), Does.Contain("signing"));
        using var http = new HttpClient();
        var jwks = JsonDocument.Parse(await http.GetStringAsync(_slice.BrokerUrl + "/.well-known/jwks.json")).RootElement;
        Assert.That(keys.Select(k => k.GetProperty("kid").GetString()), Is.EquivalentTo(jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString())));
        Assert.That(keys.Select(k => k.GetProperty("publicJwk").TryGetProperty("d", out _)), Is.All.False, "no private exponent");
        Assert.That(keys.All(k => k.GetProperty("activatesAt").GetDateTimeOffset() < k.GetProperty("retiresAt").GetDateTimeOffset()), Is.True);
    }

    [Test]
    public async Task Outbox_BacklogPerKind()
    {
        var answer = await _admin.GetAsync("/admin/outbox");

        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        foreach (var kind in answer.Json.GetProperty("kinds").EnumerateArray())
        {
            Assert.That(kind.GetProperty("pending").GetInt64(), Is.GreaterThanOrEqualTo(kind.GetProperty("due").GetInt64()));
        }
    }

    [Test]
    public async Task OtherRegion_OtherScope_NoToken_Refused()
    {
        Assert.That((await _admin.GetAsync("/admin/regions/55")).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        var own55 = await new DirectorySyncClient(_slice, EsiaSliceOptions.AdminClientId55, scope: "admin").GetAsync("/admin/regions/55");
        Assert.That((own55.Status, own55.Json.GetProperty("name").GetString()), Is.EqualTo((HttpStatusCode.OK, "Омская область")));

        var directoryToken = await new DirectorySyncClient(_slice).GetAsync("/admin/signing-keys");
        Assert.That(directoryToken.Status, Is.EqualTo(HttpStatusCode.Forbidden), "the directory scope is not the admin scope");
        var none = await _admin.SendAsync(HttpMethod.Get, "/admin/outbox", null, authorize: false);
        Assert.That(none.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }
}
