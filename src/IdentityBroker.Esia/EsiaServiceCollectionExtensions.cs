using IdentityBroker.Esia.Http;
using IdentityBroker.Esia.Signing;
using IdentityBroker.Esia.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Esia;

/// <summary>DI registration of the ESIA client.</summary>
public static class EsiaServiceCollectionExtensions
{
    /// <summary>The name of the typed ESIA HttpClient (for <c>ConfigureHttpClientDefaults</c> or tests).</summary>
    public const string HttpClientName = "IdentityBroker.Esia";

    /// <summary>
    /// Registers <see cref="IEsiaClient"/> as a typed HttpClient with the ESIA resilience handlers (keyed pipelines of
    /// Microsoft.Extensions.Http.Resilience, <see cref="EsiaResiliencePipelines"/>), the signer provider,
    /// token validation and metrics. Returns the client's builder: the broker or tests may replace the primary handler
    /// with <c>ConfigurePrimaryHttpMessageHandler(...)</c>. Needs an <c>IConfiguration</c> service (any host has one): the
    /// resilience options bind from <see cref="EsiaResilienceOptions.SectionName"/> and are validated at start-up.
    /// </summary>
    public static IHttpClientBuilder AddEsiaClient(this IServiceCollection services, Action<EsiaResilienceOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        // bound from IdentityBroker:Esia:Resilience, then code (configure) wins; validated at start-up (house style: key and fix)
        var options = services.AddOptions<EsiaResilienceOptions>().BindConfiguration(EsiaResilienceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EsiaResilienceOptions>, EsiaResilienceOptionsValidator>());
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<EsiaMetrics>();
        services.TryAddSingleton<TrustedCertificateStore>();
        services.TryAddSingleton<EsiaTokenValidator>();
        services.TryAddSingleton<IEsiaSignerProvider, EsiaSignerProvider>();
        // No default HttpClient logging: its "Start processing HTTP request GET …/rs/prns/{oid}" lines would put ESIA ids
        // into the log at Information level. The client logs operations, regions and error codes itself (Log.cs).
        services.AddHttpClient(EsiaSignerProvider.RemoteSignerClientName, c => c.Timeout = TimeSpan.FromSeconds(5)).RemoveAllLoggers();

        return services
            .AddHttpClient<IEsiaClient, EsiaClient>(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddEsiaResilience();
    }
}
