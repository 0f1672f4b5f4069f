using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// What the sign-in has written since a <see cref="Mark"/>: authorization codes, broker sessions, diary links, data consents,
/// parental consents and the audit records of decisions (a success, a link, a consent granted or declined, a request, a
/// password attempt). A form that can no longer be used writes none of them. Other audit records (e.g. one the rewrite may
/// add for a refused replay) are deliberately not counted. The tests of the folder run one at a time, so counting the
/// whole database since the mark counts the test's own writes.
/// </summary>
internal sealed record Ledger(long Codes, long Sessions, long Links, long DataConsents, long ParentalConsents, long Decisions)
{
    private static readonly string[] EventTypes =
    [
        AuditEventTypes.SignIn, AuditEventTypes.Link, AuditEventTypes.DataConsent, AuditEventTypes.ParentalConsent,
        AuditEventTypes.ConsentRequest, AuditEventTypes.ManualLinkAttempt,
    ];

    private static readonly string[] DecisionOutcomes =
    [
        AuditOutcomes.Success, AuditOutcomes.Granted, AuditOutcomes.Declined, AuditOutcomes.Requested, AuditOutcomes.WrongCredentials, AuditOutcomes.Delayed,
    ];

    /// <summary>The moment (broker clock) and the last audit record id before a test's own writes.</summary>
    internal sealed record Mark(DateTimeOffset Since, long AuditId);

    public static async Task<Mark> MarkAsync(SliceEnvironment slice)
    {
        await using var connection = new NpgsqlConnection(slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT coalesce(max(id), 0) FROM broker.audit_records", connection);
        return new Mark(slice.Clock.UtcNow.AddMilliseconds(-1), (long)(await command.ExecuteScalarAsync())!);
    }

    public static async Task<Ledger> SinceAsync(SliceEnvironment slice, Mark mark)
    {
        await using var connection = new NpgsqlConnection(slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM broker.authorization_codes WHERE created_at BETWEEN @t AND @until),
                   (SELECT count(*) FROM broker.broker_sessions WHERE created_at BETWEEN @t AND @until),
                   (SELECT count(*) FROM broker.account_links WHERE linked_at BETWEEN @t AND @until),
                   (SELECT count(*) FROM broker.data_consents WHERE granted_at BETWEEN @t AND @until),
                   (SELECT count(*) FROM broker.parental_consents WHERE granted_at BETWEEN @t AND @until),
                   (SELECT count(*) FROM broker.audit_records WHERE id > @a AND event_type = ANY(@types) AND outcome = ANY(@outcomes))
            """, connection);
        command.Parameters.AddWithValue("t", mark.Since);
        // up to the clock's now: rows a test wrote while it had moved the clock ahead (StepExpiryTests) are not this test's
        command.Parameters.AddWithValue("until", slice.Clock.UtcNow.AddSeconds(30));
        command.Parameters.AddWithValue("a", mark.AuditId);
        command.Parameters.AddWithValue("types", EventTypes);
        command.Parameters.AddWithValue("outcomes", DecisionOutcomes);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Ledger(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }
}
