using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Protocol.Grants;

/// <summary>A token request after client authentication.</summary>
/// <param name="DpopJkt">RFC 9449: thumbprint of the key of a valid DPoP proof sent with the request; null without one.</param>
internal sealed record TokenRequest(HttpContext Context, RegisteredClient Client, IReadOnlyDictionary<string, string[]> Form, string? DpopJkt);
