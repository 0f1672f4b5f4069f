using IdentityBroker.Testing;
using Npgsql;

namespace IdentityBroker.Store.Tests;

public sealed class PostgresClusterTests
{
    [Test]
    public async Task CreateDatabaseAsync_CalledTwice_ReturnsDistinctEmptyDatabases()
    {
        var first = await PostgresCluster.CreateDatabaseAsync("cluster");
        var second = await PostgresCluster.CreateDatabaseAsync("cluster");

        Assert.That(new NpgsqlConnectionStringBuilder(first).Database, Is.Not.EqualTo(new NpgsqlConnectionStringBuilder(second).Database));
        await using var connection = new NpgsqlConnection(first);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')", connection);
        Assert.That(await command.ExecuteScalarAsync(), Is.Zero);
        TestContext.Out.WriteLine($"PostgreSQL test cluster start: {PostgresCluster.StartDuration?.TotalSeconds:F2} s");
    }
}
