using IdentityBroker.Server.Hosting;
using IdentityBroker.Server.Protocol.Endpoints;
using IdentityBroker.Server.Interaction;

namespace IdentityBroker.Server;

/// <summary>Builds the broker's web application. Tests host it in-process through <see cref="Create"/>.</summary>
public static class BrokerApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(BrokerApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.AddKeyPerFileIfPresent(builder.Configuration[HostingExtensions.SecretsDirectoryKey] ?? HostingExtensions.DefaultSecretsDirectory);
        configure?.Invoke(builder);
        BrokerServices.Add(builder);
        ManagementEndpoints.AddListener(builder); // second port: health, metrics, staff APIs (never behind the Ingress)
        RequestLimits.Configure(builder); // issue #10: request line, body and form limits
        Admin.DirectorySync.DirectorySyncEndpoints.AddServices(builder.Services); // issue #13: directory sync API + its OpenAPI document
        Admin.AdminRead.AdminReadEndpoints.AddServices(builder.Services); // issue #13: admin read API (ESIA state per region)

        var app = builder.Build();
        app.UseBrokerErrorHandling(); // issue #10: outermost; no 500 with a stack trace, in any environment
        app.UseRequestLimits();
        ManagementEndpoints.UsePortSeparation(app);
        app.UseForwardedHeadersFromTrustedProxies();
        app.UseSecurityHeaders();
        app.UseClientIdentification();
        app.UseRateLimiter();
        app.UseAuthentication();

        DiscoveryEndpoint.Map(app);
        JwksEndpoint.Map(app);
        AuthorizeEndpoint.Map(app);
        TokenEndpoint.Map(app);
        UserInfoEndpoint.Map(app);
        RevocationEndpoint.Map(app);
        IntrospectionEndpoint.Map(app);
        PushedAuthorizationEndpoint.Map(app);
        EsiaCallbackEndpoint.Map(app);
        ChooseAccountEndpoint.Map(app);
        CredentialsEndpoints.Map(app); // R-MATCH-6 /signin/link, R-REGION-3 /signin/password
        Interaction.Consent.DataConsentServices.Map(app); // R-CONSENT-1: /signin/consent
        Account.AccountEndpoints.Map(app); // R-CONSENT-1: /account
        Interaction.Consent.ConsentServices.Map(app); // R-CONSENT-3/4/6: /signin/parent, /account/children
        RegionChoiceEndpoint.Map(app); // R-REGION-2
        Logout.EndSessionEndpoint.Map(app);

        ManagementEndpoints.MapManagement(app); // health, metrics, R-ERR-1 diagnostics and every other admin API: management port only
        app.MapGet("/", () => Results.Text("IdentityBroker: OpenID Provider for school e-diaries. Discovery: /.well-known/openid-configuration", "text/plain; charset=utf-8"));
        return app;
    }
}
