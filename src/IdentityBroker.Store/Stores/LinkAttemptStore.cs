using IdentityBroker.Core.Stores;
using Npgsql;
using NpgsqlTypes;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// PostgreSQL <see cref="ILinkAttemptStore"/> (R-MATCH-6, R-REGION-3): <c>link_attempts</c>, one row per key. An attempt is
/// ONE statement, <c>INSERT … ON CONFLICT (key) DO UPDATE … WHERE retry_at &lt;= now RETURNING</c>: parallel attempts on a
/// key queue on its row lock, each sees the row its predecessor left, so none slips past a delay. The delay that follows
/// an attempt is computed in SQL from the policy's parameters exactly as <see cref="AttemptPolicy.DelayAfter"/> does
/// (same IEEE double arithmetic, ticks truncated, then microseconds truncated as Npgsql stores a timestamp).
/// </summary>
internal sealed class LinkAttemptStore(NpgsqlDataSource dataSource) : ILinkAttemptStore
{
    /// <summary>
    /// The SQL of <see cref="AttemptPolicy.DelayAfter"/> for attempt number <paramref name="n"/> (an SQL expression), with
    /// parameters @free (int), @base_seconds and @max_seconds (double: the policy's TotalSeconds) and @max_delay (interval).
    /// </summary>
    internal static string DelayAfterSql(string n) =>
        $"""
        CASE
            WHEN {n} < @free THEN interval '0'
            WHEN @base_seconds * power(2::float8, least(30, {n} - @free)) >= @max_seconds THEN @max_delay
            ELSE (floor(@base_seconds * power(2::float8, least(30, {n} - @free)) * 10000000::float8)::bigint / 10) * interval '1 microsecond'
        END
        """;

    private static readonly string BeginSql =
        $"""
        INSERT INTO broker.link_attempts AS a (key, attempts, last_attempt_at, retry_at)
        VALUES (@key, 1, @now, @now + {DelayAfterSql("1")})
        ON CONFLICT (key) DO UPDATE
        SET (attempts, last_attempt_at, retry_at) = (
            SELECT s.n, @now, @now + {DelayAfterSql("s.n")}
            FROM (SELECT CASE WHEN a.last_attempt_at + @forget_after <= @now THEN 1 ELSE a.attempts + 1 END AS n) AS s)
        WHERE a.retry_at <= @now
        RETURNING a.attempts, a.retry_at
        """;

    public async Task<AttemptGate> TryBeginAsync(string key, DateTimeOffset now, AttemptPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(policy);
        var utcNow = now.ToUniversalTime();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var begin = new NpgsqlCommand(BeginSql, connection))
        {
            begin.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = key });
            begin.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = utcNow });
            begin.Parameters.Add(new NpgsqlParameter<int>("free", NpgsqlDbType.Integer) { TypedValue = policy.FreeAttempts });
            begin.Parameters.Add(new NpgsqlParameter<double>("base_seconds", NpgsqlDbType.Double) { TypedValue = policy.BaseDelay.TotalSeconds });
            begin.Parameters.Add(new NpgsqlParameter<double>("max_seconds", NpgsqlDbType.Double) { TypedValue = policy.MaxDelay.TotalSeconds });
            begin.Parameters.Add(new NpgsqlParameter<TimeSpan>("max_delay", NpgsqlDbType.Interval) { TypedValue = policy.MaxDelay });
            begin.Parameters.Add(new NpgsqlParameter<TimeSpan>("forget_after", NpgsqlDbType.Interval) { TypedValue = policy.ForgetAfter });
            await using var reader = await begin.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var attempts = reader.GetInt32(0);
                var retryAt = reader.GetFieldValue<DateTimeOffset>(1);
                return new AttemptGate(true, attempts, retryAt > utcNow ? retryAt : null);
            }
        }

        // Delayed: the statement changed nothing. Report the row as it is now (a later statement sees the committed row).
        await using var read = new NpgsqlCommand("SELECT attempts, retry_at FROM broker.link_attempts WHERE key = @key", connection);
        read.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = key });
        await using var row = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await row.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AttemptGate(false, row.GetInt32(0), row.GetFieldValue<DateTimeOffset>(1))
            : new AttemptGate(false, 0, utcNow); // cleared in between: a retry may go at once
    }

    public async Task ClearAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var delete = new NpgsqlCommand("DELETE FROM broker.link_attempts WHERE key = @key", connection);
        delete.Parameters.Add(new NpgsqlParameter<string>("key", NpgsqlDbType.Text) { TypedValue = key });
        await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
