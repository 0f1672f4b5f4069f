using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// The identity of an access token decided before it is signed, so a redemption can be recorded (jti, exp) before the
/// response leaves (RFC 6749 §4.1.2: a replayed code revokes what the first redemption issued).
/// </summary>
/// <param name="DpopJkt">RFC 9449 §6.1: the thumbprint the token is bound to (<c>cnf.jkt</c>), or null for a bearer token.</param>
internal sealed record AccessTokenPlan(string Jti, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? DpopJkt)
{
    /// <summary>RFC 9449 §5: DPoP when bound to a key, else Bearer (RFC 6750).</summary>
    public string TokenType => DpopJkt is null ? ProtocolNames.TokenTypes.Bearer : ProtocolNames.TokenTypes.DPoP;

    public static string NewJti() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
}
