namespace IdentityBroker.Server.Hosting;

/// <summary>
/// App-wide antiforgery (every Russian form with a token: logout confirmation, diary password forms, the parent's step,
/// «Мои дети»): a strict same-site cookie. The broker has no antiforgery middleware; endpoints validate with IAntiforgery.
/// </summary>
internal static class AntiforgerySetup
{
    public static void Add(IServiceCollection services) =>
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "ib.af";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
}
