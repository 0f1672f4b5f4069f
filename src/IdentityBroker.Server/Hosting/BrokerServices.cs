using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.SignIn;
using IdentityBroker.Esia;
using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Protocol;
using IdentityBroker.Server.Protocol.Tokens;
using IdentityBroker.Server.Protocol.Validation;
using IdentityBroker.Server.Regions;
using IdentityBroker.Server.Interaction;
using IdentityBroker.Server.Telemetry;
using IdentityBroker.Store;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Hosting;

/// <summary>Registers the broker's services. Configuration is validated here, before the host starts.</summary>
internal static class BrokerServices
{
    public static void Add(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        var options = BrokerConfiguration.LoadValidated(configuration);
        var catalog = RegionCatalogLoader.Load(options.RegionsDirectory);
        var connectionString = configuration.GetConnectionString("Broker")!;

        services.AddSingleton(catalog);
        services.AddSingleton(new PersonalDataHasher(Convert.FromBase64String(options.PersonalDataPepper)));
        services.TryAddSingleton(TimeProvider.System); // the tests put a settable clock first (SliceEnvironment.Clock)

        // First hosted service: migrations (Development) and keys must exist before Data Protection's own hosted
        // service loads the key ring from PostgreSQL (hosted services start in registration order).
        services.AddHostedService<StartupTasks>();
        services.AddBrokerStore(connectionString);
        services.AddDataProtection().SetApplicationName("IdentityBroker").PersistKeysToBrokerStore();
        services.AddEsiaClient();

        services.AddAuthentication(BrokerSession.Scheme).AddCookie(BrokerSession.Scheme, BrokerSession.Configure);
        services.AddRazorComponents();
        // Russian pages: emit Cyrillic as text, not as &#x...; entities (6x smaller, readable source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(
            System.Text.Unicode.UnicodeRanges.BasicLatin, System.Text.Unicode.UnicodeRanges.Latin1Supplement,
            System.Text.Unicode.UnicodeRanges.Cyrillic, System.Text.Unicode.UnicodeRanges.GeneralPunctuation));

        services.AddSingleton(new SigningKeyProtector(Convert.FromBase64String(options.SigningKeyEncryptionKey)));
        services.AddSingleton<SigningKeyFactory>();
        services.AddSingleton<SigningKeyManager>();
        services.AddHostedService<SigningKeyRotationService>();
        services.AddHostedService<ExpiredStateCleanupService>();
        services.AddOptions<SigningOptions>().BindConfiguration(SigningOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SigningOptions>, SigningOptionsValidator>();
        services.AddSingleton<TokenFactory>();
        services.AddSingleton<AccessTokenValidator>();
        services.AddSingleton<AuthorizeRequestValidator>();
        services.AddSingleton<Protocol.Dpop.DpopProofValidator>();
        services.AddSingleton<ClientAuthenticator>();
        services.AddSingleton<AuthorizationCodeIssuer>();
        services.AddSingleton<Protocol.Grants.ITokenGrantHandler, Protocol.Grants.AuthorizationCodeGrantHandler>();
        services.AddSingleton<Protocol.Grants.ITokenGrantHandler, Protocol.Grants.RefreshTokenGrantHandler>();
        services.AddSingleton<Protocol.Grants.ITokenGrantHandler, Protocol.Grants.ClientCredentialsGrantHandler>();
        services.AddSingleton<Protocol.Grants.CodeReplayRevoker>();
        services.AddSingleton<RefreshHandleProtector>();
        services.AddSingleton<RefreshTokenIssuer>();
        services.AddSingleton<TokenInspector>();
        services.AddSingleton<ClientAssertionValidator>();
        services.AddSingleton<ClientJwksProvider>();
        services.AddHttpClient(ClientJwksProvider.HttpClientName, c =>
        {
            c.Timeout = TimeSpan.FromSeconds(5);
            c.MaxResponseContentBufferSize = 64 * 1024;
        });
        services.AddSingleton<SignInDecider>();
        FormStateServices.Add(services); // one ProtectedFormState<T> per sign-in form
        services.AddSingleton<SignInRefusals>();
        services.AddSingleton<RegionChoice>();
        services.AddSingleton<Admin.StaffTokenAuthorizer>(); // R-ERR-1 staff diagnostics API
        services.AddScoped<EsiaChallenge>();
        services.AddScoped<Protocol.IAuthorizeInteraction, AuthorizeInteraction>(); // Protocol asks, Interaction answers
        SignInServices.Add(services); // the sign-in transaction's steps (Interaction/)
        services.AddSingleton<ManualLinkCredentialCheck>();
        Interaction.Consent.DataConsentServices.Add(services); // R-CONSENT-1
        Account.AccountServices.Add(services); // /account
        Interaction.Consent.ConsentServices.Add(services); // R-CONSENT-2..6: parental consent, family relations, webhooks
        Logout.LogoutServices.Add(services);
        Delivery.DeliveryServices.Add(services); // the outbox dispatcher: one sender per message kind
        AntiforgerySetup.Add(services); // app-wide, for every form
        BrokerOptionsValidators.Add(services); // IdentityBroker:* bound + one validator per section, ValidateOnStart

        RateLimiting.Add(services, configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        BrokerTelemetry.Add(services);
    }
}
