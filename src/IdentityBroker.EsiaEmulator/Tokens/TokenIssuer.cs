using System.Security.Cryptography;
using System.Text.Json.Nodes;
using IdentityBroker.EsiaEmulator.Configuration;
using IdentityBroker.EsiaEmulator.Crypto;
using IdentityBroker.EsiaEmulator.Faults;
using IdentityBroker.EsiaEmulator.Personas;
using IdentityBroker.EsiaEmulator.Protocol;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator.Tokens;

/// <summary>Builds ESIA-shaped authorization codes, access tokens and ID tokens (ESIA.md §2.4, §4).</summary>
internal sealed class TokenIssuer(IOptions<EmulatorOptions> options, TokenSigningKeys keys, FaultState faults, TimeProvider time)
{
    public const int AccessTokenLifetimeSeconds = 3600;
    private const int IdTokenLifetimeSeconds = 3 * 3600;

    /// <summary>A long opaque-looking code: a signed JWT with <c>sbt=authorization_code</c>, as real ESIA issues.</summary>
    public string CreateCode(CodeGrant grant, PersonaRecord persona)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["nbf"] = now,
            ["scope"] = ScopeCatalog.Parameterise(GrantedScopes(grant), grant.Oid),
            ["auth_time"] = grant.AuthTime.ToUnixTimeSeconds(),
            ["iss"] = options.Value.Issuer,
            ["urn:esia:sid"] = grant.SessionId,
            ["urn:esia:client:state"] = grant.Request.State,
            ["auth_mthd"] = "PWD",
            ["urn:esia:sbj"] = Subject(persona),
            ["exp"] = grant.ExpiresAt.ToUnixTimeSeconds(),
            ["params"] = new JsonObject { ["remote_ip"] = "127.0.0.1", ["user_agent"] = "emulator" },
            ["iat"] = now,
            ["client_id"] = grant.Request.ClientId,
            ["jti"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        };
        return Sign("authorization_code", payload, grant.Request.ClientId);
    }

    /// <summary>The requested scopes less those the <c>withheldScopes</c> fault keeps out (the person did not grant them).</summary>
    private IEnumerable<string> GrantedScopes(CodeGrant grant)
    {
        var current = faults.Current;
        return current.WithheldScopes.Count > 0 && current.AppliesTo(grant.Request.ClientId)
            ? grant.Request.Scopes.Where(s => !current.WithheldScopes.Contains(s, StringComparer.Ordinal))
            : grant.Request.Scopes;
    }

    public string CreateAccessToken(CodeGrant grant)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["nbf"] = now,
            ["scope"] = ScopeCatalog.Parameterise(GrantedScopes(grant), grant.Oid),
            ["iss"] = options.Value.Issuer,
            ["urn:esia:sid"] = grant.SessionId,
            ["urn:esia:sbj_id"] = grant.Oid,
            ["exp"] = now + AccessTokenLifetimeSeconds,
            ["iat"] = now,
            ["client_id"] = grant.Request.ClientId,
        };
        return Sign("access", payload, grant.Request.ClientId);
    }

    public string CreateIdToken(CodeGrant grant, PersonaRecord persona)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject
        {
            ["aud"] = grant.Request.ClientId,
            ["sub"] = grant.Oid,
            ["nbf"] = now,
            ["amr"] = "PWD",
            ["urn:esia:amd"] = "PWD",
            ["auth_time"] = grant.AuthTime.ToUnixTimeSeconds(),
            ["iss"] = options.Value.Issuer,
            ["urn:esia:sid"] = grant.SessionId,
            ["urn:esia:sbj"] = Subject(persona),
            ["exp"] = now + IdTokenLifetimeSeconds,
            ["iat"] = now,
        };
        if (persona.TwoFactor)
        {
            payload["acr"] = new JsonObject { ["2fa"] = "otp" };
        }

        return Sign("id", payload, grant.Request.ClientId);
    }

    /// <summary>The nested <c>urn:esia:sbj</c> object; <c>is_tru</c> is present only when true.</summary>
    private static JsonObject Subject(PersonaRecord persona)
    {
        var subject = new JsonObject
        {
            ["urn:esia:sbj:typ"] = "P",
            ["urn:esia:sbj:lvl"] = AccountLevel.TokenLevel(persona.Level),
            ["urn:esia:sbj:oid"] = persona.Oid,
            ["urn:esia:sbj:nam"] = $"OID.{persona.Oid}",
        };
        if (AccountLevel.IsTrusted(persona.Level))
        {
            subject["urn:esia:sbj:is_tru"] = true;
        }

        return subject;
    }

    private string Sign(string subjectType, JsonObject payload, string clientId)
    {
        var current = faults.Current;
        var applies = current.AppliesTo(clientId);
        var key = applies && current.RotatedCertificate ? keys.Rotated : keys.Primary;
        return Jwt.Write(subjectType, payload, key, applies && current.BadTokenSignature);
    }
}
