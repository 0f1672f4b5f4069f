using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Protocol;
using Npgsql;

namespace IdentityBroker.IntegrationTests.DirectorySync;

/// <summary>
/// The directory sync API (issue #13, docs/directory-sync.md) over HTTP with the whole slice: a region's diary back-end
/// pushes rows in the import's format; a SNILS fix turns a diary_snils_missing sign-in into a success, a deactivation
/// stops a signed-in person's refresh at once (R-MATCH-8), a removal unlinks and audits (R-MATCH-7), a retried batch is a
/// no-op, another region's token cannot touch the region, and oversized or malformed batches write nothing.
/// The fixture lowers the limits (50 rows, 64 KiB) so "too large" is cheap to send.
/// </summary>
[CancelAfter(240_000)]
public sealed class DirectorySyncApiTests
{
    private const int MaxRows = 50;
    private const int MaxBytes = 64 * 1024;

    private SliceEnvironment _slice = null!;
    private DirectorySyncClient _backend = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync(
            brokerSettings: new Dictionary<string, string?>
            {
                ["IdentityBroker:DirectorySync:MaxBatchRows"] = MaxRows.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["IdentityBroker:DirectorySync:MaxBatchBytes"] = MaxBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            esia: new EsiaSliceOptions { SecondRegion = true, DirectoryClients = true, DiagnosticsClients = true });
        _backend = new DirectorySyncClient(_slice);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    /// <summary>The sample row of Фёдорова А. П. (deploy/dev), with the SNILS ESIA holds for persona diary-without-snils.</summary>
    private static string Fedorova(string? snils) =>
        $$"""{"id":"d38-1007","login":"fedorova.ap","lastName":"Федорова","firstName":"Анна","middleName":"Павловна","birthDate":"1992-08-08","gender":"F"{{(snils is null ? "" : $",\"snils\":\"{snils}\"")}},"roles":["parent"],"schools":[{"id":"38-s-002","name":"МАОУ «Лицей № 2» г. Иркутска"}],"activated":true}""";

    /// <summary>The sample row of Петров И. С. (persona confirmed-adult), activated or not.</summary>
    private static string Petrov(bool activated) =>
        $$"""{"id":"d38-1001","login":"petrov.is","lastName":"Петров","firstName":"Иван","middleName":"Сергеевич","birthDate":"1985-03-07","gender":"M","snils":"112-233-445 95","roles":["parent"],"schools":[{"id":"38-s-001","name":"МБОУ «СОШ № 1» г. Иркутска"}],"activated":{{(activated ? "true" : "false")}},"children":["d38-2001"]}""";

    private static string Row(string id, string login, string? snils = null, bool activated = true) =>
        $$"""{"id":"{{id}}","login":"{{login}}","lastName":"Тестов","firstName":"Тест","birthDate":"1990-01-01"{{(snils is null ? "" : $",\"snils\":\"{snils}\"")}},"roles":["parent"],"schools":[{"id":"38-s-001","name":"Школа"}],"activated":{{(activated ? "true" : "false")}}}""";

    private static string NewBatchId() => "b-" + Guid.NewGuid().ToString("N")[..12];

    [Test]
    public async Task Push_FixesSnils_DiarySnilsMissingSignInBecomesSuccessful_Rmatch2()
    {
        await _backend.PushAsync("38", NewBatchId(), [Fedorova(snils: null)]);
        using (var before = new BrowserClient())
        {
            var refused = await EsiaEmulatorDriver.SignInAsync(before, await before.GetAsync(_slice.DemoUrl + "/login"), "diary-without-snils");
            Assert.That(refused.Text("#error-code"), Is.EqualTo("diary_snils_missing"), refused.Body);
        }

        var batchId = NewBatchId();
        var push = await _backend.PushAsync("38", batchId, [Fedorova("161-803-398 58")]);

        Assert.That(push.Status, Is.EqualTo(HttpStatusCode.OK), push.Text);
        Assert.That((push.Json.GetProperty("status").GetString(), push.Count("updated"), push.Batch.GetProperty("rejected").GetArrayLength()), Is.EqualTo(("applied", 1, 0)));
        Assert.That(push.Text, Does.Not.Contain("161-803").And.Not.Contain("Федорова"), "the answer repeats no personal data");
        using var after = new BrowserClient();
        var home = await EsiaEmulatorDriver.SignInAsync(after, await after.GetAsync(_slice.DemoUrl + "/login"), "diary-without-snils");
        Assert.That(home.Url.ToString(), Does.StartWith(_slice.DemoUrl), home.Body);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo("d38-1007"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE event_type = 'directory_change' AND outcome = 'updated' AND diary_account_id = 'd38-1007' AND detail = @d AND client_id = @c",
            ("d", "directory sync batch " + batchId), ("c", EsiaSliceOptions.DirectoryClientId38)), Is.EqualTo(1), "the change is audited with the batch id");
    }

