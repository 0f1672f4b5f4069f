using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// The validators of <see cref="BrokerOptions"/>: one for its root keys and one per nested section. The nested sections are
/// bound as part of <c>IdentityBroker</c> and read through <c>IOptions&lt;BrokerOptions&gt;</c>, so each of their validators
/// is an <c>IValidateOptions&lt;BrokerOptions&gt;</c> looking at its own section. <see cref="BrokerConfiguration.LoadValidated"/>
/// runs <see cref="All"/> before the host is built (so every error is reported at once, with the signing and connection
/// string errors); <see cref="Add"/> binds the section with <c>BindConfiguration(...).ValidateOnStart()</c> and registers
/// the same validators. A new nested options class gets its validator here.
/// </summary>
internal static class BrokerOptionsValidators
{
    public static IReadOnlyList<IValidateOptions<BrokerOptions>> All { get; } =
    [
        new BrokerOptionsValidator(),
        new LogoutOptionsValidator(),
        new DataConsentOptionsValidator(),
        new ManualLinkOptionsValidator(), // R-MATCH-6, R-REGION-3
        new AuditOptionsValidator(),
        new DirectorySyncOptionsValidator(),
    ];

    public static void Add(IServiceCollection services)
    {
        services.AddOptions<BrokerOptions>().BindConfiguration(BrokerOptions.SectionName).ValidateOnStart();
        foreach (var validator in All)
        {
            // TryAddEnumerable: one registration per validator type, even if a test host adds this twice
            services.TryAddEnumerable(ServiceDescriptor.Singleton(validator));
        }
    }
}
