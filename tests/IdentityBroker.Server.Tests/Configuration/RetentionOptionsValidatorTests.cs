using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary>
/// <see cref="AuditOptionsValidator"/> (<c>IdentityBroker:Audit</c>) and <see cref="DirectorySyncOptionsValidator"/>
/// (<c>IdentityBroker:DirectorySync</c>): the two retentions the background cleanup deletes by.
/// </summary>
public sealed class RetentionOptionsValidatorTests
{
    [Test]
    public void Validate_Defaults_Succeed()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(new AuditOptionsValidator().Validate(null, new BrokerOptions()).Succeeded, Is.True);
            Assert.That(new DirectorySyncOptionsValidator().Validate(null, new BrokerOptions()).Succeeded, Is.True);
        }
    }

    [Test]
    public void StartupValidation_GoodValues_AcceptedAndBound()
    {
        var settings = new Dictionary<string, string?>
        {
            ["IdentityBroker:Audit:RetentionPeriod"] = "730.00:00:00",
            ["IdentityBroker:DirectorySync:BatchRetention"] = "7.00:00:00",
        };

        Assert.That(BrokerOptionsSections.StartupFailures(settings), Is.Empty);
        var bound = BrokerOptionsSections.Bound(settings);
        Assert.That((bound.Audit.RetentionPeriod, bound.DirectorySync.BatchRetention), Is.EqualTo((TimeSpan.FromDays(730), TimeSpan.FromDays(7))));
    }

    [TestCase("IdentityBroker:Audit:RetentionPeriod", "00:00:00", "how long audit records are kept, e.g. 365.00:00:00")]
    [TestCase("IdentityBroker:Audit:RetentionPeriod", "-1.00:00:00", "how long audit records are kept, e.g. 365.00:00:00")]
    [TestCase("IdentityBroker:DirectorySync:BatchRetention", "00:00:00", "how long a directory sync batch id stays idempotent, e.g. 30.00:00:00")]
    public void StartupValidation_NotPositive_FailsNamingTheKeyAndTheFix(string key, string value, string fix)
    {
        var failures = BrokerOptionsSections.StartupFailures(new() { [key] = value });

        Assert.That(failures, Has.Count.EqualTo(1).And.Some.StartsWith($"{key} must be a positive duration: {fix}"));
    }
}
