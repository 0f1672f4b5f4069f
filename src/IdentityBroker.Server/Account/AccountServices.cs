namespace IdentityBroker.Server.Account;

/// <summary>Registers self-service (<c>/account</c>): the person's data consent revocation (R-CONSENT-1).</summary>
internal static class AccountServices
{
    public static void Add(IServiceCollection services) => services.AddSingleton<DataConsentRevocation>();
}
