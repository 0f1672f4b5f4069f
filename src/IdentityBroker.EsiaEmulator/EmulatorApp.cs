using IdentityBroker.EsiaEmulator.Clients;
using IdentityBroker.EsiaEmulator.Configuration;
using IdentityBroker.EsiaEmulator.Crypto;
using IdentityBroker.EsiaEmulator.Faults;
using IdentityBroker.EsiaEmulator.Personas;
using IdentityBroker.EsiaEmulator.Protocol;
using IdentityBroker.EsiaEmulator.Rest;
using IdentityBroker.EsiaEmulator.Tokens;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.EsiaEmulator;

/// <summary>Builds the ESIA emulator web application; other assemblies (the broker's tests) host it in-process.</summary>
public static class EmulatorApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(EmulatorApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });

        AddServices(builder.Services);

        // Request-start lines would put ac query strings (state, client_secret) into the log.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseMiddleware<FaultMiddleware>();
        app.MapRazorPages();
        TokenEndpoint.Map(app);
        PersonEndpoints.Map(app);
        FaultEndpoints.Map(app);
        PublicEndpoints.Map(app);
        return app;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddOptions<EmulatorOptions>().BindConfiguration(EmulatorOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EmulatorOptions>, EmulatorOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var path = sp.GetRequiredService<IOptions<EmulatorOptions>>().Value.PersonasPath;
            return PersonaCatalog.Load(string.IsNullOrWhiteSpace(path) ? PersonaCatalog.DefaultPath : path);
        });
        services.AddSingleton<ClientRegistry>();
        services.AddSingleton<TokenSigningKeys>();
        services.AddSingleton<FaultState>();
        services.AddSingleton<RequestLog>();
        services.AddSingleton<LoginTransactionStore>();
        services.AddSingleton<AuthorizationCodeStore>();
        services.AddSingleton<RefreshTokenStore>();
        services.AddSingleton<AuthorizationRequestValidator>();
        services.AddSingleton<TokenRequestValidator>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<BearerAuthenticator>();

        // Single instance, nothing to share: keys for antiforgery live in memory only.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddRazorPages();

        // Render Russian text as is instead of &#x...; entities.
        services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(
            UnicodeRanges.BasicLatin, UnicodeRanges.Latin1Supplement, UnicodeRanges.Cyrillic, UnicodeRanges.GeneralPunctuation));
    }
}
