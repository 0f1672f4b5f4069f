using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.Directory;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Creates the broker's ID tokens (OIDC Core §2) and JWT access tokens (RFC 9068, <c>typ: at+jwt</c>), DPoP-bound with
/// <c>cnf.jkt</c> when the request carried a valid proof (RFC 9449 §6.1).
/// </summary>
internal sealed class TokenFactory(SigningKeyManager keys, IOptions<BrokerOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>Chooses jti and lifetime of the next access token for <paramref name="client"/> (its own lifetime, else the default).</summary>
    public AccessTokenPlan Plan(RegisteredClient client, string? dpopJkt)
    {
        var now = time.GetUtcNow();
        return new AccessTokenPlan(AccessTokenPlan.NewJti(), now, now + (client.AccessTokenLifetime ?? options.Value.AccessTokenLifetime), dpopJkt);
    }

    /// <summary>An access token for the diary account and, when the scope has <c>openid</c>, an ID token for the client.</summary>
    public async Task<IssuedTokens> CreateAsync(UserTokenContext context, DiaryAccount account, AccessTokenPlan plan, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var credentials = await keys.GetSigningCredentialsAsync(cancellationToken);

        var access = DiaryClaims.For(account, context.Scopes, includeProfile: false);
        access[ProtocolNames.Claims.Region] = context.RegionCode; // always: the diary API and userinfo resolve the subject within its region
        access[ProtocolNames.Claims.ClientId] = context.ClientId;
        access[ProtocolNames.Claims.Scope] = context.Scope;
        access[JwtRegisteredClaimNames.Sid] = context.SessionId;
        if (context.RefreshFamilyId is not null)
        {
            access[AccessTokenValidator.RefreshFamilyClaim] = context.RefreshFamilyId; // dies with its refresh family (issue #10 item 1)
        }
        AddAuthenticationClaims(access, context);
        var accessToken = CreateAccessToken(access, plan, credentials);

        string? idToken = null;
        if (context.Scopes.Contains(OpenIdConnectScope.OpenId))
        {
            var id = DiaryClaims.For(account, context.Scopes, includeProfile: false);
            id[JwtRegisteredClaimNames.Sid] = context.SessionId;
            id[JwtRegisteredClaimNames.AtHash] = LeftHalfHash(accessToken);
            if (context.Nonce is not null)
            {
                id[JwtRegisteredClaimNames.Nonce] = context.Nonce;
            }

            AddAuthenticationClaims(id, context);
            idToken = Handler.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = o.Issuer,
                Audience = context.ClientId,
                IssuedAt = plan.IssuedAt.UtcDateTime,
                NotBefore = plan.IssuedAt.UtcDateTime,
                Expires = (plan.IssuedAt + o.IdTokenLifetime).UtcDateTime,
                TokenType = JwtConstants.HeaderType,
                Claims = id,
                SigningCredentials = credentials,
            });
        }

        return new IssuedTokens(accessToken, idToken, ExpiresIn(plan), context.Scope, plan.TokenType);
    }

    /// <summary>
    /// client_credentials (RFC 6749 §4.4): no resource owner, so <c>sub</c> is the client id (RFC 9068 §2.2), no sid, no
    /// auth_time, no ID token.
    /// </summary>
    public async Task<IssuedTokens> CreateForClientAsync(RegisteredClient client, string scope, AccessTokenPlan plan, CancellationToken cancellationToken)
    {
        var credentials = await keys.GetSigningCredentialsAsync(cancellationToken);
        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [JwtRegisteredClaimNames.Sub] = client.ClientId, [ProtocolNames.Claims.ClientId] = client.ClientId, [ProtocolNames.Claims.Region] = client.RegionCode, [ProtocolNames.Claims.Scope] = scope,
        };
        return new IssuedTokens(CreateAccessToken(claims, plan, credentials), null, ExpiresIn(plan), scope, plan.TokenType);
    }

    private string CreateAccessToken(Dictionary<string, object> claims, AccessTokenPlan plan, SigningCredentials credentials)
    {
        claims[JwtRegisteredClaimNames.Jti] = plan.Jti;
        if (plan.DpopJkt is not null)
        {
            claims[ConfirmationClaimTypes.Cnf] = new Dictionary<string, object> { [ConfirmationClaimTypes.Jkt] = plan.DpopJkt };
        }

        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.DiaryApiAudience,
            IssuedAt = plan.IssuedAt.UtcDateTime,
            NotBefore = plan.IssuedAt.UtcDateTime,
            Expires = plan.ExpiresAt.UtcDateTime,
            TokenType = ProtocolNames.JwtTypes.AccessToken,
            Claims = claims,
            SigningCredentials = credentials,
        });
    }

    private static int ExpiresIn(AccessTokenPlan plan) => (int)(plan.ExpiresAt - plan.IssuedAt).TotalSeconds;

    private static void AddAuthenticationClaims(Dictionary<string, object> claims, UserTokenContext context)
    {
        claims[JwtRegisteredClaimNames.AuthTime] = context.AuthTime.ToUnixTimeSeconds();
        if (context.Acr is not null)
        {
            claims[JwtRegisteredClaimNames.Acr] = context.Acr;
        }

        if (context.Amr.Count > 0)
        {
            claims[JwtRegisteredClaimNames.Amr] = context.Amr.ToArray();
        }
    }

    /// <summary>OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the ASCII token (RS256).</summary>
    internal static string LeftHalfHash(string token)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        return Base64UrlEncoder.Encode(hash.AsSpan(0, 16).ToArray());
    }
}

/// <param name="IdToken">Null when the scope has no <c>openid</c> (client_credentials, or a refresh narrowed without it).</param>
/// <param name="TokenType">"Bearer" or "DPoP" (RFC 9449 §5).</param>
/// <param name="RefreshToken">The refresh token handle, when one is issued (RFC 6749 §5.1).</param>
internal sealed record IssuedTokens(string AccessToken, string? IdToken, int ExpiresIn, string Scope, string TokenType, string? RefreshToken = null);
