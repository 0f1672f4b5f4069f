using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IdentityBroker.Esia.Tests.Http;

/// <summary>
/// <see cref="EsiaResilienceOptionsValidator"/>: every bad value of <c>IdentityBroker:Esia:Resilience</c> stops start-up
/// with the key and the range that works (house style), and <c>AddEsiaClient</c> registers it with ValidateOnStart.
/// </summary>
public sealed class ResilienceOptionsValidatorTests
{
    private const string Section = "IdentityBroker:Esia:Resilience";

    [Test]
    public void Validate_Defaults_Succeed()
    {
        Assert.That(new EsiaResilienceOptionsValidator().Validate(null, new EsiaResilienceOptions()).Succeeded, Is.True);
    }

    [TestCase("ReadRetries", "-1", "ReadRetries must be between 0 and 10")]
    [TestCase("ReadRetries", "11", "ReadRetries must be between 0 and 10")]
    [TestCase("RetryBaseDelay", "00:00:00", "RetryBaseDelay must be between")]
    [TestCase("BreakerFailureRatio", "0", "BreakerFailureRatio must be greater than 0 and at most 1")]
    [TestCase("BreakerFailureRatio", "1.5", "BreakerFailureRatio must be greater than 0 and at most 1")]
    [TestCase("BreakerMinimumThroughput", "1", "BreakerMinimumThroughput must be at least 2")]
    [TestCase("BreakerSamplingDuration", "00:00:00.100", "BreakerSamplingDuration must be between")]
    [TestCase("BreakerBreakDuration", "02:00:00", "BreakerBreakDuration must be between")]
    [TestCase("MaxConcurrentRequestsPerRegion", "0", "MaxConcurrentRequestsPerRegion must be at least 1")]
    [TestCase("QueueLimit", "-1", "QueueLimit must be 0 or more")]
    public void StartupValidation_BadValue_FailsNamingTheKey(string key, string value, string expected)
    {
        using var provider = Services(new Dictionary<string, string?> { [$"{Section}:{key}"] = value });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain($"{Section}:{expected}"));
    }

    [Test]
    public void StartupValidation_ConfiguredValues_AreBoundAndAccepted()
    {
        using var provider = Services(new Dictionary<string, string?> { [$"{Section}:ReadRetries"] = "4", [$"{Section}:QueueLimit"] = "0" });

        Assert.DoesNotThrow(() => provider.GetRequiredService<IStartupValidator>().Validate());
        var options = provider.GetRequiredService<IOptions<EsiaResilienceOptions>>().Value;
        Assert.That((options.ReadRetries, options.QueueLimit), Is.EqualTo((4, 0)));
    }

    [Test]
    public void AddEsiaClient_CodeConfiguration_WinsOverTheSectionAndIsValidatedToo()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            new Dictionary<string, string?> { [$"{Section}:ReadRetries"] = "4" }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddEsiaClient(o => o.ReadRetries = -5);
        using var provider = services.BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.That(string.Join("\n", ex!.Failures), Does.Contain($"{Section}:ReadRetries must be between 0 and 10").And.Contain("got -5"));
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddEsiaClient();
        return services.BuildServiceProvider();
    }
}
