using System.Globalization;
using System.Text.Json;

namespace IdentityBroker.Esia.Tokens;

/// <summary>What the broker reads from ESIA's validated ID token (ESIA.md §4.3).</summary>
/// <param name="Oid">sub (a JSON number or string).</param>
/// <param name="SubjectLevel"><c>urn:esia:sbj:lvl</c>: P, PR or KD.</param>
/// <param name="IsTrusted"><c>urn:esia:sbj:is_tru</c>, absent unless true.</param>
/// <param name="AuthTime"><c>auth_time</c>, or <c>iat</c> when absent.</param>
/// <param name="AuthenticationMethod"><c>amr</c>: a string such as PWD, DS, QR (not an array).</param>
internal sealed record EsiaIdentity(
    string Oid, string? SubjectLevel, bool IsTrusted, DateTimeOffset AuthTime, string? AuthenticationMethod)
{
    public static EsiaIdentity FromIdToken(JsonElement payload)
    {
        var oid = ReadId(payload, "sub") ?? throw Invalid("sub missing");
        string? level = null;
        var trusted = false;
        if (payload.TryGetProperty("urn:esia:sbj", out var sbj) && sbj.ValueKind == JsonValueKind.Object)
        {
            level = sbj.TryGetProperty("urn:esia:sbj:lvl", out var lvl) && lvl.ValueKind == JsonValueKind.String
                ? lvl.GetString()
                : null;
            trusted = sbj.TryGetProperty("urn:esia:sbj:is_tru", out var tru) && IsTrue(tru);
            var sbjOid = ReadId(sbj, "urn:esia:sbj:oid");
            if (sbjOid is not null && sbjOid != oid)
            {
                throw Invalid("urn:esia:sbj:oid differs from sub");
            }
        }

        var authTime = ReadEpoch(payload, "auth_time") ?? ReadEpoch(payload, "iat") ?? throw Invalid("auth_time missing");
        var amr = payload.TryGetProperty("amr", out var amrValue) ? amrValue.ValueKind switch
        {
            JsonValueKind.String => amrValue.GetString(),
            JsonValueKind.Array when amrValue.GetArrayLength() > 0 => amrValue[0].GetString(),
            _ => null,
        } : null;
        return new EsiaIdentity(oid, level, trusted, authTime, amr);
    }

    /// <summary>A JSON number or string id, as text.</summary>
    public static string? ReadId(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.String when !string.IsNullOrWhiteSpace(value.GetString()) => value.GetString(),
            _ => null,
        } : null;

    public static bool IsTrue(JsonElement value) =>
        value.ValueKind == JsonValueKind.True ||
        (value.ValueKind == JsonValueKind.String && string.Equals(value.GetString(), "true", StringComparison.OrdinalIgnoreCase));

    private static DateTimeOffset? ReadEpoch(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : obj.TryGetProperty(name, out value) && value.ValueKind == JsonValueKind.String &&
              long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;

    private static EsiaException Invalid(string reason) =>
        new(EsiaFailureKind.InvalidResponse, $"ESIA ID token rejected: {reason}.");
}
