using Npgsql;

namespace IdentityBroker.Store.Tests;

/// <summary>Raw reads of the directory tables, bypassing the store, for assertions on what is really stored.</summary>
internal static class DirectoryTable
{
    /// <summary>Every column of the region's accounts and relations as text, in a stable order.</summary>
    public static async Task<string> SnapshotAsync(string connectionString, string regionCode, bool withTimestamps = true)
    {
        var timestamps = withTimestamps ? "" : " - 'imported_at' - 'updated_at'";
        return await ScalarAsync<string>(connectionString, $"""
            SELECT coalesce((SELECT string_agg((to_jsonb(a){timestamps})::text, E'\n' ORDER BY a.id) FROM broker.diary_accounts a WHERE a.region_code = @r), '')
                || E'\n' ||
                   coalesce((SELECT string_agg(r::text, E'\n' ORDER BY r.parent_id, r.child_id) FROM broker.diary_relations r WHERE r.region_code = @r), '')
            """, regionCode) ?? "";
    }

    /// <summary>All text of both tables (every region), to search for values that must never be stored.</summary>
    public static async Task<string> AllTextAsync(string connectionString) =>
        await ScalarAsync<string>(connectionString, """
            SELECT coalesce((SELECT string_agg(a::text, E'\n') FROM broker.diary_accounts a), '')
                || coalesce((SELECT string_agg(r::text, E'\n') FROM broker.diary_relations r), '')
            """, null) ?? "";

    public static async Task<long> CountAsync(string connectionString, string regionCode) =>
        await ScalarAsync<long>(connectionString,
            "SELECT (SELECT count(*) FROM broker.diary_accounts WHERE region_code = @r) + (SELECT count(*) FROM broker.diary_relations WHERE region_code = @r)",
            regionCode);

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql, string? regionCode)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("r", (object?)regionCode ?? DBNull.Value);
        return (T?)await command.ExecuteScalarAsync();
    }
}
