using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IdentityBroker.Server.SignIn;

/// <summary>
/// The broker's own browser session (single sign-on between one region's clients): a cookie protected by ASP.NET Data
/// Protection, whose keys live in PostgreSQL, so any replica can read it. Absolute lifetime, no sliding.
/// </summary>
internal static class BrokerSession
{
    public const string Scheme = "ib.session";
    public const string RegionClaim = "region";
    public const string SessionIdClaim = "sid";
    public const string AuthTimeClaim = "auth_time";
    public const string AmrClaim = "amr";
    public const string AcrClaim = "acr";

    public static async Task SignInAsync(HttpContext context, SessionInfo session, TimeSpan lifetime)
    {
        var claims = new List<Claim>
        {
            new("sub", session.Subject),
            new(RegionClaim, session.RegionCode),
            new(SessionIdClaim, session.SessionId),
            new(AuthTimeClaim, session.AuthTime.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(session.Amr.Select(a => new Claim(AmrClaim, a)));
        if (session.Acr is not null)
        {
            claims.Add(new Claim(AcrClaim, session.Acr));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme, "sub", null));
        await context.SignInAsync(Scheme, principal, new AuthenticationProperties
        {
            IsPersistent = false,
            IssuedUtc = session.AuthTime,
            ExpiresUtc = session.AuthTime + lifetime,
            AllowRefresh = false,
        });
    }

    public static async Task<SessionInfo?> ReadAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        var p = result.Principal;
        if (!result.Succeeded || p is null)
        {
            return null;
        }

        var authTime = long.TryParse(p.FindFirstValue(AuthTimeClaim), out var t) ? DateTimeOffset.FromUnixTimeSeconds(t) : (DateTimeOffset?)null;
        var sub = p.FindFirstValue("sub");
        var region = p.FindFirstValue(RegionClaim);
        var sid = p.FindFirstValue(SessionIdClaim);
        return sub is null || region is null || sid is null || authTime is null
            ? null
            : new SessionInfo(sub, region, sid, authTime.Value, p.FindAll(AmrClaim).Select(c => c.Value).ToList(), p.FindFirstValue(AcrClaim));
    }

    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = Scheme;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = false;
        o.Events.OnRedirectToLogin = c =>
        {
            c.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        };
    }
}

/// <param name="Subject">The diary account id.</param>
internal sealed record SessionInfo(string Subject, string RegionCode, string SessionId, DateTimeOffset AuthTime, IReadOnlyList<string> Amr, string? Acr);
