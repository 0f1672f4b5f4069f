using IdentityBroker.DemoClient.Endpoints;
using IdentityBroker.DemoClient.Oidc;
using IdentityBroker.DemoClient.Pages;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.DemoClient;

/// <summary>Builds the demo diary front-end: a hand-written OpenID Connect relying party (code flow, PKCE S256, client_secret_basic).</summary>
public static class DemoClientApp
{
    public const string SessionCookieName = "demo.session";

    /// <param name="args">Command-line arguments (configuration overrides such as <c>--DemoClient:Authority=…</c>).</param>
    /// <param name="configure">Runs before Build, e.g. for tests to add configuration or pick a port.</param>
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(DemoClientApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        var services = builder.Services;
        services.AddOptions<DemoClientOptions>().BindConfiguration(DemoClientOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DemoClientOptions>, DemoClientOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDataProtection().SetApplicationName("IdentityBroker.DemoClient");
        services.AddHttpClient(OidcMetadata.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(15));
        services.AddSingleton<OidcMetadata>();
        services.AddSingleton<LoginStateProtector>();
        services.AddSingleton<IdTokenValidator>();
        services.AddSingleton<TokenClient>();
        services.AddSingleton<UserInfoClient>();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.Cookie.Name = SessionCookieName;
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax; // also keeps cross-site POSTs to /logout from carrying it
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(1);
                cookie.SlidingExpiration = false;
            });

        // Framework request and redirect logs would carry the code (callback query) and id_token_hint (logout redirect).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore.Http.Result", LogLevel.Warning);

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseExceptionHandler(new ExceptionHandlerOptions { ExceptionHandler = RenderUnexpectedErrorAsync });
        app.Use(AddSecurityHeaders);
        app.UseAuthentication();

        var pages = app.MapGroup("").AddEndpointFilter(RenderFlowErrors);
        HomeEndpoints.Map(pages);
        LoginEndpoints.Map(pages);
        CallbackEndpoints.Map(pages);
        LogoutEndpoints.Map(pages);
        return app;
    }

    /// <summary>Every expected failure of the flow becomes the Russian error page with its code.</summary>
    private static async ValueTask<object?> RenderFlowErrors(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        try
        {
            return await next(invocation);
        }
        catch (OidcFlowException ex)
        {
            var http = invocation.HttpContext;
            Log.SignInFailed(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoClientApp)), ex.Code, ex.Detail);
            return ErrorPage.For(http.Request.PathBase.Value ?? "", ex);
        }
    }

    private static Task RenderUnexpectedErrorAsync(HttpContext context) =>
        ErrorPage.Render(context.Request.PathBase.Value ?? "", "Ошибка", "internal_error",
                "Что-то пошло не так. Попробуйте ещё раз позже.",
                "An unexpected error occurred; see the application log.", statusCode: StatusCodes.Status500InternalServerError)
            .ExecuteAsync(context);

    private static Task AddSecurityHeaders(HttpContext context, Func<Task> next)
    {
        var authority = new Uri(context.RequestServices.GetRequiredService<IOptions<DemoClientOptions>>().Value.Authority);
        var headers = context.Response.Headers;
        // form-action must allow the broker: the logout form's redirect to end_session_endpoint is checked against it.
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; frame-ancestors 'none'; " +
                                        $"form-action 'self' {authority.GetLeftPart(UriPartial.Authority)}";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer"; // the callback URL carries the authorization code
        headers.CacheControl = "no-store";
        return next();
    }
}
