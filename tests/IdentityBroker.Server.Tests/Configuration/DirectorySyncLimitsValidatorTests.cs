using IdentityBroker.Server.Admin.DirectorySync;
using IdentityBroker.Server.Configuration;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary>
/// <see cref="DirectorySyncOptionsValidator"/>: the directory sync batch limits (<c>IdentityBroker:DirectorySync:MaxBatchRows</c>
/// / <c>MaxBatchBytes</c>, issue #13), validated with the other settings at start-up and read by <see cref="DirectorySyncLimits"/>.
/// </summary>
public sealed class DirectorySyncLimitsValidatorTests
{
    private const string Section = "IdentityBroker:DirectorySync";

    [Test]
    public void Defaults_10000RowsAnd16MiB()
    {
        var limits = DirectorySyncLimits.From(BrokerOptionsSections.Bound([]).DirectorySync);

        Assert.That(limits, Is.EqualTo(new DirectorySyncLimits(10_000, 16 * 1024 * 1024)));
    }

    [Test]
    public void StartupValidation_GoodValues_AcceptedAndRead()
    {
        var settings = new Dictionary<string, string?> { [$"{Section}:MaxBatchRows"] = "1", [$"{Section}:MaxBatchBytes"] = "1073741824" };

        Assert.That(BrokerOptionsSections.StartupFailures(settings), Is.Empty);
        Assert.That(DirectorySyncLimits.From(BrokerOptionsSections.Bound(settings).DirectorySync), Is.EqualTo(new DirectorySyncLimits(1, 1L << 30)));
    }

    [TestCase("MaxBatchRows", "0", "MaxBatchRows must be a whole number from 1 to 1000000 (got 0); remove it for the default 10000.")]
    [TestCase("MaxBatchRows", "1000001", "MaxBatchRows must be a whole number from 1 to 1000000 (got 1000001); remove it for the default 10000.")]
    [TestCase("MaxBatchBytes", "1023", "MaxBatchBytes must be a whole number from 1024 to 1073741824 (got 1023); remove it for the default 16777216.")]
    [TestCase("MaxBatchBytes", "1073741825", "MaxBatchBytes must be a whole number from 1024 to 1073741824 (got 1073741825); remove it for the default 16777216.")]
    public void StartupValidation_OutOfRange_FailsNamingTheKeyAndTheFix(string key, string value, string expected)
    {
        var failures = BrokerOptionsSections.StartupFailures(new() { [$"{Section}:{key}"] = value });

        Assert.That(failures, Is.EqualTo(new[] { $"{Section}:{expected}" }));
    }
}
