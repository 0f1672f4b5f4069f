using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>
/// Reads and validates the configuration before the host is built, so a bad value stops start-up with a clear message:
/// every section's validators (<see cref="BrokerOptionsValidators"/>, signing, rate limits; the same ones ValidateOnStart
/// runs), all errors at once.
/// </summary>
internal static class BrokerConfiguration
{
    public static BrokerOptions LoadValidated(IConfiguration configuration)
    {
        var errors = new List<string>();
        var options = new BrokerOptions();
        Bind(configuration, BrokerOptions.SectionName, options, errors);
        foreach (var validator in BrokerOptionsValidators.All)
        {
            Add(errors, validator.Validate(null, options));
        }

        var signing = new SigningOptions();
        Bind(configuration, SigningOptions.SectionName, signing, errors);
        Add(errors, new SigningOptionsValidator().Validate(null, signing));

        var rateLimits = new RateLimitOptions();
        Bind(configuration, RateLimitOptions.SectionName, rateLimits, errors);
        Add(errors, new RateLimitOptionsValidator().Validate(null, rateLimits));

        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString("Broker")))
        {
            errors.Add("ConnectionStrings:Broker is required: the PostgreSQL connection string, e.g. Host=db;Database=broker;Username=broker;Password=… (env: ConnectionStrings__Broker).");
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(BrokerOptions.SectionName, typeof(BrokerOptions), errors);
        }

        return options;
    }

    /// <summary>
    /// Binds one section. A value the binder cannot convert (a word where a number, a duration or true/false belongs) is
    /// reported with its key — the binder's own exception would end start-up with a stack trace. The section is still
    /// validated: the binder stops at that value, so the properties after it keep their defaults, which are valid; the
    /// errors of the ones bound before it (the required root keys come first) are still listed.
    /// </summary>
    internal static void Bind(IConfiguration configuration, string section, object options, List<string> errors)
    {
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            errors.Add($"{ex.Message} Write it as its type needs: a whole number (e.g. 30), a duration (e.g. 00:05:00 or 1.00:00:00), true or false, a date (e.g. 2027-01-15).");
        }
    }

    private static void Add(List<string> errors, ValidateOptionsResult result)
    {
        if (result.Failed)
        {
            errors.AddRange(result.Failures);
        }
    }
}
