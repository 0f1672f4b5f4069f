using IdentityBroker.Core.Consent;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Consent;

/// <summary>Steps shared by the R-CONSENT-1 tests: the person's consent in the store, their audit records, the consent page.</summary>
internal static class DataConsentSteps
{
    public const string ConfirmedAdultOid = "1000000001";
    public const string SeveralAccountsOid = "1000000006";
    public const string AcceptButton = "#data-consent-accept";
    public const string DeclineButton = "#data-consent-decline";

    public static string SubjectHash(SliceEnvironment slice, string oid) =>
        slice.BrokerServices.GetRequiredService<PersonalDataHasher>().HashEsiaSubject(oid);

    public static IDataConsentStore ConsentStore(SliceEnvironment slice) => slice.BrokerServices.GetRequiredService<IDataConsentStore>();

    public static Task<DataConsent?> ActiveAsync(SliceEnvironment slice, string oid) =>
        ConsentStore(slice).FindActiveAsync(SliceEnvironment.RegionCode, SubjectHash(slice, oid), CancellationToken.None);

    /// <summary>
    /// Starts a test from "never consented" and "signed in nowhere", whatever earlier tests of the fixture did: the consent is
    /// closed and the person's broker sessions are ended quietly (no back-channel logout). Returns the audit mark (the last
    /// audit record id) after which the test's own records follow.
    /// </summary>
    public static async Task<long> ForgetAsync(SliceEnvironment slice, string oid)
    {
        var now = DateTimeOffset.UtcNow;
        var hash = SubjectHash(slice, oid);
        await ConsentStore(slice).RevokeAsync(SliceEnvironment.RegionCode, hash, now, CancellationToken.None);
        var sessions = slice.BrokerServices.GetRequiredService<ISessionStore>();
        foreach (var link in await slice.BrokerServices.GetRequiredService<IAccountLinkStore>().FindAsync(SliceEnvironment.RegionCode, hash, CancellationToken.None))
        {
            foreach (var session in await sessions.FindActiveBySubjectAsync(SliceEnvironment.RegionCode, link.DiaryAccountId, now, CancellationToken.None))
            {
                await sessions.EndAsync(session.SessionId, now, [], CancellationToken.None);
            }
        }

        await using var connection = new NpgsqlConnection(slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM broker.audit_records", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A browser that stops at the consent page instead of clicking through it (other interstitials still clicked).</summary>
    public static BrowserClient StoppingBrowser()
    {
        var browser = new BrowserClient();
        browser.AutoContinue.Remove(AcceptButton);
        return browser;
    }

    public static bool IsConsentPage(Page page) =>
        page.Status == System.Net.HttpStatusCode.OK && page.Document.QuerySelector("form#data-consent " + AcceptButton) is not null;

    /// <summary>The person's audit records of one event type after <paramref name="mark"/> (<see cref="ForgetAsync"/>), oldest first.</summary>
    public static async Task<List<(string Outcome, string? Rule, string? Account, string? Client, string? Detail, string? Reference)>> AuditAsync(
        SliceEnvironment slice, string oid, string eventType, long mark)
    {
        await using var connection = new NpgsqlConnection(slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT outcome, rule_id, diary_account_id, client_id, detail, reference_number FROM broker.audit_records " +
            "WHERE esia_subject_hash = @h AND event_type = @t AND id > @mark ORDER BY id", connection);
        command.Parameters.AddWithValue("h", SubjectHash(slice, oid));
        command.Parameters.AddWithValue("t", eventType);
        command.Parameters.AddWithValue("mark", mark);
        var rows = new List<(string, string?, string?, string?, string?, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), Nullable(reader, 1), Nullable(reader, 2), Nullable(reader, 3), Nullable(reader, 4), Nullable(reader, 5)));
        }

        return rows;
    }

    /// <summary>Every audit column's text of the person's records, to prove no personal data is written.</summary>
    public static async Task<string> AuditTextAsync(SliceEnvironment slice, string oid)
    {
        await using var connection = new NpgsqlConnection(slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT row_to_json(a)::text FROM broker.audit_records a WHERE esia_subject_hash = @h", connection);
        command.Parameters.AddWithValue("h", SubjectHash(slice, oid));
        var text = new System.Text.StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            text.AppendLine(reader.GetString(0));
        }

        return text.ToString();
    }

    private static string? Nullable(NpgsqlDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
}
