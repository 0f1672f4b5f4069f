using IdentityBroker.Core.Stores;
using IdentityBroker.Server;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Hosting;
using IdentityBroker.Store;
using IdentityBroker.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>Audit retention: <c>IdentityBroker:Audit:RetentionPeriod</c>, validated at start-up and applied by the cleanup service.</summary>
public sealed class AuditRetentionTests
{
    [TestCase("00:00:00")]
    [TestCase("-1.00:00:00")]
    public void Create_RetentionPeriodNotPositive_RefusedNamingTheKey(string value)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b =>
        {
            b.Configuration.Sources.Clear();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["IdentityBroker:Audit:RetentionPeriod"] = value });
        }));

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain("IdentityBroker:Audit:RetentionPeriod must be a positive duration"));
    }

    /// <summary>Issue #13: <c>IdentityBroker:DirectorySync:BatchRetention</c> (how long a batch id stays idempotent) is validated the same way.</summary>
    [TestCase("00:00:00")]
    [TestCase("-30.00:00:00")]
    public void Create_DirectorySyncBatchRetentionNotPositive_RefusedNamingTheKey(string value)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b =>
        {
            b.Configuration.Sources.Clear();
            b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["IdentityBroker:DirectorySync:BatchRetention"] = value });
        }));

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain("IdentityBroker:DirectorySync:BatchRetention must be a positive duration"));
    }

    [Test]
    public void Create_RetentionPeriodNotSet_DefaultOneYearAccepted()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => BrokerApp.Create([], b => b.Configuration.Sources.Clear()));

        Assert.That(string.Join("\n", ex!.Failures), Does.Not.Contain("RetentionPeriod").And.Not.Contain("BatchRetention"));
        Assert.That(new BrokerOptions().Audit.RetentionPeriod, Is.EqualTo(TimeSpan.FromDays(365)));
        Assert.That(new BrokerOptions().DirectorySync.BatchRetention, Is.EqualTo(TimeSpan.FromDays(30)));
    }

    [Test]
    public async Task CleanOnceAsync_ConfiguredRetention_OldAuditRecordsGoRecentStay()
    {
        var connectionString = await PostgresCluster.CreateDatabaseAsync("audit-retention");
        await using var services = new ServiceCollection().AddLogging().AddBrokerStore(connectionString).BuildServiceProvider();
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        var now = new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
        var log = services.GetRequiredService<IAuditLog>();
        await log.RecordAsync(Record(now.AddDays(-31), "OLD"), CancellationToken.None);
        await log.RecordAsync(Record(now.AddDays(-29), "RECENT"), CancellationToken.None);
        var options = new BrokerOptions { Audit = { RetentionPeriod = TimeSpan.FromDays(30) } };
        var service = new ExpiredStateCleanupService(
            services.GetRequiredService<ExpiredStateCleaner>(), Options.Create(options), new SettableClock(now), NullLogger<ExpiredStateCleanupService>.Instance);

        var deleted = await service.CleanOnceAsync(CancellationToken.None);

        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(await log.FindByReferenceAsync("OLD", CancellationToken.None), Is.Empty);
        Assert.That(await log.FindByReferenceAsync("RECENT", CancellationToken.None), Has.Count.EqualTo(1));
    }

    private static AuditRecord Record(DateTimeOffset at, string reference) =>
        new(at, AuditEventTypes.SignIn, "38", "diary-web", "success", null, "d38-1001", "hash", reference, null);
}
