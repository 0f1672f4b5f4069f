using IdentityBroker.Esia.Http;
using IdentityBroker.Esia.Signing;
using IdentityBroker.Esia.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IdentityBroker.Esia;

/// <summary>DI registration of the ESIA client.</summary>
public static class EsiaServiceCollectionExtensions
{
    /// <summary>The name of the typed ESIA HttpClient (for <c>ConfigureHttpClientDefaults</c> or tests).</summary>
    public const string HttpClientName = "IdentityBroker.Esia";

    /// <summary>
    /// Registers <see cref="IEsiaClient"/> as a typed HttpClient with the ESIA resilience handler, the signer provider,
    /// token validation and metrics. Returns the client's builder: the broker or tests may replace the primary handler
    /// with <c>ConfigurePrimaryHttpMessageHandler(...)</c>.
    /// </summary>
    public static IHttpClientBuilder AddEsiaClient(this IServiceCollection services, Action<EsiaResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<EsiaResilienceOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EsiaMetrics>();
        services.TryAddSingleton<EsiaResiliencePipelines>();
        services.TryAddSingleton<TrustedCertificateStore>();
        services.TryAddSingleton<EsiaTokenValidator>();
        services.TryAddSingleton<IEsiaSignerProvider, EsiaSignerProvider>();
        services.TryAddTransient<EsiaResilienceHandler>();
        services.AddHttpClient(EsiaSignerProvider.RemoteSignerClientName, c => c.Timeout = TimeSpan.FromSeconds(5));

        return services
            .AddHttpClient<IEsiaClient, EsiaClient>(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<EsiaResilienceHandler>();
    }
}
