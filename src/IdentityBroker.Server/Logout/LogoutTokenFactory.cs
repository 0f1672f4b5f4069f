using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Logout;

/// <summary>
/// The logout token of OIDC Back-Channel Logout 1.0 §2.4: a JWT signed with the broker's current key, header
/// <c>typ: logout+jwt</c> (§2.4, RFC 8725 §3.11), claims iss, aud (the client), iat, exp (2 minutes), jti, sub, sid and
/// <c>events</c> with the back-channel logout member, and never a nonce (§2.4: "MUST NOT contain a nonce Claim").
/// </summary>
internal sealed class LogoutTokenFactory(SigningKeyManager keys, IOptions<BrokerOptions> options, TimeProvider time)
{
    public const string TokenType = "logout+jwt";
    public const string EventType = "http://schemas.openid.net/event/backchannel-logout";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <param name="jti">Stable across delivery attempts (the outbox idempotency key), so the receiver can deduplicate.</param>
    public async Task<string> CreateAsync(BackChannelLogoutEvent logout, string jti, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = logout.ClientId,
            IssuedAt = now.UtcDateTime,
            Expires = (now + Lifetime).UtcDateTime,
            TokenType = TokenType,
            Claims = new Dictionary<string, object>
            {
                ["jti"] = jti,
                ["sub"] = logout.Subject,
                ["sid"] = logout.SessionId,
                ["events"] = new Dictionary<string, object> { [EventType] = new Dictionary<string, object>() },
            },
            SigningCredentials = await keys.GetSigningCredentialsAsync(cancellationToken),
        });
    }
}
