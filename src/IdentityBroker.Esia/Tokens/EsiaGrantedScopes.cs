using System.Text.Json;

namespace IdentityBroker.Esia.Tokens;

/// <summary>
/// The scopes ESIA actually granted, from the access token's <c>scope</c> claim (ESIA.md §4.4: a space list of
/// parameterised scopes such as <c>fullname?oid=1000299681 openid id_doc?oid=…</c>). The person may refuse some of the
/// requested data on ESIA's access page, and ESIA answers 403 for a collection whose scope is missing (ESIA.md §6.1), so
/// optional collections are read only for granted scopes.
/// </summary>
internal static class EsiaGrantedScopes
{
    /// <summary>The bare scope names (the <c>?oid=…</c> parameter dropped); null when the token has no <c>scope</c> claim.</summary>
    public static HashSet<string>? Read(JsonElement accessPayload)
    {
        if (accessPayload.ValueKind != JsonValueKind.Object ||
            !accessPayload.TryGetProperty("scope", out var scope) || scope.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in (scope.GetString() ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var bare = item.Split('?', 2)[0];
            if (bare.Length > 0)
            {
                names.Add(bare);
            }
        }

        return names;
    }
}
