using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using IdentityBroker.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.DemoClient.Tests.Support;

/// <summary>
/// A minimal OpenID Provider on a real localhost port: discovery, JWKS, token (client_secret_basic + PKCE S256) and userinfo.
/// The authorization endpoint is not served: tests play the browser and call <see cref="IssueCode"/> instead.
/// Written from the specs, independently of the client code, so the client's mistakes are not mirrored here.
/// </summary>
internal sealed class FakeOp : IAsyncDisposable
{
    public const string ClientId = "demo-diary";
    public const string ClientSecret = "s3cret:with/reserved+chars";
    public const string Subject = "esia-1000001";

    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly ConcurrentDictionary<string, string> _accessTokens = new();
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "op-key-1" };
    private WebApplication _app = null!;

    public string Issuer { get; private set; } = "";

    /// <summary>Changes the ID token's claims just before signing (tests of the client's validation).</summary>
    public Action<Dictionary<string, object>>? TweakIdToken { get; set; }

    public SecurityKey? SignIdTokenWith { get; set; }

    public string IdTokenType { get; set; } = "JWT";

    public string? UserInfoSubjectOverride { get; set; }

    public int TokenRequests;
    public int UserInfoRequests;

    public static async Task<FakeOp> StartAsync()
    {
        var op = new FakeOp();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        op._app = builder.Build();
        op._app.MapGet("/.well-known/openid-configuration", op.Discovery);
        op._app.MapGet("/jwks", op.Jwks);
        op._app.MapPost("/token", (Func<HttpContext, Task<IResult>>)op.TokenAsync);
        op._app.MapGet("/userinfo", op.UserInfo);
        await op._app.StartAsync();
        op.Issuer = op._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return op;
    }

    public void Reset()
    {
        TweakIdToken = null;
        SignIdTokenWith = null;
        IdTokenType = "JWT";
        UserInfoSubjectOverride = null;
        TokenRequests = 0;
        UserInfoRequests = 0;
    }

    /// <summary>Plays the authorization endpoint: checks the request and returns a one-time code bound to it.</summary>
    public string IssueCode(IReadOnlyDictionary<string, string> request)
    {
        Assert.That(request["response_type"], Is.EqualTo("code"));
        Assert.That(request["client_id"], Is.EqualTo(ClientId));
        Assert.That(request["code_challenge_method"], Is.EqualTo("S256"));
        var code = NewToken();
        _codes[code] = new PendingCode(request["redirect_uri"], request["code_challenge"], request["nonce"]);
        return code;
    }

    public void RevokeAccessTokens() => _accessTokens.Clear();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/authorize",
        ["token_endpoint"] = Issuer + "/token",
        ["userinfo_endpoint"] = Issuer + "/userinfo",
        ["jwks_uri"] = Issuer + "/jwks",
        ["end_session_endpoint"] = Issuer + "/logout",
        ["response_types_supported"] = new[] { "code" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic" },
        ["authorization_response_iss_parameter_supported"] = true,
    });

    private IResult Jwks()
    {
        var p = _key.Rsa.ExportParameters(false);
        return Results.Json(new
        {
            keys = new[]
            {
                new { kty = "RSA", use = "sig", alg = "RS256", kid = _key.KeyId, n = Base64Url.EncodeToString(p.Modulus), e = Base64Url.EncodeToString(p.Exponent) },
            },
        });
    }

    private async Task<IResult> TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref TokenRequests);
        context.Response.Headers.CacheControl = "no-store";
        if (!ClientAuthenticated(context.Request.Headers.Authorization.ToString()))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var pending))
        {
            return Results.Json(new { error = "invalid_grant", error_description = "Unknown or used code." }, statusCode: 400);
        }

        var challenge = ProtocolHashes.PkceChallenge(form["code_verifier"].ToString());
        if (form["redirect_uri"] != pending.RedirectUri || challenge != pending.CodeChallenge)
        {
            return Results.Json(new { error = "invalid_grant", error_description = "redirect_uri or PKCE mismatch." }, statusCode: 400);
        }

        var accessToken = NewToken();
        _accessTokens[accessToken] = Subject;
        return Results.Json(new { access_token = accessToken, token_type = "Bearer", expires_in = 300, id_token = CreateIdToken(pending.Nonce, accessToken) });
    }

    private IResult UserInfo(HttpContext context)
    {
        Interlocked.Increment(ref UserInfoRequests);
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_accessTokens.TryGetValue(header[7..], out var subject))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            return Results.StatusCode(401);
        }

        return Results.Json(new Dictionary<string, object>
        {
            ["sub"] = UserInfoSubjectOverride ?? subject,
            ["name"] = "Иванова Мария Петровна",
            ["diary_role"] = "parent",
        });
    }

    private string CreateIdToken(string nonce, string accessToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["sub"] = Subject, ["aud"] = ClientId, ["nonce"] = nonce,
            ["iat"] = now, ["exp"] = now + 300, ["auth_time"] = now - 5,
            ["name"] = "Иванова Мария Петровна", ["sid"] = "session-1",
            ["at_hash"] = ProtocolHashes.AtHash(accessToken),
        };
        TweakIdToken?.Invoke(claims);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = claims,
            TokenType = IdTokenType,
            SigningCredentials = new SigningCredentials(SignIdTokenWith ?? _key, SecurityAlgorithms.RsaSha256),
        });
    }

    private static bool ClientAuthenticated(string header)
    {
        if (!header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            return false;
        }

        var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':');
        return pair.Length == 2 && WebUtility.UrlDecode(pair[0]) == ClientId && WebUtility.UrlDecode(pair[1]) == ClientSecret;
    }

    private static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private sealed record PendingCode(string RedirectUri, string CodeChallenge, string Nonce);
}
