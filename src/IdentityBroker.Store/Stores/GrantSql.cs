using IdentityBroker.Core.Directory;
using IdentityBroker.Store.Entities;
using IdentityBroker.Store.Mapping;
using Npgsql;
using NpgsqlTypes;

namespace IdentityBroker.Store.Stores;

/// <summary>
/// What the one-statement grants (<see cref="RefreshTokenStore.TryRotateAsync"/>, <see cref="AuthorizationCodeStore.TryRedeemAsync"/>)
/// share: the usable-account condition, the account columns they return and how those are read back. Hand-written SQL on
/// the token endpoint's hot path (issue #11): one round trip on one pooled connection, prepared by Npgsql's auto-prepare,
/// no EF query pipeline.
/// </summary>
internal static class GrantSql
{
    /// <summary>
    /// R-MATCH-8 as <c>AccountStatusRule.IsUsable</c> says it (activated and attached to a school), for the account of row
    /// <paramref name="row"/> (alias with <c>region_code</c> and <c>subject</c>). A token is never issued for an account the
    /// sign-in would refuse: a deactivation or removal reaches the next grant at once, whatever else revoked.
    /// </summary>
    public static string UsableAccount(string row) => $"""
        EXISTS (SELECT 1 FROM broker.diary_accounts a
                WHERE a.region_code = {row}.region_code AND a.id = {row}.subject AND a.activated AND jsonb_array_length(a.schools) > 0)
        """;

    /// <summary>The account columns <see cref="ReadAccount"/> reads, with the children in ONE array (ordered by id).</summary>
    public const string AccountColumns = """
        a.id, a.region_code, a.login, a.last_name, a.first_name, a.middle_name, a.birth_date, a.gender, encode(a.snils_hash, 'hex'),
        a.birth_certificate_hash, a.roles, a.schools::text, a.activated,
        ARRAY(SELECT r.child_id FROM broker.diary_relations r WHERE r.region_code = a.region_code AND r.parent_id = a.id ORDER BY r.child_id)
        """;

    public static DiaryAccount ReadAccount(NpgsqlDataReader reader, int first)
    {
        var entity = new DiaryAccountEntity
        {
            Id = reader.GetString(first),
            RegionCode = reader.GetString(first + 1),
            Login = reader.GetString(first + 2),
            LastName = reader.GetString(first + 3),
            FirstName = reader.GetString(first + 4),
            MiddleName = NullableString(reader, first + 5),
            BirthDate = reader.IsDBNull(first + 6) ? null : reader.GetFieldValue<DateOnly>(first + 6),
            Gender = NullableString(reader, first + 7),
            SnilsHash = NullableString(reader, first + 8),
            BirthCertificateHash = NullableString(reader, first + 9),
            Roles = [.. reader.GetFieldValue<string[]>(first + 10)],
            Schools = reader.GetString(first + 11),
            Activated = reader.GetBoolean(first + 12),
        };
        return DiaryAccountMapper.ToRecord(entity, reader.GetFieldValue<string[]>(first + 13).AsReadOnly());
    }

    public static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTimeOffset Timestamp(NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTimeOffset>(ordinal);

    public static void Add(this NpgsqlCommand command, object? value, NpgsqlDbType type) =>
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });

    public static void Add(this NpgsqlCommand command, DateTimeOffset value) =>
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = value.ToUniversalTime(), NpgsqlDbType = NpgsqlDbType.TimestampTz });
}
