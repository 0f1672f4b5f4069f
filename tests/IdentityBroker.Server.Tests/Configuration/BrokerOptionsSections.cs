using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Tests.Configuration;

/// <summary>
/// The validators of <c>IdentityBroker:*</c> as the broker runs them: bound by <see cref="BrokerOptionsValidators.Add"/>
/// (<c>BindConfiguration(...).ValidateOnStart()</c>) and checked by the host's start-up validator, on top of a valid
/// root configuration so that only the section under test can fail.
/// </summary>
internal static class BrokerOptionsSections
{
    /// <summary>The root keys a broker needs (test values: 32 zero bytes are valid base64 keys of the right length).</summary>
    public static Dictionary<string, string?> ValidRoot() => new()
    {
        ["IdentityBroker:Issuer"] = "https://id.example",
        ["IdentityBroker:RegionsDirectory"] = "/regions",
        ["IdentityBroker:PersonalDataPepper"] = Convert.ToBase64String(new byte[32]),
        ["IdentityBroker:SigningKeyEncryptionKey"] = Convert.ToBase64String(new byte[32]),
    };

    /// <summary>The start-up failures for <paramref name="settings"/> over a valid root, none when they are valid.</summary>
    public static IReadOnlyList<string> StartupFailures(Dictionary<string, string?> settings)
    {
        var all = ValidRoot();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        BrokerOptionsValidators.Add(services);
        using var provider = services.BuildServiceProvider();
        try
        {
            provider.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException ex)
        {
            return ex.Failures.ToList();
        }
    }

    /// <summary>The options as bound from <paramref name="settings"/> (to check the good values are the ones read).</summary>
    public static BrokerOptions Bound(Dictionary<string, string?> settings)
    {
        var all = ValidRoot();
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(all).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        BrokerOptionsValidators.Add(services);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<BrokerOptions>>().Value;
    }
}
