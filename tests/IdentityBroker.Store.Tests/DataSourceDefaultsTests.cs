using Npgsql;

namespace IdentityBroker.Store.Tests;

/// <summary>The broker's data source defaults (issue #11): auto-prepare and no session reset, unless the connection string says otherwise.</summary>
public sealed class DataSourceDefaultsTests
{
    [Test]
    public void CreateDataSource_NotSet_AutoPrepareAndNoResetOnClose()
    {
        using var source = StoreServiceCollectionExtensions.CreateDataSource("Host=127.0.0.1;Port=5432;Username=postgres;Database=broker");

        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        Assert.That(settings.MaxAutoPrepare, Is.EqualTo(StoreServiceCollectionExtensions.DefaultMaxAutoPrepare));
        Assert.That(settings.NoResetOnClose, Is.True);
    }

    [TestCase("Max Auto Prepare=0;No Reset On Close=false")]
    public void CreateDataSource_SetByOperator_Kept(string extra)
    {
        using var source = StoreServiceCollectionExtensions.CreateDataSource("Host=127.0.0.1;Username=postgres;Database=broker;" + extra);

        var settings = new NpgsqlConnectionStringBuilder(source.ConnectionString);
        Assert.That(settings.MaxAutoPrepare, Is.Zero);
        Assert.That(settings.NoResetOnClose, Is.False);
    }
}
