using System.Net.Http.Headers;
using System.Text;
using System.Threading.RateLimiting;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Hosting;

/// <summary>
/// Rate limiting of the authorize, token, PAR, revocation and introspection endpoints (issue #3) and the staff diagnostics API (R-ERR-1): a token bucket per IP and one per client, chained;
/// a refusal is HTTP 429 with <c>Retry-After</c> and an OAuth-style JSON body. Limits are per replica (in memory): the
/// ingress should limit globally as well.
/// </summary>
internal static class RateLimiting
{
    public const string Policy = "oauth-endpoints";
    private const string ClientItem = "ib.rate.client";

    /// <summary>The endpoints a client or an attacker can hammer: sign-in start, and every client-authenticated POST.</summary>
    private static readonly string[] LimitedPaths = [ProtocolRoutes.Authorize, ProtocolRoutes.Token, "/connect/par", "/connect/revocation", "/connect/introspect", Admin.AdminRoutes.DiagnosticsAttempts];

    /// <param name="configuration">Unused: the options bind from the host's configuration (<c>BindConfiguration</c>).</param>
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) => Configure(limiter, options.Value));
    }

    private static void Configure(RateLimiterOptions limiter, RateLimitOptions o)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
            context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(System.Globalization.CultureInfo.InvariantCulture);
            context.HttpContext.Response.Headers.CacheControl = "no-store";
            await context.HttpContext.Response.WriteAsJsonAsync(
                new Dictionary<string, string> { ["error"] = "rate_limited", ["error_description"] = "Too many requests; retry after the time in Retry-After." },
                cancellationToken);
        };
        // Chained: a request needs a permit from its IP's bucket AND its client's bucket. Idle partitions are evicted.
        limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
            PartitionedRateLimiter.Create<HttpContext, string>(c => !o.Enabled || !IsLimited(c)
                ? RateLimitPartition.GetNoLimiter("none")
                : RateLimitPartition.GetTokenBucketLimiter("ip:" + (c.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => Bucket(o.PerIpPerSecond, o.PerIpBurst))),
            PartitionedRateLimiter.Create<HttpContext, string>(c => !o.Enabled || !IsLimited(c)
                ? RateLimitPartition.GetNoLimiter("none")
                : RateLimitPartition.GetTokenBucketLimiter("client:" + (c.Items[ClientItem] as string ?? "anonymous"), _ => Bucket(o.PerClientPerSecond, o.PerClientBurst))));
    }

    private static bool IsLimited(HttpContext context) => context.Items.ContainsKey(ClientItem);

    private static TokenBucketRateLimiterOptions Bucket(int perSecond, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    /// <summary>
    /// Reads the client id before the limiter runs (query, Basic header or form). The form was read and bounded by
    /// <see cref="RequestLimits"/> before; a body that still cannot be read counts as "unregistered" and the endpoint
    /// answers it (issue #10 item 3: reading here must never turn a bad body into a 500).
    /// </summary>
    public static void UseClientIdentification(this WebApplication app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (LimitedPaths.Any(p => path.StartsWithSegments(p)))
        {
            var clientId = await ClientIdAsync(context.Request);
            var known = clientId is not null && context.RequestServices.GetRequiredService<Regions.RegionCatalog>().FindClient(clientId) is not null;
            context.Items[ClientItem] = known ? clientId : "unregistered";
        }

        await next();
    });

    private static async Task<string?> ClientIdAsync(HttpRequest request)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var auth) &&
            string.Equals(auth.Scheme, "Basic", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(auth.Parameter ?? string.Empty));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon > 0 ? Uri.UnescapeDataString(decoded[..colon].Replace('+', ' ')) : null;
            }
            catch (FormatException)
            {
                return null;
            }
        }

        if (request.Query["client_id"] is { Count: 1 } q)
        {
            return q[0];
        }

        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
                return form["client_id"] is { Count: 1 } f ? f[0] : null;
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
            {
                return null;
            }
        }

        return null;
    }
}
