using IdentityBroker.Core.Interaction;
using IdentityBroker.Core.Protocol;
using IdentityBroker.Core.Stores;

namespace IdentityBroker.Store.Tests;

public sealed class ExpiredStateCleanerTests
{
    [Test]
    public async Task DeleteExpiredAuditRecordsAsync_Retention_OldRecordsGoInBatchesRecentStay()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup-audit");
        var log = database.Get<IAuditLog>();
        var retention = TimeSpan.FromDays(365);
        for (var i = 0; i < 23; i++)
        {
            await log.RecordAsync(AuditAt(Now - retention - TimeSpan.FromMinutes(i + 1), "OLD"), CancellationToken.None);
        }

        await log.RecordAsync(AuditAt(Now - retention, "KEPT"), CancellationToken.None);
        await log.RecordAsync(AuditAt(Now.AddDays(-1), "KEPT"), CancellationToken.None);
        var cleaner = database.Get<ExpiredStateCleaner>();

        var limited = await cleaner.DeleteExpiredAuditRecordsAsync(Now, retention, batchSize: 5, maxBatches: 2, CancellationToken.None);
        var rest = await cleaner.DeleteExpiredAuditRecordsAsync(Now, retention, batchSize: 5, maxBatches: 100, CancellationToken.None);
        var none = await cleaner.DeleteExpiredAuditRecordsAsync(Now, retention, batchSize: 5, maxBatches: 100, CancellationToken.None);

