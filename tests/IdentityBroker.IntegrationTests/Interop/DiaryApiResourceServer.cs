using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IdentityBroker.IntegrationTests.Interop;

/// <summary>
/// A diary API as a region would write it: a minimal ASP.NET app protected by Microsoft.AspNetCore.Authentication.JwtBearer
/// 8.0.34, configured only through the broker's discovery document (Authority), plus a revocation check through the
/// broker's introspection endpoint (RFC 7662) so that a revoked access token is refused before it expires.
/// <c>GET /api/me</c> answers <c>{ sub, region }</c>.
/// </summary>
internal sealed class DiaryApiResourceServer : IAsyncDisposable
{
    public const string Audience = "diary-api";

    private readonly WebApplication _app;
    private readonly IntrospectionLog _introspection;

    private DiaryApiResourceServer(WebApplication app, string url, IntrospectionLog introspection)
    {
        _app = app;
        Url = url;
        _introspection = introspection;
    }

    public string Url { get; }

    /// <summary>How many introspection calls the revocation check made.</summary>
    public int IntrospectionCalls => _introspection.Calls;

    /// <summary>Status and body of the last introspection response (for failure messages).</summary>
    public string LastIntrospection => _introspection.Last;

    public static async Task<DiaryApiResourceServer> StartAsync(string authority, string introspectionClientId, string introspectionClientSecret)
    {
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        var log = new IntrospectionLog();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddHttpClient("introspection");
        builder.Services.AddAuthorization();
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.Authority = authority;
            o.RequireHttpsMetadata = false; // the test broker is http on loopback
            o.Audience = Audience;
            o.MapInboundClaims = false; // keep sub, region as the broker wrote them
            o.TokenValidationParameters.ValidTypes = ["at+jwt"]; // RFC 9068 §4: refuse ID tokens and other JWTs
            o.TokenValidationParameters.ClockSkew = TimeSpan.Zero; // one machine, one clock: an expired token is refused at once
            o.Events = new JwtBearerEvents
            {
                OnTokenValidated = async context =>
                {
                    // RFC 7662: ask the broker whether the token is still active (revoked tokens are not)
                    var configuration = await context.Options.ConfigurationManager!.GetConfigurationAsync(context.HttpContext.RequestAborted);
                    var endpoint = configuration.IntrospectionEndpoint;
                    if (string.IsNullOrEmpty(endpoint))
                    {
                        context.Fail("the broker's discovery document has no introspection_endpoint");
                        return;
                    }

                    var token = context.Request.Headers.Authorization.ToString()["Bearer ".Length..].Trim();
                    using var request = new HttpRequestMessage(HttpMethod.Post, endpoint)
                    {
                        Content = new FormUrlEncodedContent([new("token", token), new("token_type_hint", "access_token")]),
                    };
                    request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                        Uri.EscapeDataString(introspectionClientId) + ":" + Uri.EscapeDataString(introspectionClientSecret))));
                    var http = context.HttpContext.RequestServices.GetRequiredService<IHttpClientFactory>().CreateClient("introspection");
                    using var response = await http.SendAsync(request, context.HttpContext.RequestAborted);
                    var body = await response.Content.ReadAsStringAsync(context.HttpContext.RequestAborted);
                    log.Record((int)response.StatusCode, body);
                    if (!response.IsSuccessStatusCode)
                    {
                        context.Fail($"introspection answered {(int)response.StatusCode}");
                        return;
                    }

                    using var json = JsonDocument.Parse(body);
                    if (!json.RootElement.TryGetProperty("active", out var active) || active.ValueKind != JsonValueKind.True)
                    {
                        context.Fail("the token is not active (revoked)");
                    }
                },
            };
        });

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/me", (ClaimsPrincipal user) => Results.Json(new
        {
            sub = user.FindFirstValue("sub"),
            region = user.FindFirstValue("region"),
        })).RequireAuthorization();
        await app.StartAsync();
        return new DiaryApiResourceServer(app, url, log);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }

    private sealed class IntrospectionLog
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Last { get; private set; } = "(none)";

        public void Record(int status, string body)
        {
            Interlocked.Increment(ref _calls);
            Last = $"{status} {body}";
        }
    }
}
