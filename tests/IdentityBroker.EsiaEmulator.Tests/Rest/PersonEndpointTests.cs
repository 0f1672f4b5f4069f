using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Tests.Infrastructure;

namespace IdentityBroker.EsiaEmulator.Tests.Rest;

public sealed class PersonEndpointTests : EmulatorFixture
{
    [Test]
    public async Task Person_WithoutToken_Returns401()
    {
        using var response = await Browser.Http.GetAsync("/rs/prns/1000000001");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Person_TokenOfAnotherOid_Returns401()
    {
        var token = await AccessTokenAsync("standard-adult", "openid fullname");

        var (status, _) = await GetAsync("/rs/prns/1000000001", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Person_TamperedToken_Returns401()
    {
        var token = await AccessTokenAsync("confirmed-adult", "openid fullname");
        var parts = token.Split('.');
        var payload = JsonNode.Parse(JwtParts.FromBase64Url(parts[1]))!.AsObject();
        payload["scope"] = "fullname?oid=1000000001 snils?oid=1000000001";
        var forged = parts[0] + "." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString()))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_') + "." + parts[2];

        var (status, _) = await GetAsync("/rs/prns/1000000001", forged);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Person_ExpiredToken_Returns401()
    {
        var token = await AccessTokenAsync("confirmed-adult", "openid fullname");
        Host.Clock.Advance(TimeSpan.FromSeconds(3601));

        var (status, _) = await GetAsync("/rs/prns/1000000001", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task Person_OnlyOpenIdScope_Returns403()
    {
        var token = await AccessTokenAsync("confirmed-adult", "openid");

        var (status, _) = await GetAsync("/rs/prns/1000000001", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Person_ConfirmedWithScopes_ReturnsEsiaFields()
    {
        var token = await AccessTokenAsync("confirmed-adult", EsiaRequests.DefaultScope);

        var (status, body) = await GetAsync("/rs/prns/1000000001", token);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)body["lastName"], Is.EqualTo("Петров"));
            Assert.That((string?)body["firstName"], Is.EqualTo("Иван"));
            Assert.That((string?)body["middleName"], Is.EqualTo("Сергеевич"));
            Assert.That((string?)body["birthDate"], Is.EqualTo("07.03.1985"));
            Assert.That((string?)body["gender"], Is.EqualTo("M"));
            Assert.That((bool)body["trusted"]!, Is.True);
            Assert.That((string?)body["snils"], Is.EqualTo("112-233-445 95"));
            Assert.That((string?)body["citizenship"], Is.EqualTo("RUS"));
            Assert.That((string?)body["status"], Is.EqualTo("REGISTERED"));
            Assert.That((long)body["rIdDoc"]!, Is.EqualTo(3571));
            Assert.That((string?)body["eTag"], Is.Not.Empty);
            Assert.That(body["stateFacts"]!.AsArray().Select(n => (string?)n), Does.Contain("EntityRoot"));
        });
    }

    [Test]
    public async Task Person_WithoutSnilsScope_OmitsSnils()
    {
        var token = await AccessTokenAsync("confirmed-adult", "openid fullname");

        var (_, body) = await GetAsync("/rs/prns/1000000001", token);

        Assert.Multiple(() =>
        {
            Assert.That(body.ContainsKey("snils"), Is.False);
            Assert.That(body.ContainsKey("birthDate"), Is.False);
            Assert.That((string?)body["lastName"], Is.EqualTo("Петров"));
        });
    }

    [Test]
    public async Task Person_SimplifiedAccount_HasNoSnilsDocumentsOrTrust()
    {
        var token = await AccessTokenAsync("simplified-adult", EsiaRequests.DefaultScope);

        var (_, body) = await GetAsync("/rs/prns/1000000003?embed=(documents.elements)", token);

        Assert.Multiple(() =>
        {
            Assert.That((bool)body["trusted"]!, Is.False);
            Assert.That(body.ContainsKey("snils"), Is.False);
            Assert.That(body.ContainsKey("rIdDoc"), Is.False);
            Assert.That((int)body["documents"]!["size"]!, Is.Zero);
        });
    }

    [Test]
    public async Task Person_EmbedDocuments_ReturnsVerifiedPassportOfStandardAccount()
    {
        var token = await AccessTokenAsync("standard-adult", EsiaRequests.DefaultScope);

        var (_, body) = await GetAsync("/rs/prns/1000000002?embed=(documents.elements)", token);
        var documents = body["documents"]!.AsObject();
        var passport = documents["elements"]![0]!.AsObject();

        Assert.Multiple(() =>
        {
            Assert.That((bool)body["trusted"]!, Is.False);
            Assert.That((string?)body["snils"], Is.EqualTo("123-456-789 64"));
            Assert.That(documents["stateFacts"]!.AsArray().Select(n => (string?)n), Does.Contain("hasSize"));
            Assert.That((int)documents["size"]!, Is.EqualTo(1));
            Assert.That((string?)passport["type"], Is.EqualTo("RF_PASSPORT"));
            Assert.That((string?)passport["vrfStu"], Is.EqualTo("VERIFIED"));
            Assert.That((string?)passport["series"], Is.EqualTo("2510"));
            Assert.That((string?)passport["number"], Is.EqualTo("654321"));
            Assert.That((string?)passport["issueDate"], Is.EqualTo("25.11.2010"));
            Assert.That((string?)passport["issuedBy"], Is.Not.Empty);
            Assert.That((long)passport["id"]!, Is.EqualTo((long)body["rIdDoc"]!));
        });
    }

    [Test]
    public async Task Documents_WithoutEmbed_ListAbsoluteElementUrlsThatResolve()
    {
        var token = await AccessTokenAsync("standard-adult", EsiaRequests.DefaultScope);

        var (_, collection) = await GetAsync("/rs/prns/1000000002/docs", token);
        var url = (string)collection["elements"]![0]!;
        var (status, document) = await GetAsync(url, token);

        Assert.Multiple(() =>
        {
            Assert.That(url, Is.EqualTo(Host.BaseUrl + "/rs/prns/1000000002/docs/3572"));
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((string?)document["type"], Is.EqualTo("RF_PASSPORT"));
        });
    }

    [Test]
    public async Task Documents_WithoutIdDocScope_Returns403()
    {
        var token = await AccessTokenAsync("standard-adult", "openid fullname");

        var (status, _) = await GetAsync("/rs/prns/1000000002/docs", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task Contacts_EmailAndMobileScopes_ReturnBothTypes()
    {
        var token = await AccessTokenAsync("confirmed-adult", "openid email mobile");

        var (_, body) = await GetAsync("/rs/prns/1000000001/ctts?embed=(elements)", token);

        Assert.That(body["elements"]!.AsArray().Select(e => (string?)e!["type"]), Is.EquivalentTo(new[] { "MBT", "EML" }));
    }

    [Test]
    public async Task Kids_ParentWithKidScopes_ReturnsBothChildrenWithRelativeBirthDates()
    {
        var token = await AccessTokenAsync("parent-two-kids", "openid fullname kid_fullname kid_birthdate kid_snils");

        var (status, body) = await GetAsync("/rs/prns/1000000010?embed=(kids.elements)", token);
        var kids = body["kids"]!["elements"]!.AsArray().Select(k => k!.AsObject()).ToList();
        var today = DateOnly.FromDateTime(Host.Clock.GetUtcNow().ToOffset(TimeSpan.FromHours(3)).DateTime);

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(kids.Select(k => (long)k["oid"]!), Is.EquivalentTo(new long[] { 1000000020, 1000000021 }));
            Assert.That(kids.Select(k => (string?)k["snils"]), Is.EquivalentTo(new[] { "223-606-797 60", "244-948-974 27" }));
            var artyom = kids.Single(k => (long)k["oid"]! == 1000000020);
            var born = DateOnly.ParseExact((string)artyom["birthDate"]!, "dd.MM.yyyy", CultureInfo.InvariantCulture);
            Assert.That(born, Is.EqualTo(today.AddYears(-10).AddDays(-45)));
        });
    }

    [Test]
    public async Task Kids_ChildAccountAndOlderChild_KidAccountOnlyForTheChildAccount()
    {
        var token = await AccessTokenAsync("second-parent", "openid fullname kid_fullname");

        var (_, body) = await GetAsync("/rs/prns/1000000011/kids?embed=(elements)", token);
        var kids = body["elements"]!.AsArray().Select(k => k!.AsObject()).ToDictionary(k => (long)k["oid"]!);

        Assert.That((long?)kids[1000000021]["kidAccount"]?["oid"], Is.EqualTo(1000000021), "child-13 has a child account (KD)");
        Assert.That(kids[1000000022].ContainsKey("kidAccount"), Is.False, "child-14-today has an account of their own, not a child account");
        Assert.That((bool)kids[1000000022]["hasAccount"]!, Is.True);
    }

    [Test]
    public async Task Kids_WithoutKidScope_Returns403()
    {
        var token = await AccessTokenAsync("parent-two-kids", "openid fullname");

        var (status, _) = await GetAsync("/rs/prns/1000000010/kids", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    [Test]
    public async Task KidDocuments_BirthCertificateScope_ReturnsBirthCertificate()
    {
        var token = await AccessTokenAsync("parent-two-kids", "openid kid_fullname kid_birth_cert_doc");

        var (status, body) = await GetAsync("/rs/prns/1000000010/kids/7001?embed=(documents.elements)", token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((string?)body["documents"]!["elements"]![0]!["type"], Is.EqualTo("RF_BRTH_CERT"));
    }

    [Test]
    public async Task Kids_ChildLinkedToTwoParents_AppearsForBoth()
    {
        var first = await AccessTokenAsync("parent-two-kids", "openid kid_fullname");
        var second = await AccessTokenAsync("second-parent", "openid kid_fullname");

        var (_, a) = await GetAsync("/rs/prns/1000000010/kids?embed=(elements)", first);
        var (_, b) = await GetAsync("/rs/prns/1000000011/kids?embed=(elements)", second);

        Assert.Multiple(() =>
        {
            Assert.That(a["elements"]!.AsArray().Select(k => (long)k!["oid"]!), Does.Contain(1000000021L));
            Assert.That(b["elements"]!.AsArray().Select(k => (long)k!["oid"]!), Does.Contain(1000000021L));
        });
    }

    private async Task<string> AccessTokenAsync(string persona, string scope) =>
        (string)(await Browser.GetTokensAsync(persona, scope))["access_token"]!;

    private async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(string url, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Browser.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.IsSuccessStatusCode ? JsonNode.Parse(text)!.AsObject() : []);
    }
}