        Assert.That((limited, rest, none), Is.EqualTo(((int?)10, (int?)13, (int?)0)));
        Assert.That(await log.FindByReferenceAsync("OLD", CancellationToken.None), Is.Empty);
        Assert.That(await log.FindByReferenceAsync("KEPT", CancellationToken.None), Has.Count.EqualTo(2));
    }

    /// <summary>Issue #13: directory sync batch ids are remembered for <c>IdentityBroker:DirectorySync:BatchRetention</c>, then deleted in batches.</summary>
    [Test]
    public async Task DeleteExpiredDirectorySyncBatchesAsync_Retention_OldBatchesGoInBatchesRecentStay()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup-dirsync");
        var retention = TimeSpan.FromDays(30);
        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        async Task InsertAsync(string region, string batchId, DateTimeOffset receivedAt)
        {
            await using var insert = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO broker.directory_sync_batches (region_code, batch_id, client_id, body_sha256, received_at, rows, rejected, outcome)
                VALUES (@region, @batch, 'sync-client', 'hash', @at, 1, 0, '{}'::jsonb)
                """, connection);
            insert.Parameters.AddWithValue("region", region);
            insert.Parameters.AddWithValue("batch", batchId);
            insert.Parameters.AddWithValue("at", receivedAt.UtcDateTime);
            await insert.ExecuteNonQueryAsync();
        }

        for (var i = 0; i < 12; i++)
        {
            await InsertAsync(i % 2 == 0 ? "38" : "77", "old-" + i, Now - retention - TimeSpan.FromMinutes(i + 1));
        }

        await InsertAsync("38", "kept-at-cutoff", Now - retention);
        await InsertAsync("77", "kept-recent", Now.AddDays(-1));
        var cleaner = database.Get<ExpiredStateCleaner>();

        var limited = await cleaner.DeleteExpiredDirectorySyncBatchesAsync(Now, retention, batchSize: 5, maxBatches: 1, CancellationToken.None);
        var rest = await cleaner.DeleteExpiredDirectorySyncBatchesAsync(Now, retention, batchSize: 5, maxBatches: 100, CancellationToken.None);
        var none = await cleaner.DeleteExpiredDirectorySyncBatchesAsync(Now, retention, batchSize: 5, maxBatches: 100, CancellationToken.None);

        Assert.That((limited, rest, none), Is.EqualTo(((int?)5, (int?)7, (int?)0)));
        await using var left = new Npgsql.NpgsqlCommand("SELECT string_agg(batch_id, ',' ORDER BY batch_id) FROM broker.directory_sync_batches", connection);
        Assert.That(await left.ExecuteScalarAsync(), Is.EqualTo("kept-at-cutoff,kept-recent"));
    }

    [Test]
    public async Task DeleteExpiredAuditRecordsAsync_AnotherReplicaHoldsTheLock_SkipsAndDeletesNothing()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup-audit-lock");
        var log = database.Get<IAuditLog>();
        await log.RecordAsync(AuditAt(Now.AddDays(-400), "OLD"), CancellationToken.None);
        await using var other = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await other.OpenAsync();
        await using (var take = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({AdvisoryLocks.AuditRetention})", other))
        {
            await take.ExecuteNonQueryAsync();
        }

        var skipped = await database.Get<ExpiredStateCleaner>().DeleteExpiredAuditRecordsAsync(Now, TimeSpan.FromDays(365), 10, 10, CancellationToken.None);

        Assert.That(skipped, Is.Null);
        Assert.That(await log.FindByReferenceAsync("OLD", CancellationToken.None), Has.Count.EqualTo(1));
    }

    private static AuditRecord AuditAt(DateTimeOffset at, string reference) =>
        new(at, AuditEventTypes.SignIn, "38", "diary-web", "success", null, "d38-1001", "hash", reference, null);

    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task DeleteExpiredAsync_MixedRows_DeletesOnlyExpired()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup");
        var pending = database.Get<ISignInTransactionStore>();
        var codes = database.Get<IAuthorizationCodeStore>();
        var live = Guid.NewGuid();
        await pending.CreateAsync(NewPending(live, Now.AddMinutes(5)), CancellationToken.None);
        await pending.CreateAsync(NewPending(Guid.NewGuid(), Now.AddMinutes(-5)), CancellationToken.None);
        await codes.StoreAsync(NewCode("live", Now.AddMinutes(1)), CancellationToken.None);
        await codes.StoreAsync(NewCode("old", Now.AddMinutes(-1)), CancellationToken.None);

        var result = await database.Get<ExpiredStateCleaner>().DeleteExpiredAsync(Now, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new CleanupResult(1, 1)));
        Assert.That((await codes.ConsumeAsync("old", Now.AddMinutes(-2), CancellationToken.None)).Status, Is.EqualTo(CodeConsumeStatus.NotFound));
        Assert.That((await codes.ConsumeAsync("live", Now, CancellationToken.None)).Status, Is.EqualTo(CodeConsumeStatus.Consumed));
        Assert.That((await pending.ClaimAsync(live, SignInStep.Esia, 0, "binding", Now, CancellationToken.None)).Result, Is.EqualTo(ClaimResult.Claimed));
    }

    [Test]
    public async Task DeleteExpiredAsync_ExpiredCodeKeptForReplay_NotDeletedBeforeKeepUntil()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup-keep");
        var codes = database.Get<IAuthorizationCodeStore>();
        await codes.StoreAsync(NewCode("kept", Now.AddMinutes(1)), CancellationToken.None);
        await codes.ConsumeAsync("kept", Now, CancellationToken.None);
        await codes.RecordIssuedAsync("kept", "jti", Now.AddMinutes(15), "family", Now.AddMinutes(15), CancellationToken.None);
        var cleaner = database.Get<ExpiredStateCleaner>();

        var beforeKeepUntil = await cleaner.DeleteExpiredAsync(Now.AddMinutes(10), CancellationToken.None);
        var replay = await codes.ConsumeAsync("kept", Now.AddMinutes(10), CancellationToken.None);
        var afterKeepUntil = await cleaner.DeleteExpiredAsync(Now.AddMinutes(15), CancellationToken.None);

        Assert.That(beforeKeepUntil!.AuthorizationCodes, Is.Zero);
        Assert.That(replay.Status, Is.EqualTo(CodeConsumeStatus.AlreadyConsumed));
        Assert.That(replay.Issued?.AccessTokenJti, Is.EqualTo("jti"));
        Assert.That(afterKeepUntil!.AuthorizationCodes, Is.EqualTo(1));
    }

    [Test]
    public async Task DeleteExpiredAsync_NewTables_DeletesOnlyExpiredAndClearsOldSuccessorHandles()
    {
        await using var database = await StoreTestDatabase.CreateAsync("cleanup-oidc");
        var refresh = database.Get<IRefreshTokenStore>();
        var sessions = database.Get<ISessionStore>();
        var outbox = database.Get<IOutbox>();
        var pushed = database.Get<IPushedRequestStore>();
        var revoked = database.Get<IRevokedTokenStore>();
        var request = NewPending(Guid.NewGuid(), Now).Request;

        var used = NewRefresh("used", Now.AddDays(1));
        await refresh.CreateAsync(used, CancellationToken.None);
        await refresh.CreateAsync(NewRefresh("expired", Now), CancellationToken.None);
        await refresh.UseAsync("used", Now.AddHours(-2), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(10), NewRefresh("successor", Now.AddDays(1)), [1, 2], CancellationToken.None);
        await sessions.CreateAsync(NewSession("live-sid", Now.AddHours(1)), CancellationToken.None);
        await sessions.CreateAsync(NewSession("old-sid", Now), CancellationToken.None);
        await sessions.AddClientAsync("old-sid", "c", CancellationToken.None);
        await revoked.RevokeAsync("live-jti", Now.AddMinutes(1), CancellationToken.None);
        await revoked.RevokeAsync("old-jti", Now, CancellationToken.None);
        await pushed.SaveAsync("live-par", request, null, Now.AddMinutes(1), CancellationToken.None);
        await pushed.SaveAsync("old-par", request, null, Now, CancellationToken.None);
        await outbox.EnqueueAsync(
            [
                OutboxMessage.New(OutboxKinds.Webhook, "https://h.example", "application/json", "{}", "delivered-long-ago", Now.AddDays(-8)),
                OutboxMessage.New(OutboxKinds.Webhook, "https://h.example", "application/json", "{}", "pending", Now.AddDays(-8)),
            ],
            CancellationToken.None);
        var claimed = await outbox.ClaimDueAsync(10, Now.AddDays(-8), TimeSpan.FromSeconds(30), CancellationToken.None);
        await outbox.MarkDeliveredAsync(claimed.Single(m => m.IdempotencyKey == "delivered-long-ago").Id, Now.AddDays(-8), CancellationToken.None);
        await using (var db = database.CreateContext())
        {
            db.ReplayEntries.AddRange(new Entities.ReplayEntryEntity { Key = "live", ExpiresAt = Now.AddMinutes(1) }, new Entities.ReplayEntryEntity { Key = "old", ExpiresAt = Now });
            await db.SaveChangesAsync();
        }

        var result = await database.Get<ExpiredStateCleaner>().DeleteExpiredAsync(Now, CancellationToken.None);

        Assert.That(result, Is.EqualTo(new CleanupResult(0, 0, RefreshTokens: 1, SuccessorHandlesCleared: 1, RevokedAccessTokens: 1, BrokerSessions: 1, OutboxMessages: 1, PushedRequests: 1, ReplayEntries: 1)));
        await using var after = database.CreateContext();
        Assert.That(after.RefreshTokens.Select(t => t.TokenHash).OrderBy(h => h).ToList(), Is.EqualTo(new[] { "successor", "used" }));
        Assert.That(after.RefreshTokens.Single(t => t.TokenHash == "used").ProtectedSuccessor, Is.Null);
        Assert.That(after.BrokerSessions.Select(x => x.SessionId).ToList(), Is.EqualTo(new[] { "live-sid" }));
        Assert.That(after.SessionClients.Count(), Is.Zero);
        Assert.That(after.RevokedAccessTokens.Select(x => x.Jti).ToList(), Is.EqualTo(new[] { "live-jti" }));
        Assert.That(after.PushedAuthorizationRequests.Select(x => x.RequestUriHash).ToList(), Is.EqualTo(new[] { "live-par" }));
        Assert.That(after.OutboxMessages.Select(x => x.IdempotencyKey).ToList(), Is.EqualTo(new[] { "pending" }));
        Assert.That(after.ReplayEntries.Select(x => x.Key).ToList(), Is.EqualTo(new[] { "live" }));
    }

    private static RefreshTokenRecord NewRefresh(string hash, DateTimeOffset expiresAt) =>
        new(hash, "family", "c", "d38-1", "38", "openid", "sid", Now, null, [], null, Now.AddDays(-1), expiresAt);

    private static BrokerSessionRecord NewSession(string sessionId, DateTimeOffset expiresAt) =>
        new(sessionId, "38", "d38-1", "esia-hash", Now.AddHours(-1), null, [], Now.AddHours(-1), expiresAt, null);

    private static SignInTransaction NewPending(Guid state, DateTimeOffset expiresAt) => new(
        state,
        "binding",
        new AuthorizationRequest("c", "https://c.example/cb", "openid", null, null, null, null, "query", null, null, null, null, "38"),
        SignInStep.Esia,
        0,
        null,
        Now.AddMinutes(-10),
        expiresAt);

    private static AuthorizationCodeGrant NewCode(string hash, DateTimeOffset expiresAt) =>
        new(hash, "c", "https://c.example/cb", "d38-1", "38", "openid", null, null, null, "sid", Now, null, [], Now.AddMinutes(-2), expiresAt);
}
