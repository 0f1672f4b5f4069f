using IdentityBroker.Core.Consent;

namespace IdentityBroker.Server.Interaction.Consent;

/// <summary>Registers parental consent (R-CONSENT-2..6): the parent's pages, the service, the webhook sender.</summary>
internal static class ConsentServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton<FamilyRelationMatcher>();
        services.AddSingleton<FamilyRelationRefresher>();
        services.AddSingleton<ConsentWebhooks>();
        services.AddSingleton<ParentalConsentService>();
        services.AddSingleton<ParentPages>();
        Delivery.DeliveryServices.AddSender<WebhookSender>(services);
        services.AddHttpClient(WebhookSender.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // Polly times out each try
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false, // a 3xx is not a delivery
                UseCookies = false,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                SslOptions = { EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13 },
            });
    }

    public static void Map(IEndpointRouteBuilder routes)
    {
        ParentStepEndpoint.Map(routes);
        ChildrenEndpoint.Map(routes);
    }
}