    [Test]
    public async Task Push_Deactivation_SignedInPersonsRefreshRefusedAtTheNextRefresh_Rmatch8()
    {
        await _backend.PushAsync("38", NewBatchId(), [Petrov(activated: true)]);
        var client = OidcTestClient.Confidential(_slice);
        var tokens = await TokenCalls.SignInAsync(_slice, client);
        var refreshed = await TokenCalls.RefreshAsync(client, tokens.Get("refresh_token")!);
        Assert.That(refreshed.Status, Is.EqualTo(200), "refresh works while the account is active: " + refreshed.Json);

        var batchId = NewBatchId();
        var push = await _backend.PushAsync("38", batchId, [Petrov(activated: false)]);
        try
        {
            Assert.That(push.Status, Is.EqualTo(HttpStatusCode.OK), push.Text);
            Assert.That((push.Count("updated"), push.Count("deactivated")), Is.EqualTo((1, 1)));
            Assert.That(push.Count("tokensRevoked"), Is.GreaterThanOrEqualTo(1));

            // the documented bound: the first refresh after the batch's commit is refused (no waiting, no cache)
            var refused = await TokenCalls.RefreshAsync(client, refreshed.Get("refresh_token")!);
            Assert.That((refused.Status, refused.Error), Is.EqualTo((400, "invalid_grant")), refused.Json.ToString());
            Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE event_type = 'directory_change' AND outcome = 'deactivated' AND rule_id = 'R-MATCH-8' AND diary_account_id = 'd38-1001' AND detail LIKE @d",
                ("d", "directory sync batch " + batchId + "%")), Is.EqualTo(1));
            Assert.That(await ScalarAsync("SELECT count(*) FROM broker.account_links WHERE region_code = '38' AND diary_account_id = 'd38-1001'"), Is.EqualTo(1),
                "the link stays: sign-in refuses the inactive account by R-MATCH-8, and a re-activation signs in through it again");
        }
        finally
        {
            var restore = await _backend.PushAsync("38", NewBatchId(), [Petrov(activated: true)]);
            Assert.That(restore.Status, Is.EqualTo(HttpStatusCode.OK), restore.Text);
        }
    }

    [Test]
    public async Task Push_Removal_UnlinksAndAuditsLikeTheImport_Rmatch7_StateShowsTheRemoval()
    {
        await EsiaFlows.ImportDirectoryRowsAsync(_slice, "38", Row("d38-t-sync-removed", "sync.removed"));
        await LinkAsync("d38-t-sync-removed");

        var batchId = NewBatchId();
        var push = await _backend.PushAsync("38", batchId, ["""{"id":"d38-t-sync-removed","removed":true}"""]);

        Assert.That(push.Status, Is.EqualTo(HttpStatusCode.OK), push.Text);
        Assert.That((push.Count("removed"), push.Count("linksRemoved")), Is.EqualTo((1, 1)));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE event_type = 'unlink' AND rule_id = 'R-MATCH-7' AND outcome = 'diary_account_removed' AND diary_account_id = 'd38-t-sync-removed'"), Is.EqualTo(1));
        var state = await _backend.GetAsync("/admin/directory/38/accounts/d38-t-sync-removed");
        Assert.That(state.Status, Is.EqualTo(HttpStatusCode.OK), state.Text);
        Assert.That(state.Json.GetProperty("present").GetBoolean(), Is.False);
        Assert.That(state.Json.GetProperty("lastChange").GetProperty("change").GetString(), Is.EqualTo("removed"));
        Assert.That(state.Json.GetProperty("lastChange").GetProperty("source").GetString(), Is.EqualTo("directory sync batch " + batchId));
    }

    [Test]
    public async Task Push_RetriedBatch_IsANoOp_AnotherBodyUnderTheSameIdIsAConflict()
    {
        var first = NewBatchId();
        var answer = await _backend.PushAsync("38", first, [Row("d38-t-sync-retry", "sync.retry", snils: "112-233-445 95")]);
        Assert.That((answer.Status, answer.Count("inserted")), Is.EqualTo((HttpStatusCode.OK, 1)), answer.Text);

        // a later batch changes the account; retrying the first must not undo it
        var later = await _backend.PushAsync("38", NewBatchId(), [Row("d38-t-sync-retry", "sync.retry", snils: null)]);
        Assert.That(later.Count("updated"), Is.EqualTo(1), later.Text);
        var auditBefore = await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE event_type = 'directory_change'");

        var retry = await _backend.PushAsync("38", first, [Row("d38-t-sync-retry", "sync.retry", snils: "112-233-445 95")]);

        Assert.That(retry.Status, Is.EqualTo(HttpStatusCode.OK), retry.Text);
        Assert.That(retry.Json.GetProperty("status").GetString(), Is.EqualTo("replayed"));
        Assert.That(retry.Count("inserted"), Is.EqualTo(1), "the stored outcome of the first attempt");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = '38' AND id = 'd38-t-sync-retry' AND snils_hash IS NULL"), Is.EqualTo(1), "the retry changed nothing");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE event_type = 'directory_change'"), Is.EqualTo(auditBefore), "nothing audited twice");

        var conflict = await _backend.PushAsync("38", first, [Row("d38-t-sync-retry", "sync.retry-2")]);
        Assert.That((conflict.Status, conflict.Error), Is.EqualTo((HttpStatusCode.Conflict, "batch_id_reused")), conflict.Text);
        Assert.That(conflict.Description, Does.Contain("new batch id"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = '38' AND login = 'sync.retry-2'"), Is.Zero);

        var stored = await _backend.GetAsync($"/admin/directory/38/batches/{first}");
        Assert.That((stored.Status, stored.Count("inserted")), Is.EqualTo((HttpStatusCode.OK, 1)), stored.Text);
        var list = await _backend.GetAsync("/admin/directory/38/batches?limit=100");
        Assert.That(list.Json.GetProperty("batches").EnumerateArray().Select(b => b.GetProperty("batchId").GetString()), Does.Contain(first));
    }

    [Test]
    public async Task Region38Token_CannotWriteOrReadRegion55Or41_AndTheOtherWayRound()
    {
        var accounts55 = await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = '55'");

        foreach (var region in new[] { "55", "41" })
        {
            var write = await _backend.PushAsync(region, NewBatchId(), [Row($"d{region}-t-intruder", "intruder")]);
            Assert.That(write.Status, Is.EqualTo(HttpStatusCode.Forbidden), write.Text);
            Assert.That(write.WwwAuthenticate, Does.Contain("insufficient_scope"));
            Assert.That(write.Description, Does.Contain("region 38"));
            var read = await _backend.GetAsync($"/admin/directory/{region}/counts");
            Assert.That(read.Status, Is.EqualTo(HttpStatusCode.Forbidden));
        }

        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code IN ('55', '41')"), Is.EqualTo(accounts55), "nothing written elsewhere");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.audit_records WHERE event_type = 'directory_change' AND outcome = 'forbidden_region' AND client_id = @c", ("c", EsiaSliceOptions.DirectoryClientId38)), Is.GreaterThanOrEqualTo(4));

        var backend55 = new DirectorySyncClient(_slice, EsiaSliceOptions.DirectoryClientId55);
        Assert.That((await backend55.PushAsync("38", NewBatchId(), [Row("d38-t-from55", "from55")])).Status, Is.EqualTo(HttpStatusCode.Forbidden));
        var own = await backend55.PushAsync("55", NewBatchId(), [Row("d55-t-own", "own55")]);
        Assert.That((own.Status, own.Count("inserted")), Is.EqualTo((HttpStatusCode.OK, 1)), own.Text);
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = '38' AND id IN ('d38-t-from55', 'd55-t-own')"), Is.Zero);
    }

    [Test]
    public async Task NoToken_DiagnosticsToken_UserToken_Refused()
    {
        var none = await _backend.SendAsync(HttpMethod.Get, "/admin/directory/38/counts", null, authorize: false);
        Assert.That(none.Status, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(none.WwwAuthenticate, Does.Contain("scope=\"directory\""));

        var diagnostics = new DirectorySyncClient(_slice, EsiaSliceOptions.DiagnosticsClientId38, scope: "diagnostics");
        var wrongScope = await diagnostics.PushAsync("38", NewBatchId(), [Row("d38-t-diag", "diag")]);
        Assert.That(wrongScope.Status, Is.EqualTo(HttpStatusCode.Forbidden), wrongScope.Text);
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE id = 'd38-t-diag'"), Is.Zero);
    }

    [Test]
    public async Task OversizedBatch_TooManyRows_Refused413_NothingApplied()
    {
        var rows = Enumerable.Range(0, MaxRows + 1).Select(i => Row($"d38-t-big-{i}", $"big.{i}")).ToList();
        var batchId = NewBatchId();

        var answer = await _backend.PushAsync("38", batchId, rows);

        Assert.That((answer.Status, answer.Error), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, "batch_too_large")), answer.Text);
        Assert.That(answer.Description, Does.Contain($"more than {MaxRows} rows").And.Contain("MaxBatchRows"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE id LIKE 'd38-t-big-%'"), Is.Zero, "the rows before the limit were not applied either");
        Assert.That((await _backend.GetAsync($"/admin/directory/38/batches/{batchId}")).Status, Is.EqualTo(HttpStatusCode.NotFound), "the batch id is not used up");

        var exactly = await _backend.PushAsync("38", batchId, rows.Take(MaxRows));
        Assert.That((exactly.Status, exactly.Count("inserted")), Is.EqualTo((HttpStatusCode.OK, MaxRows)), "at the limit it goes in, under the same id: " + exactly.Text);
    }

    [TestCase(true, TestName = "OversizedBatch_MoreBytesThanTheLimit_WithContentLength_Refused413_NothingApplied")]
    [TestCase(false, TestName = "OversizedBatch_MoreBytesThanTheLimit_ChunkedWithoutContentLength_Refused413_NothingApplied")]
    public async Task OversizedBatch_MoreBytesThanTheLimit(bool withLength)
    {
        // few rows, but one of them padded past the byte limit with a long (ignored) property
        var body = Encoding.UTF8.GetBytes(Row("d38-t-bytes", "bytes") + "\n" + $$"""{"id":"d38-t-bytes-2","pad":"{{new string('x', MaxBytes)}}"}""" + "\n");
        HttpContent content = withLength ? new ByteArrayContent(body) : new StreamContent(new NonSeekable(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(DirectorySyncClient.JsonLines);
        if (!withLength)
        {
            content.Headers.ContentLength = null;
        }

        var answer = await _backend.PushRawAsync("38", NewBatchId(), content);

        Assert.That((answer.Status, answer.Error), Is.EqualTo((HttpStatusCode.RequestEntityTooLarge, "batch_too_large")), answer.Text);
        Assert.That(answer.Description, Does.Contain("MaxBatchBytes"));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE id = 'd38-t-bytes'"), Is.Zero);
    }

    [TestCase("invalid-utf8", HttpStatusCode.BadRequest, "invalid_batch", TestName = "MalformedBatch_NotUtf8_Refused400_NothingApplied")]
    [TestCase("csv-bad-header", HttpStatusCode.BadRequest, "invalid_batch", TestName = "MalformedBatch_CsvWithoutTheRequiredColumns_Refused400_NothingApplied")]
    [TestCase("wrong-type", HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", TestName = "MalformedBatch_JsonArrayInsteadOfJsonLines_Refused415_NothingApplied")]
    [TestCase("empty", HttpStatusCode.BadRequest, "invalid_request", TestName = "MalformedBatch_EmptyBody_Refused400")]
    [TestCase("bad-id", HttpStatusCode.BadRequest, "invalid_batch_id", TestName = "MalformedBatch_BatchIdWithSpaces_Refused400_NothingApplied")]
    [TestCase("bad-atomic", HttpStatusCode.BadRequest, "invalid_request", TestName = "MalformedBatch_AtomicNotABoolean_Refused400_NothingApplied")]
    public async Task MalformedBatch_Refused_NothingApplied(string kind, HttpStatusCode expected, string error)
    {
        var good = Row("d38-t-malformed", "malformed");
        var batchId = NewBatchId();
        var query = "";
        HttpContent content;
        switch (kind)
        {
            case "invalid-utf8":
                content = new ByteArrayContent([.. Encoding.UTF8.GetBytes(good + "\n"), 0xC3, 0x28, (byte)'\n']);
                content.Headers.ContentType = new MediaTypeHeaderValue(DirectorySyncClient.JsonLines);
                break;
            case "csv-bad-header":
                content = new StringContent("id,login\nd38-t-malformed,malformed\n", Encoding.UTF8, "text/csv");
                break;
            case "wrong-type":
                content = new StringContent("[" + good + "]", Encoding.UTF8, "application/json");
                break;
            case "empty":
                content = new StringContent("\n \n", Encoding.UTF8, DirectorySyncClient.JsonLines);
                break;
            case "bad-id":
                batchId = "not%20an%20id";
                content = new StringContent(good, Encoding.UTF8, DirectorySyncClient.JsonLines);
                break;
            default:
                query = "?atomic=yes";
                content = new StringContent(good, Encoding.UTF8, DirectorySyncClient.JsonLines);
                break;
        }

        var answer = await _backend.PushRawAsync("38", batchId, content, query);

        Assert.That((answer.Status, answer.Error), Is.EqualTo((expected, error)), answer.Text);
        Assert.That(answer.Description, Is.Not.Empty);
        Assert.That(answer.Text, Does.Not.Contain("Exception").And.Not.Contain("   at "), "no stack trace");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE id = 'd38-t-malformed'"), Is.Zero);
    }

    [Test]
    public async Task PerRowErrors_NamedByLineAndField_GoodRowsApplied_AtomicRefusesAll()
    {
        var rows = new[] { Row("d38-t-rows-ok", "rows.ok"), Row("d38-t-rows-bad", "rows.bad", snils: "112-233-445 96"), "not json" };

        var atomic = await _backend.PushAsync("38", NewBatchId(), rows, "?atomic=true");
        Assert.That((atomic.Status, atomic.Error), Is.EqualTo((HttpStatusCode.UnprocessableEntity, "rows_rejected")), atomic.Text);
        Assert.That(atomic.Json.GetProperty("rejected").GetArrayLength(), Is.EqualTo(2));
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE id = 'd38-t-rows-ok'"), Is.Zero, "atomic: not even the good row");

        var answer = await _backend.PushAsync("38", NewBatchId(), rows);
        Assert.That(answer.Status, Is.EqualTo(HttpStatusCode.OK), answer.Text);
        var rejected = answer.Batch.GetProperty("rejected").EnumerateArray().Select(r => (r.GetProperty("line").GetInt32(), r.GetProperty("reason").GetString())).ToList();
        Assert.That(rejected, Is.EqualTo(new[] { (2, "snils: checksum does not match"), (3, "not valid JSON") }));
        Assert.That((answer.Count("rows"), answer.Count("inserted")), Is.EqualTo((3, 1)));
        Assert.That(answer.Text, Does.Not.Contain("445 96"), "the rejected value is not echoed");
        Assert.That(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE id IN ('d38-t-rows-ok', 'd38-t-rows-bad')"), Is.EqualTo(1));
    }

    [Test]
    public async Task ReadEndpoints_AccountStateAndCounts_FlagsAndCountsOnly_NoPersonalData()
    {
        await _backend.PushAsync("38", NewBatchId(), [Row("d38-t-state", "state.login", snils: "112-233-445 95")]);

        var state = await _backend.GetAsync("/admin/directory/38/accounts/d38-t-state");

        Assert.That(state.Status, Is.EqualTo(HttpStatusCode.OK), state.Text);
        var s = state.Json;
        Assert.That((s.GetProperty("present").GetBoolean(), s.GetProperty("usable").GetBoolean(), s.GetProperty("hasSnils").GetBoolean(), s.GetProperty("hasPasswordHash").GetBoolean(), s.GetProperty("linked").GetBoolean()),
            Is.EqualTo((true, true, true, false, false)));
        Assert.That(state.Text, Does.Not.Contain("state.login").And.Not.Contain("Тестов").And.Not.Contain("1990").And.Not.Contain("112-233"), "no login, name, birth date or SNILS");
        Assert.That(s.GetProperty("lastChange").GetProperty("change").GetString(), Is.EqualTo("inserted"));

        var counts = await _backend.GetAsync("/admin/directory/38/counts");
        Assert.That(counts.Status, Is.EqualTo(HttpStatusCode.OK), counts.Text);
        Assert.That(counts.Json.GetProperty("accounts").GetInt64(), Is.EqualTo(await ScalarAsync("SELECT count(*) FROM broker.diary_accounts WHERE region_code = '38'")));
        Assert.That(counts.Json.GetProperty("batches").GetInt64(), Is.GreaterThanOrEqualTo(1));

        var badLimit = await _backend.GetAsync("/admin/directory/38/batches?limit=0");
        Assert.That((badLimit.Status, badLimit.Description), Is.EqualTo((HttpStatusCode.BadRequest, "limit must be a whole number from 1 to 100.")));
    }

    [Test]
    public async Task OpenApiDocument_DescribesEveryDirectorySyncEndpoint_AndNothingElse()
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(AdminAddress.Of(_slice) + "/admin/openapi/directory-sync.json");
        var paths = JsonDocument.Parse(text).RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();

        Assert.That(paths, Is.EquivalentTo(new[]
        {
            "/admin/directory/{region}/batches/{batchId}", "/admin/directory/{region}/batches", "/admin/directory/{region}/accounts/{accountId}", "/admin/directory/{region}/counts",
        }));
        Assert.That(text, Does.Contain("application/x-ndjson").And.Contain("text/csv").And.Contain("\"413\""));
    }

    /// <summary>Links a test account (no ESIA persona matches it) the way a sign-in would, directly in the table.</summary>
    private async Task LinkAsync(string accountId)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "INSERT INTO broker.account_links (region_code, esia_subject_hash, diary_account_id, linked_at, method) VALUES ('38', @h, @id, now(), 'snils')", connection);
        command.Parameters.AddWithValue("h", "test-subject-" + accountId);
        command.Parameters.AddWithValue("id", accountId);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A body stream without a length, so HttpClient sends it chunked (no Content-Length to trust).</summary>
    private sealed class NonSeekable(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
