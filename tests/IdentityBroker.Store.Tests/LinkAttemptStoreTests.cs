using IdentityBroker.Core.Stores;
using IdentityBroker.Store.Stores;
using Npgsql;
using NpgsqlTypes;

namespace IdentityBroker.Store.Tests;

/// <summary>R-MATCH-6 / R-REGION-3: the attempt limiter on PostgreSQL.</summary>
public sealed class LinkAttemptStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly AttemptPolicy Policy = AttemptPolicy.ManualLinkDefault; // 3 free, 30 s doubling, 1 h cap, forgotten after a day

    /// <summary>Policies for the SQL-versus-C# table: defaults, no free attempts, fractions that are not exact in binary,
    /// a cap hit early, a cap never hit (exponent capped at 30), sub-microsecond parts.</summary>
    private static readonly AttemptPolicy[] Policies =
    [
        AttemptPolicy.ManualLinkDefault,
        new(0, TimeSpan.FromSeconds(1.5), TimeSpan.FromMinutes(10), TimeSpan.FromDays(1)),
        new(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), TimeSpan.FromHours(1)),
        new(5, TimeSpan.FromMilliseconds(300), TimeSpan.FromDays(3650), TimeSpan.FromDays(3650)),
        new(2, TimeSpan.FromTicks(7), TimeSpan.FromDays(1), TimeSpan.FromDays(2)),
        new(3, TimeSpan.FromTicks(1_234_567), TimeSpan.FromTicks(98_765_432_123), TimeSpan.FromDays(30)),
        new(10, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.FromDays(1)),
    ];

    private StoreTestDatabase _database = null!;
    private ILinkAttemptStore _store = null!;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("attempts");
        _store = _database.Get<ILinkAttemptStore>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task DelayAfterSql_Rmatch6_AgreesWithAttemptPolicyDelayAfter([Range(0, 6)] int policyIndex)
    {
        var policy = Policies[policyIndex];
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        var mismatches = new List<string>();
        for (var n = 1; n <= 45; n++)
        {
            await using var command = new NpgsqlCommand($"SELECT {LinkAttemptStore.DelayAfterSql("@n")}", connection);
            command.Parameters.Add(new NpgsqlParameter<int>("n", NpgsqlDbType.Integer) { TypedValue = n });
            command.Parameters.Add(new NpgsqlParameter<int>("free", NpgsqlDbType.Integer) { TypedValue = policy.FreeAttempts });
            command.Parameters.Add(new NpgsqlParameter<double>("base_seconds", NpgsqlDbType.Double) { TypedValue = policy.BaseDelay.TotalSeconds });
            command.Parameters.Add(new NpgsqlParameter<double>("max_seconds", NpgsqlDbType.Double) { TypedValue = policy.MaxDelay.TotalSeconds });
            command.Parameters.Add(new NpgsqlParameter<TimeSpan>("max_delay", NpgsqlDbType.Interval) { TypedValue = policy.MaxDelay });
            var sql = (TimeSpan)(await command.ExecuteScalarAsync())!;

            var expected = Microseconds(policy.DelayAfter(n));
            if (sql != expected)
            {
                mismatches.Add($"n={n}: SQL {sql} vs C# {expected}");
            }
        }

        Assert.That(mismatches, Is.Empty);
    }

    [Test]
    public async Task TryBeginAsync_Rmatch6_EachAllowedAttemptSetsRetryAtFromDelayAfter([Range(0, 6)] int policyIndex)
    {
        var policy = Policies[policyIndex] with { ForgetAfter = TimeSpan.FromDays(36500) };
        var key = NewKey();
        var now = T0;
        for (var n = 1; n <= 20; n++)
        {
            var gate = await _store.TryBeginAsync(key, now, policy, CancellationToken.None);

            var delay = Microseconds(policy.DelayAfter(n));
            Assert.That(gate, Is.EqualTo(new AttemptGate(true, n, delay > TimeSpan.Zero ? now + delay : null)), $"attempt {n}");
            now = gate.RetryAt ?? now;
        }
    }

    [Test]
    public async Task TryBeginAsync_Rmatch6_TenParallelOnFreshKey_ExactlyTheFreeAttemptsAllowed()
    {
        var key = NewKey();

        var gates = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => _store.TryBeginAsync(key, T0, Policy, CancellationToken.None))));

        // attempts 1 and 2 leave retry_at = now (no delay); attempt 3 sets retry_at = now + 30 s; the other 7 find it delayed
        var allowed = gates.Where(g => g.Allowed).OrderBy(g => g.Attempts).ToList();
        Assert.That(allowed, Is.EqualTo(new[]
        {
            new AttemptGate(true, 1, null), new AttemptGate(true, 2, null), new AttemptGate(true, 3, T0.AddSeconds(30)),
        }));
        Assert.That(gates.Where(g => !g.Allowed), Has.Exactly(7).EqualTo(new AttemptGate(false, 3, T0.AddSeconds(30))));
    }

    [Test]
    public async Task TryBeginAsync_Rmatch6_DelaysGrowAndAreKept()
    {
        var key = NewKey();
        for (var i = 0; i < 3; i++)
        {
            Assert.That((await Begin(key, T0)).Allowed, Is.True);
        }

        // after attempt 3: 30 s; refused attempts change nothing
        Assert.That(await Begin(key, T0.AddSeconds(29)), Is.EqualTo(new AttemptGate(false, 3, T0.AddSeconds(30))));
        Assert.That(await Begin(key, T0.AddSeconds(29.999)), Is.EqualTo(new AttemptGate(false, 3, T0.AddSeconds(30))));
        // after 4: 1 min, after 5: 2 min, after 6: 4 min
        var t4 = T0.AddSeconds(30);
        Assert.That(await Begin(key, t4), Is.EqualTo(new AttemptGate(true, 4, t4.AddMinutes(1))));
        Assert.That(await Begin(key, t4.AddSeconds(59)), Is.EqualTo(new AttemptGate(false, 4, t4.AddMinutes(1))));
        var t5 = t4.AddMinutes(1);
        Assert.That(await Begin(key, t5), Is.EqualTo(new AttemptGate(true, 5, t5.AddMinutes(2))));
        var t6 = t5.AddMinutes(5);
        Assert.That(await Begin(key, t6), Is.EqualTo(new AttemptGate(true, 6, t6.AddMinutes(4))));

        // capped at one hour: attempt 10 would be 30 s × 2^7 = 64 min
        var t = t6.AddMinutes(4);
        for (var n = 7; n <= 10; n++)
        {
            var gate = await Begin(key, t);
            Assert.That(gate.Allowed, Is.True);
            Assert.That(gate.RetryAt - t, Is.EqualTo(Policy.DelayAfter(n)), $"attempt {n}");
            t = gate.RetryAt!.Value;
        }

        Assert.That(Policy.DelayAfter(10), Is.EqualTo(TimeSpan.FromHours(1)));
    }

    [Test]
    public async Task TryBeginAsync_Rmatch6_FailuresForgottenAfterForgetAfter()
    {
        var key = NewKey();
        var t = T0;
        for (var n = 1; n <= 5; n++)
        {
            t = (await Begin(key, t)).RetryAt ?? t;
        }

        // the last attempt (5) was at T0 + 30 s + 1 min; it delayed the next by 2 min
        var last = T0.AddSeconds(90);
        Assert.That(await Begin(key, last.AddDays(1).AddTicks(-10)), Is.EqualTo(new AttemptGate(true, 6, last.AddDays(1).AddTicks(-10).AddMinutes(4))));
        var sixth = last.AddDays(1).AddTicks(-10);
        Assert.That(await Begin(key, sixth.AddDays(1)), Is.EqualTo(new AttemptGate(true, 1, null)));
    }

    [Test]
    public async Task ClearAsync_Rmatch6_AfterSuccess_CountingStartsAgain()
    {
        var key = NewKey();
        for (var i = 0; i < 3; i++)
        {
            await Begin(key, T0);
        }

        await _store.ClearAsync(key, CancellationToken.None);

        Assert.That(await Begin(key, T0.AddSeconds(1)), Is.EqualTo(new AttemptGate(true, 1, null)));
        await _store.ClearAsync(NewKey(), CancellationToken.None); // a key never seen: nothing to do
    }

    [Test]
    public async Task TryBeginAsync_Rmatch6_KeysAreIndependent()
    {
        var delayed = NewKey();
        for (var i = 0; i < 4; i++)
        {
            await Begin(delayed, T0);
        }

        Assert.That((await Begin(delayed, T0)).Allowed, Is.False);
        Assert.That(await Begin(NewKey(), T0), Is.EqualTo(new AttemptGate(true, 1, null)));
    }

    private Task<AttemptGate> Begin(string key, DateTimeOffset now) => _store.TryBeginAsync(key, now, Policy, CancellationToken.None);

    private static string NewKey() => $"account:38:{Guid.NewGuid():N}";

    /// <summary>What PostgreSQL can hold: timestamps and intervals are whole microseconds (Npgsql truncates ticks).</summary>
    private static TimeSpan Microseconds(TimeSpan value) => TimeSpan.FromTicks(value.Ticks / 10 * 10);
}
