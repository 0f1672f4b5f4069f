using System.Text.Json;
using System.Text.Json.Serialization;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// The outbox payload of a back-channel logout message: what the logout token will say, not the token itself. The token is
/// signed at each delivery attempt (<see cref="LogoutTokenFactory"/>), so a receiver that was down for an hour still gets
/// a fresh token (exp 2 min) with the same <c>jti</c>, and no bearer token sits in the database.
/// </summary>
internal sealed record BackChannelLogoutEvent(
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("sub")] string Subject,
    [property: JsonPropertyName("sid")] string SessionId)
{
    public string ToJson() => JsonSerializer.Serialize(this);

    public static BackChannelLogoutEvent? FromJson(string payload)
    {
        try
        {
            var e = JsonSerializer.Deserialize<BackChannelLogoutEvent>(payload);
            return e is { ClientId.Length: > 0, Subject.Length: > 0, SessionId.Length: > 0 } ? e : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
