using IdentityBroker.Server.Configuration;
using IdentityBroker.Server.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.IntegrationTests.Hosting;

/// <summary>
/// <c>IdentityBroker:RateLimits</c> is bound with <c>BindConfiguration</c>, validated at start-up by
/// <see cref="RateLimitOptionsValidator"/> (key and fix in each message) and is what the limiter is built from.
/// </summary>
public sealed class RateLimitOptionsValidationTests
{
    private const string Section = "IdentityBroker:RateLimits";

    [TestCase("PerIpPerSecond", "0", "PerIpPerSecond must be at least 1")]
    [TestCase("PerIpBurst", "-1", "PerIpBurst must be at least 1")]
    [TestCase("PerClientPerSecond", "0", "PerClientPerSecond must be at least 1")]
    [TestCase("PerClientBurst", "0", "PerClientBurst must be at least 1")]
    [TestCase("PerIpBurst", "10", "PerIpBurst (10) is below IdentityBroker:RateLimits:PerIpPerSecond (50)")]
    [TestCase("PerClientBurst", "100", "PerClientBurst (100) is below IdentityBroker:RateLimits:PerClientPerSecond (2000)")]
    public void StartupValidation_BadValue_FailsNamingTheKeyAndTheFix(string key, string value, string expected)
    {
        using var provider = Services(new Dictionary<string, string?> { [$"{Section}:{key}"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain($"{Section}:{expected}"));
    }

    [Test]
    public void StartupValidation_ZeroRateWithLimitingDisabled_StillRefusedWithTheWayToSwitchOff()
    {
        using var provider = Services(new Dictionary<string, string?> { [$"{Section}:Enabled"] = "false", [$"{Section}:PerIpPerSecond"] = "0" });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain($"set {Section}:Enabled=false instead"));
    }

    [Test]
    public void Defaults_AreValidAndTheLimiterIsBuiltFromTheBoundOptions()
    {
        using var provider = Services(new Dictionary<string, string?> { [$"{Section}:PerIpPerSecond"] = "7", [$"{Section}:PerIpBurst"] = "9" });

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var options = provider.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        Assert.That((options.PerIpPerSecond, options.PerIpBurst, options.PerClientPerSecond), Is.EqualTo((7, 9, 2000)));
        Assert.That(provider.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter, Is.Not.Null);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        RateLimiting.Add(services, configuration);
        return services.BuildServiceProvider();
    }
}
