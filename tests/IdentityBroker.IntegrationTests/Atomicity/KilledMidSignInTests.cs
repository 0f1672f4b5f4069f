using System.Text.Json;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Consent;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.Logout;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Atomicity;

/// <summary>
/// Issue #10 item 6: writes that belong together survive a <c>kill -9</c> of the broker together or not at all — a link and
/// its audit record, a data consent and its audit record, the success audit record with the broker session and the
/// authorization code it announces, a logout and its audit record (<see cref="IUnitOfWork"/>).
/// <para>
/// How the failure is produced: the sign-in is completed by a broker running as a separate process
/// (<see cref="BrokerProcess"/>, same database and configuration as the slice). A PostgreSQL trigger on the LAST write of
/// the unit (BEFORE INSERT, restricted to the row of this step) calls <c>pg_sleep</c>, so the broker stops between the
/// earlier writes, which PostgreSQL has already executed, and the last one. While it waits there (the test sees its
/// backend in <c>pg_stat_activity</c> with wait event <c>PgSleep</c>), the test kills the broker process with SIGKILL and
/// then terminates the orphaned backend, which is what PostgreSQL itself does once it notices the dead client. Only what
/// was committed before the kill remains. Written as separate statements (the code before this item), the earlier rows
/// stay behind without the last one and the assertions fail; written as one transaction, nothing of the unit remains.
/// Afterwards the trigger is dropped and the same person signs in normally, to show that the unit does complete.
/// </para>
/// </summary>
[NonParallelizable]
public sealed class KilledMidSignInTests
{
    private const string Stall = "ib_test_stall";
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _slice = await SliceEnvironment.StartAsync();
        await ExecuteAsync($"""
            CREATE OR REPLACE FUNCTION broker.{Stall}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN PERFORM pg_sleep(120); RETURN NEW; END $$;
            """);
    }

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    [TearDown]
    public Task DropTriggersAsync() => ExecuteAsync($"""
        DROP TRIGGER IF EXISTS {Stall} ON broker.audit_records;
        DROP TRIGGER IF EXISTS {Stall}_logout ON broker.audit_records;
        DROP TRIGGER IF EXISTS {Stall} ON broker.authorization_codes;
        """);

    [Test]
    public async Task KilledBetweenLinkAndItsAudit_NeitherRemains()
    {
        const string oid = "1000000002"; // standard-adult, d38-1002: first sign-in links
        var subject = DataConsentSteps.SubjectHash(_slice, oid);
        Assert.That(await CountAsync("SELECT count(*) FROM broker.account_links WHERE esia_subject_hash = @s", subject), Is.Zero, "precondition: not linked yet");
        await ExecuteAsync($"CREATE TRIGGER {Stall} BEFORE INSERT ON broker.audit_records FOR EACH ROW WHEN (NEW.event_type = 'link') EXECUTE FUNCTION broker.{Stall}()");

        await KillBrokerMidSignInAsync("standard-adult");

        var links = await CountAsync("SELECT count(*) FROM broker.account_links WHERE esia_subject_hash = @s", subject);
        var audits = await CountAsync("SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'link'", subject);
        Assert.That((links, audits), Is.EqualTo((0L, 0L)), "a link without its audit record (or the reverse) survived the kill");

        await DropTriggersAsync();
        await SignInAsync("standard-adult");
        Assert.That(await CountAsync("SELECT count(*) FROM broker.account_links WHERE esia_subject_hash = @s", subject), Is.EqualTo(1));
        Assert.That(await CountAsync("SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'link'", subject), Is.EqualTo(1));
    }

    [Test]
    public async Task KilledBetweenDataConsentAndItsAudit_NeitherRemains()
    {
        const string oid = DataConsentSteps.ConfirmedAdultOid;
        var subject = DataConsentSteps.SubjectHash(_slice, oid);
        await DataConsentSteps.ForgetAsync(_slice, oid);
        var consentsBefore = await CountAsync("SELECT count(*) FROM broker.data_consents WHERE esia_subject_hash = @s", subject);
        var auditsBefore = await CountAsync("SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'data_consent' AND outcome = 'granted'", subject);
        await ExecuteAsync($"CREATE TRIGGER {Stall} BEFORE INSERT ON broker.audit_records FOR EACH ROW WHEN (NEW.event_type = 'data_consent' AND NEW.outcome = 'granted') EXECUTE FUNCTION broker.{Stall}()");

        await KillBrokerMidSignInAsync("confirmed-adult");

        var consents = await CountAsync("SELECT count(*) FROM broker.data_consents WHERE esia_subject_hash = @s", subject);
        var audits = await CountAsync("SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'data_consent' AND outcome = 'granted'", subject);
        Assert.That((consents - consentsBefore, audits - auditsBefore), Is.EqualTo((0L, 0L)), "a consent without its audit record (or the reverse) survived the kill");
        Assert.That(await DataConsentSteps.ActiveAsync(_slice, oid), Is.Null);

        await DropTriggersAsync();
        await SignInAsync("confirmed-adult");
        Assert.That(await DataConsentSteps.ActiveAsync(_slice, oid), Is.Not.Null);
        Assert.That(await CountAsync("SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'data_consent' AND outcome = 'granted'", subject), Is.EqualTo(auditsBefore + 1));
    }

    [Test]
    public async Task KilledBetweenSuccessAuditSessionAndCode_NoneRemains()
    {
        var subject = DataConsentSteps.SubjectHash(_slice, DataConsentSteps.ConfirmedAdultOid);
        const string successAudits = "SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'sign_in' AND outcome = 'success'";
        const string sessions = "SELECT count(*) FROM broker.broker_sessions WHERE esia_subject_hash = @s";
        const string codes = "SELECT count(*) FROM broker.authorization_codes WHERE subject = 'd38-1001'";
        var before = (await CountAsync(successAudits, subject), await CountAsync(sessions, subject), await CountAsync(codes, subject));
        await ExecuteAsync($"CREATE TRIGGER {Stall} BEFORE INSERT ON broker.authorization_codes FOR EACH ROW EXECUTE FUNCTION broker.{Stall}()");

        await KillBrokerMidSignInAsync("confirmed-adult");

        var after = (await CountAsync(successAudits, subject), await CountAsync(sessions, subject), await CountAsync(codes, subject));
        Assert.That(after, Is.EqualTo(before), "(success audit records, sessions, codes): a success record, session or code survived without the others");

        await DropTriggersAsync();
        await SignInAsync("confirmed-adult");
        var completed = (await CountAsync(successAudits, subject), await CountAsync(sessions, subject), await CountAsync(codes, subject));
        Assert.That(completed, Is.EqualTo((before.Item1 + 1, before.Item2 + 1, before.Item3 + 1)));
    }

    /// <summary>
    /// A logout (the session ended with its refresh tokens and back-channel messages, by <c>SessionTerminator</c>) and its
    /// <c>logout</c> audit record: killed between them, the session is still active and no audit record exists; then the
    /// same logout completes with both.
    /// </summary>
    [Test]
    public async Task KilledBetweenSessionEndAndLogoutAudit_NeitherRemains()
    {
        var subject = DataConsentSteps.SubjectHash(_slice, DataConsentSteps.ConfirmedAdultOid);
        using var browser = new BrowserClient();
        var idToken = await LogoutSteps.SignInAsync(browser, OidcTestClient.Public(_slice));
        var sid = SessionIdOf(idToken);
        const string active = "SELECT count(*) FROM broker.broker_sessions WHERE session_id = @s AND ended_at IS NULL";
        const string logoutAudits = "SELECT count(*) FROM broker.audit_records WHERE esia_subject_hash = @s AND event_type = 'logout'";
        var auditsBefore = await CountAsync(logoutAudits, subject);
        Assert.That(await CountAsync(active, sid), Is.EqualTo(1), "precondition: the session is active");
        await ExecuteAsync($"CREATE TRIGGER {Stall}_logout BEFORE INSERT ON broker.audit_records FOR EACH ROW WHEN (NEW.event_type = 'logout') EXECUTE FUNCTION broker.{Stall}()");
        var hint = new Dictionary<string, string?> { ["id_token_hint"] = idToken };

        using (var other = new BrowserClient()) // no session cookie: the hint alone ends the session, no confirmation page
        {
            await KillBrokerMidRequestAsync(other, broker => LogoutSteps.EndSessionUrl(broker.Url, hint));
        }

        Assert.That((await CountAsync(active, sid), await CountAsync(logoutAudits, subject) - auditsBefore), Is.EqualTo((1L, 0L)),
            "(active sessions, new logout audit records): an ended session without its audit record (or the reverse) survived the kill");

        await DropTriggersAsync();
        using (var other = new BrowserClient())
        {
            await LogoutSteps.EndSessionAsync(other, _slice.BrokerUrl, hint);
        }

        Assert.That((await CountAsync(active, sid), await CountAsync(logoutAudits, subject) - auditsBefore), Is.EqualTo((0L, 1L)));
    }

    private static string SessionIdOf(string idToken)
    {
        var payload = idToken.Split('.')[1].Replace('-', '+').Replace('_', '/');
        var json = Convert.FromBase64String(payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '='));
        return JsonDocument.Parse(json).RootElement.GetProperty("sid").GetString()!;
    }

    /// <summary>
    /// Takes <paramref name="persona"/> through ESIA, sends ESIA's callback to a broker process, waits until that broker is
    /// stalled by the trigger, kills it and ends its orphaned backend; returns when the backend is gone.
    /// </summary>
    private async Task KillBrokerMidSignInAsync(string persona)
    {
        using var browser = new BrowserClient();
        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, persona);
        await KillBrokerMidRequestAsync(browser, broker => new UriBuilder(callback) { Port = new Uri(broker.Url).Port }.Uri.ToString()); // cookies of 127.0.0.1 go to every port
    }

    /// <summary>
    /// Sends the GET <paramref name="urlAt"/> gives for a fresh broker process, waits until that broker is stalled by the
    /// trigger, kills it and ends its orphaned backend; returns when the backend is gone.
    /// </summary>
    private async Task KillBrokerMidRequestAsync(BrowserClient browser, Func<BrokerProcess, string> urlAt)
    {
        await using var broker = await BrokerProcess.StartAsync(_slice);
        var url = urlAt(broker);
        var signIn = Task.Run(() => browser.GetAsync(url));

        var backend = await StalledBackendAsync(signIn, broker);
        await broker.KillAsync();
        Assert.That(async () => await signIn, Throws.InstanceOf<Exception>(), "the killed broker must not have answered");
        await ExecuteAsync($"SELECT pg_terminate_backend({backend})");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await CountAsync($"SELECT count(*) FROM pg_stat_activity WHERE pid = {backend}", "") > 0)
        {
            Assert.That(DateTime.UtcNow, Is.LessThan(deadline), "the killed broker's backend did not end");
            await Task.Delay(100);
        }
    }

    private async Task<int> StalledBackendAsync(Task signIn, BrokerProcess broker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (signIn.IsCompleted)
            {
                Assert.Fail("the sign-in finished without reaching the stalled write: " + (signIn.IsFaulted ? signIn.Exception!.GetBaseException().Message : "answered") + "\n" + broker.Output);
            }

            await using var connection = new NpgsqlConnection(_slice.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event = 'PgSleep' AND pid <> pg_backend_pid()", connection);
            if (await command.ExecuteScalarAsync() is int pid)
            {
                return pid;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the broker never reached the stalled write: " + broker.Output);
    }

    /// <summary>A normal sign-in through the slice's in-process broker, to the demo client.</summary>
    private async Task SignInAsync(string persona)
    {
        using var browser = new BrowserClient();
        var callback = await EsiaFlows.UpToCallbackAsync(browser, _slice, persona);
        var page = await browser.GetAsync(callback);
        Assert.That(page.Url.ToString(), Does.StartWith(_slice.DemoUrl), page.Body);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql, string subject)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", subject);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
