using System.Security.Claims;
using IdentityBroker.Core.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace IdentityBroker.Server.Protocol;

/// <summary>
/// The broker's own browser session (single sign-on between one region's clients). The session itself lives in PostgreSQL
/// (<see cref="ISessionStore"/>, one row per <c>sid</c>); the cookie, protected by ASP.NET Data Protection whose keys live
/// in PostgreSQL too, only points at it. Every read checks the row, so a session ended by logout on one replica is dead on
/// every replica at once (OIDC RP-Initiated Logout 1.0 §2; conformance: <c>prompt=none</c> after logout fails). Absolute
/// lifetime, no sliding.
/// </summary>
internal static class BrokerSession
{
    public const string Scheme = "ib.session";
    public const string RegionClaim = "region";
    public const string SessionIdClaim = "sid";
    public const string AuthTimeClaim = "auth_time";
    public const string AmrClaim = "amr";
    public const string AcrClaim = "acr";

    /// <summary>The row of a new session (stored by the sign-in's finish, in the commit of its code).</summary>
    public static BrokerSessionRecord Record(SessionInfo session, DateTimeOffset now, DateTimeOffset expires) =>
        new(session.SessionId, session.RegionCode, session.Subject, session.EsiaSubjectHash, session.AuthTime, session.Acr, session.Amr, now, expires, null);

    /// <summary>Writes the cookie that points at a stored session (<see cref="Record"/>); it carries no more than the row.</summary>
    public static async Task WriteCookieAsync(HttpContext context, SessionInfo session, DateTimeOffset expires)
    {
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
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
            IssuedUtc = now,
            ExpiresUtc = expires,
            AllowRefresh = false,
        });
    }

    /// <summary>
    /// The browser's session when its cookie is valid AND its row in PostgreSQL is active (not ended, not expired);
    /// otherwise null, and a cookie pointing at a dead session is deleted.
    /// </summary>
    public static async Task<SessionInfo?> ReadAsync(HttpContext context)
    {
        var result = await context.AuthenticateAsync(Scheme);
        var p = result.Principal;
        if (!result.Succeeded || p is null)
        {
            return null;
        }

        var sid = p.FindFirstValue(SessionIdClaim);
        var sub = p.FindFirstValue("sub");
        var region = p.FindFirstValue(RegionClaim);
        if (sid is null || sub is null || region is null)
        {
            return null;
        }

        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        var record = await context.RequestServices.GetRequiredService<ISessionStore>().FindActiveAsync(sid, now, context.RequestAborted);
        if (record is null || record.Subject != sub || record.RegionCode != region)
        {
            await context.SignOutAsync(Scheme); // ended (logout on any replica) or expired: forget it
            return null;
        }

        return new SessionInfo(record.Subject, record.RegionCode, record.SessionId, record.AuthTime, record.Amr, record.Acr)
        {
            EsiaSubjectHash = record.EsiaSubjectHash,
        };
    }

    /// <summary>Deletes the session cookie (the server-side session is ended by <c>Logout.SessionTerminator</c>).</summary>
    public static Task DeleteCookieAsync(HttpContext context) => context.SignOutAsync(Scheme);

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
