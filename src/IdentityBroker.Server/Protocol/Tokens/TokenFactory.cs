using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>Creates the broker's ID tokens (OIDC Core §2) and JWT access tokens (RFC 9068, <c>typ: at+jwt</c>).</summary>
internal sealed class TokenFactory(SigningKeyManager keys, IOptions<BrokerOptions> options, TimeProvider time)
{
    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public async Task<IssuedTokens> CreateAsync(AuthorizationCodeGrant grant, DiaryAccount account, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var scopes = grant.Scope.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var credentials = await keys.GetSigningCredentialsAsync(cancellationToken);

        var access = DiaryClaims.For(account, scopes, includeProfile: false);
        access["region"] = grant.RegionCode; // always: the diary API and userinfo resolve the subject within its region
        access["client_id"] = grant.ClientId;
        access["scope"] = grant.Scope;
        access["jti"] = Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(16));
        access["sid"] = grant.SessionId;
        AddAuthenticationClaims(access, grant);
        var accessToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = o.DiaryApiAudience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + o.AccessTokenLifetime).UtcDateTime,
            TokenType = "at+jwt",
            Claims = access,
            SigningCredentials = credentials,
        });

        var id = DiaryClaims.For(account, scopes, includeProfile: false);
        id["sid"] = grant.SessionId;
        id["at_hash"] = LeftHalfHash(accessToken);
        if (grant.Nonce is not null)
        {
            id["nonce"] = grant.Nonce;
        }

        AddAuthenticationClaims(id, grant);
        var idToken = Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = o.Issuer,
            Audience = grant.ClientId,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + o.IdTokenLifetime).UtcDateTime,
            TokenType = "JWT",
            Claims = id,
            SigningCredentials = credentials,
        });

        return new IssuedTokens(accessToken, idToken, (int)o.AccessTokenLifetime.TotalSeconds, grant.Scope);
    }

    private static void AddAuthenticationClaims(Dictionary<string, object> claims, AuthorizationCodeGrant grant)
    {
        claims["auth_time"] = grant.AuthTime.ToUnixTimeSeconds();
        if (grant.Acr is not null)
        {
            claims["acr"] = grant.Acr;
        }

        if (grant.Amr.Count > 0)
        {
            claims["amr"] = grant.Amr.ToArray();
        }
    }

    /// <summary>OIDC Core §3.1.3.6: base64url of the left half of SHA-256 of the ASCII token (RS256).</summary>
    internal static string LeftHalfHash(string token)
    {
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(token));
        return Base64UrlEncoder.Encode(hash.AsSpan(0, 16).ToArray());
    }
}

internal sealed record IssuedTokens(string AccessToken, string IdToken, int ExpiresIn, string Scope);
