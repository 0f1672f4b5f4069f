using Microsoft.AspNetCore.HttpOverrides;

namespace IdentityBroker.Server.Hosting;

internal static class HostingExtensions
{
    /// <summary>Where Kubernetes mounts the broker's Secret (key-per-file); the chart mounts it here.</summary>
    public const string DefaultSecretsDirectory = "/var/run/secrets/identity-broker";

    /// <summary>Another folder for the key-per-file secrets (tests that lay a pod's files out under a temporary root).</summary>
    public const string SecretsDirectoryKey = "IdentityBroker:SecretsDirectory";

    /// <summary>Secrets mounted as files (Kubernetes secrets; key-per-file: a file named IdentityBroker__PersonalDataPepper).</summary>
    public static IConfigurationBuilder AddKeyPerFileIfPresent(this IConfigurationBuilder builder, string directory) =>
        System.IO.Directory.Exists(directory) ? builder.AddKeyPerFile(directory, optional: true) : builder;

    /// <summary>
    /// Behind the ingress the broker sees X-Forwarded-For/Proto. Only the proxies listed in
    /// <c>IdentityBroker:TrustedProxies</c> (IPs or CIDRs, <see cref="Configuration.BrokerOptions.TrustedProxies"/>) are believed;
    /// by default none.
    /// </summary>
    public static void UseForwardedHeadersFromTrustedProxies(this WebApplication app)
    {
        // validated at start-up (BrokerOptionsValidator): every entry parses
        var proxies = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Configuration.BrokerOptions>>().Value.TrustedProxies;
        if (proxies.Count == 0)
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var p in proxies)
        {
            if (p.Contains('/', StringComparison.Ordinal))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(p));
            }
            else
            {
                options.KnownProxies.Add(System.Net.IPAddress.Parse(p));
            }
        }

        app.UseForwardedHeaders(options);
    }

    /// <summary>No framing (ESIA forbids framing its pages too), no sniffing, no referrer leaking codes, a strict CSP.</summary>
    public static void UseSecurityHeaders(this WebApplication app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var h = context.Response.Headers;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            if (!h.ContainsKey("Content-Security-Policy"))
            {
                h.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'";
            }

            return Task.CompletedTask;
        });
        await next();
    });
}
