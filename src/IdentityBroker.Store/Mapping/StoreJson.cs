using System.Text.Json;

namespace IdentityBroker.Store.Mapping;

/// <summary>JSON settings for the jsonb columns: camelCase, the same shape the rest of the broker writes.</summary>
internal static class StoreJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
