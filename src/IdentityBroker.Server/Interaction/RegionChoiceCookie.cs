using IdentityBroker.Server.Regions;

namespace IdentityBroker.Server.Interaction;

/// <summary>
/// R-REGION-2: the region remembered for this browser, for the clients shared by regions. A persistent (one year),
/// HttpOnly, SameSite=Lax cookie holding only the region code; written when the user picks a region on the list page and
/// when a sign-in of a shared client completes. A value the client does not serve is ignored (the list is shown).
/// </summary>
internal static class RegionChoiceCookie
{
    public const string CookieName = "ib.region";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    /// <summary>The remembered region when <paramref name="client"/> serves it, else null.</summary>
    public static string? Read(HttpContext context, RegisteredClient client) =>
        context.Request.Cookies[CookieName] is { Length: > 0 and <= 10 } code && client.AllowsRegion(code) ? code : null;

    public static void Write(HttpContext context, string regionCode) =>
        context.Response.Cookies.Append(CookieName, regionCode, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
            MaxAge = Lifetime,
        });

    /// <summary>After a completed sign-in: remembers its region when the client is shared (region-fixed clients: nothing).</summary>
    public static void RememberAfterSignIn(HttpContext context, RegionCatalog catalog, string clientId, string regionCode)
    {
        if (catalog.FindClient(clientId) is { IsShared: true } client && client.AllowsRegion(regionCode))
        {
            Write(context, regionCode);
        }
    }
}
