using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Diagnostics;

/// <summary>
/// R-ERR-1 through the whole slice: people are refused at sign-in through the ESIA emulator, then a staff service client of
/// the region looks one of them up by SNILS, by name and birth date, and by the reference number shown on the page — and
/// sees that person's attempts with the rule IDs, never another person's; other regions, missing tokens and tokens without
/// the diagnostics scope are refused; every lookup is audited without personal data.
/// </summary>
[CancelAfter(180_000)]
public sealed class DiagnosticsApiTests
{
    private const string Path = "/admin/diagnostics/attempts";

    private SliceEnvironment _slice = null!;

    /// <summary>Соколова Е. И. (name-differs): refused data_mismatch by R-MATCH-2; its reference number.</summary>
    private string _sokolovaReference = null!;

    /// <summary>Волкова М. А. (no-diary-account): refused no_diary_account — the "other person".</summary>
    private string _volkovaReference = null!;

    /// <summary>Refused at ESIA ("Отказать"): no person known, so no person keys.</summary>
    private string _deniedReference = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions { SecondRegion = true, DiagnosticsClients = true });
        _sokolovaReference = await RefuseAsync("name-differs", "data_mismatch");
        _volkovaReference = await RefuseAsync("no-diary-account", "no_diary_account");
        _deniedReference = await RefuseAsync("confirmed-adult", "esia_denied", grant: false);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [Test]
    public async Task Rerr1_BySnils_ThePersonsRefusalWithRule_NobodyElse()
    {
        var (status, body, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", snils = "314-159-265 52" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        Assert.That(body.GetProperty("lookup").GetString(), Is.EqualTo("snils"));
        var attempts = Attempts(body);
        Assert.That(attempts.Select(a => a.Reference), Does.Contain(_sokolovaReference));
        Assert.That(attempts.Select(a => a.Reference), Has.No.Member(_volkovaReference).And.No.Member(_deniedReference));
        var refusal = attempts.Single(a => a.Reference == _sokolovaReference);
        Assert.That((refusal.Event, refusal.Outcome, refusal.Rule, refusal.Client), Is.EqualTo(("sign_in", "data_mismatch", "R-MATCH-2", SliceEnvironment.DemoClientId)));
        Assert.That(body.ToString(), Does.Not.Contain("Соколова").And.Not.Contain("314-159").And.Not.Contain("31415926552"), "no personal data in the answer");
    }

    /// <summary>
    /// Issue #10 item 8: a diary name mixing Cyrillic and Latin letters (a Latin "о" in «Волкова») is shown to staff as the
    /// person's account id under <c>mixedScriptAccounts</c> — by SNILS and by name and birth date — and only for that person.
    /// </summary>
    [Test]
    public async Task Rerr1_Rmatch4_DiaryNameMixingScripts_ShownToStaffByIdOnly()
    {
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38",
            """{"id":"d38-t-mix","login":"t.volkova.ma","lastName":"Вoлкова","firstName":"Мария","middleName":"Андреевна","birthDate":"1979-02-03","gender":"F","snils":"200-300-400 48","roles":["parent"],"schools":[{"id":"38-s-001","name":"СОШ № 1"}],"activated":true}""");

        var (_, bySnils, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", snils = "200-300-400 48" });
        var (_, byName, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", lastName = "Волкова", firstName = "Мария", middleName = "Андреевна", birthDate = "1979-02-03" });
        var (_, other, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", snils = "314-159-265 52" });

        Assert.That(MixedScripts(bySnils), Is.EqualTo(new[] { "d38-t-mix" }), bySnils.ToString());
        Assert.That(MixedScripts(byName), Is.EqualTo(new[] { "d38-t-mix" }), byName.ToString());
        Assert.That(MixedScripts(other), Is.Empty, "another person's lookup shows nothing of it");
        Assert.That(bySnils.ToString(), Does.Not.Contain("Вoлкова").And.Not.Contain("Волкова"));
    }

    private static string?[] MixedScripts(JsonElement body) =>
        body.GetProperty("mixedScriptAccounts").EnumerateArray().Select(e => e.GetString()).ToArray();

    [Test]
    public async Task Rerr1_ByNameAndBirthDate_CaseAndYoTolerated_ThePersonsAttemptsOnly()
    {
        var (status, body, _) = await LookupAsync(await TokenAsync(),
            new { regionCode = "38", lastName = "СОКОЛОВА", firstName = "елена", middleName = "Игоревна", birthDate = "1983-09-15" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var attempts = Attempts(body);
        Assert.That(attempts.Select(a => a.Reference), Does.Contain(_sokolovaReference).And.No.Member(_volkovaReference));
        Assert.That(attempts.Single(a => a.Reference == _sokolovaReference).Rule, Is.EqualTo("R-MATCH-2"));

        var (_, wrongDate, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", lastName = "Соколова", firstName = "Елена", middleName = "Игоревна", birthDate = "1983-09-16" });
        Assert.That(Attempts(wrongDate), Is.Empty, "another birth date is another person");
    }

    [Test]
    public async Task Rerr1_ByReferenceNumber_ThatPersonsAttempts_NeverOthers()
    {
        var typed = _sokolovaReference.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal); // as dictated on the phone
        var (status, body, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", referenceNumber = typed });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var attempts = Attempts(body);
        Assert.That(attempts.Select(a => a.Reference), Does.Contain(_sokolovaReference).And.No.Member(_volkovaReference).And.No.Member(_deniedReference));
        Assert.That(attempts.Single(a => a.Reference == _sokolovaReference).Outcome, Is.EqualTo("data_mismatch"));

        // refused at ESIA: nobody was named, so the attempt itself and nothing else
        var (_, denied, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", referenceNumber = _deniedReference });
        Assert.That(Attempts(denied).Select(a => (a.Reference, a.Outcome)), Is.EqualTo(new[] { (_deniedReference, "esia_denied") }));

        var (unknown, _, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", referenceNumber = "0000-0000" });
        Assert.That(unknown, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Rerr1_SuccessfulSignIn_CarriesPersonKeys_FoundBySnilsWithDiaryAccount()
    {
        using var browser = new BrowserClient();
        var redirect = await OidcTestClient.Public(_slice).AuthorizeAsync(browser, "confirmed-adult");
        Assert.That(redirect, Does.ContainKey("code"));

        var (status, body, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", snils = "11223344595" });

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK), body.ToString());
        var success = Attempts(body).Where(a => a.Event == "sign_in" && a.Outcome == "success").ToList();
        Assert.That(success, Is.Not.Empty, body.ToString());
        Assert.That(success.Select(a => a.Account), Is.All.EqualTo("d38-1001"));
        Assert.That(Attempts(body).Select(a => a.Reference), Has.No.Member(_sokolovaReference));
    }

    [Test]
    public async Task Rerr1_OtherRegionsStaff_Forbidden_BothWays()
    {
        var (status, _, response) = await LookupAsync(await TokenAsync(EsiaSliceOptions.DiagnosticsClientId55), new { regionCode = "38", snils = "314-159-265 52" });
        Assert.That(status, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(response.Headers.WwwAuthenticate.ToString(), Does.Contain("insufficient_scope"));

        var (status55, _, _) = await LookupAsync(await TokenAsync(), new { regionCode = "55", snils = "314-159-265 52" });
        Assert.That(status55, Is.EqualTo(HttpStatusCode.Forbidden), "staff of region 38 cannot query region 55");

        var (own55, body55, _) = await LookupAsync(await TokenAsync(EsiaSliceOptions.DiagnosticsClientId55), new { regionCode = "55", snils = "314-159-265 52" });
        Assert.That(own55, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(Attempts(body55), Is.Empty, "region 55 sees nothing of region 38's attempts");
    }

    [Test]
    public async Task Rerr1_NoToken_BadToken_TokenWithoutScope_UserToken_Refused()
    {
        var body = new { regionCode = "38", snils = "314-159-265 52" };

        var (none, _, noneResponse) = await LookupAsync(null, body);
        Assert.That(none, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(noneResponse.Headers.WwwAuthenticate.Select(h => h.Scheme), Does.Contain("Bearer"));

        var (bad, _, badResponse) = await LookupAsync("not-a-token", body);
        Assert.That(bad, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(badResponse.Headers.WwwAuthenticate.ToString(), Does.Contain("invalid_token"));

        var withoutScope = await TokenAsync(SliceEnvironment.ServiceClientId, SliceEnvironment.ServiceClientSecret, scope: "diary");
        var (noScope, _, noScopeResponse) = await LookupAsync(withoutScope, body);
        Assert.That(noScope, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(noScopeResponse.Headers.WwwAuthenticate.ToString(), Does.Contain("insufficient_scope"));

        using var browser = new BrowserClient();
        var client = OidcTestClient.Confidential(_slice);
        var user = await client.RedeemAsync((await client.AuthorizeAsync(browser))["code"]);
        var (userToken, _, _) = await LookupAsync(user.Get("access_token"), body);
        Assert.That(userToken, Is.EqualTo(HttpStatusCode.Forbidden), "a user's access token is not a staff token");
    }

    [TestCase("""{"regionCode":"38","snils":"112-233-445 96"}""", "snils is not a valid SNILS")]
    [TestCase("""{"regionCode":"38","snils":"12345"}""", "snils is not a valid SNILS")]
    [TestCase("""{"regionCode":"38","snils":"314-159-265 52","referenceNumber":"ABCD-EFGH"}""", "exactly one of")]
    [TestCase("""{"regionCode":"38"}""", "exactly one of")]
    [TestCase("""{"snils":"314-159-265 52"}""", "regionCode is required")]
    [TestCase("""{"regionCode":"38","lastName":"Соколова","firstName":"Елена","birthDate":"15.09.1983"}""", "birthDate is required as yyyy-MM-dd")]
    [TestCase("""{"regionCode":"38","snisl":"314-159-265 52"}""", "The body must be one JSON object")]
    [TestCase("""not json""", "The body must be one JSON object")]
    public async Task Rerr1_InvalidInput_400WithAClearMessage(string json, string expected)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _slice.ManagementUrl + Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error_description").GetString(), Does.Contain(expected));
        Assert.That(body, Does.Not.Contain("112-233").And.Not.Contain("314-159"), "the value sent is not repeated");
    }

    [Test]
    public async Task Rerr1_EveryLookupIsAudited_WithoutPersonalData()
    {
        var before = await DiagnosticsAuditAsync();
        await LookupAsync(await TokenAsync(), new { regionCode = "38", snils = "314-159-265 52" });
        await LookupAsync(await TokenAsync(), new { regionCode = "38", lastName = "Соколова", firstName = "Елена", middleName = "Игоревна", birthDate = "1983-09-15" });
        await LookupAsync(await TokenAsync(EsiaSliceOptions.DiagnosticsClientId55), new { regionCode = "38", snils = "314-159-265 52" });

        var added = (await DiagnosticsAuditAsync()).Skip(before.Count).ToList();
        Assert.That(added.Select(a => (a.Client, a.Region, a.Outcome, a.Rule)), Is.EqualTo(new[]
        {
            (EsiaSliceOptions.DiagnosticsClientId38, "38", "success", "R-ERR-1"),
            (EsiaSliceOptions.DiagnosticsClientId38, "38", "success", "R-ERR-1"),
            (EsiaSliceOptions.DiagnosticsClientId55, "55", "forbidden_region", "R-ERR-1"),
        }));
        Assert.That(added.Select(a => a.PersonColumns), Is.All.EqualTo(string.Empty), "no person keys, ESIA id, account or reference on a lookup record");
        Assert.That(added.Select(a => a.Detail), Has.None.Contains("314").And.None.Contains("Соколова").And.None.Contains("1983"), "no SNILS, name or birth date");
        Assert.That(added[0].Detail, Does.StartWith("by snils;"));
        Assert.That(added[1].Detail, Does.StartWith("by name_birth_date;"));
    }

    /// <summary>Signs in as <paramref name="persona"/> at the demo client (region 38) and returns the reference number shown.</summary>
    [Test]
    public async Task Rerr1_ChunkedBodyOverTheLimit_RefusedByReadingNotByContentLength()
    {
        // issue #10 item 4: JsonContent is sent chunked (no Content-Length to trust); 10 KB is over the API's 4096 bytes
        var (status, body, _) = await LookupAsync(await TokenAsync(), new { regionCode = "38", referenceNumber = new string('A', 10_000) });

        Assert.That(status, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(body.GetProperty("error").GetString(), Is.EqualTo("invalid_request"));
        Assert.That(body.GetProperty("error_description").GetString(), Does.Contain("larger than 4096 bytes"));
    }

    private async Task<string> RefuseAsync(string persona, string reason, bool grant = true)
    {
        using var browser = new BrowserClient();
        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, persona, grant);
        var (shown, audit, page) = await EsiaFlows.RefusalAsync(_slice, await browser.GetAsync(callback));
        Assert.That(shown, Is.EqualTo(reason));
        Assert.That(audit.PersonSnilsHash is not null, Is.EqualTo(grant), "person keys exactly when ESIA named the person");
        Assert.That(audit.PersonNameBirthHash is not null, Is.EqualTo(grant));
        return page.Text("#reference")!;
    }

    private async Task<string> TokenAsync(
        string clientId = EsiaSliceOptions.DiagnosticsClientId38, string secret = EsiaSliceOptions.DiagnosticsSecret, string scope = "diagnostics")
    {
        var client = new OidcTestClient(_slice, clientId, "unused");
        var token = await client.PostTokenAsync(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = scope }, clientId, secret);
        Assert.That(token.Status, Is.EqualTo(200), token.Json.ToString());
        return token.Get("access_token")!;
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> LookupAsync(string? token, object body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, _slice.ManagementUrl + Path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.Headers.CacheControl?.NoStore, Is.True, "never cached");
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), response);
    }

    private static List<(string Event, string Outcome, string? Rule, string? Reference, string? Client, string? Account)> Attempts(JsonElement body) =>
        body.GetProperty("attempts").EnumerateArray().Select(a => (
            a.GetProperty("event").GetString()!, a.GetProperty("outcome").GetString()!, a.GetProperty("ruleId").GetString(),
            a.GetProperty("referenceNumber").GetString(), a.GetProperty("clientId").GetString(), a.GetProperty("diaryAccountId").GetString())).ToList();

    private async Task<List<(string Client, string Region, string Outcome, string Rule, string Detail, string PersonColumns)>> DiagnosticsAuditAsync()
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT client_id, region_code, outcome, rule_id, detail, " +
            "concat(person_snils_hash, person_name_birth_hash, esia_subject_hash, diary_account_id, reference_number) " +
            "FROM broker.audit_records WHERE event_type = 'diagnostics_lookup' ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, string, string, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5)));
        }

        return rows;
    }
}
