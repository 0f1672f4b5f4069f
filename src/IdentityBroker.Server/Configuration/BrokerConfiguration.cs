using Microsoft.Extensions.Options;

namespace IdentityBroker.Server.Configuration;

/// <summary>Reads and validates the configuration before the host is built, so a bad value stops start-up with a clear message.</summary>
internal static class BrokerConfiguration
{
    public static BrokerOptions LoadValidated(IConfiguration configuration)
    {
        var options = new BrokerOptions();
        configuration.GetSection(BrokerOptions.SectionName).Bind(options);
        var errors = new List<string>();
        foreach (var validator in BrokerOptionsValidators.All)
        {
            var result = validator.Validate(null, options);
            if (result.Failed)
            {
                errors.AddRange(result.Failures);
            }
        }

        var signing = new SigningOptions();
        configuration.GetSection(SigningOptions.SectionName).Bind(signing);
        var signingResult = new SigningOptionsValidator().Validate(null, signing);
        if (signingResult.Failed)
        {
            errors.AddRange(signingResult.Failures);
        }

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
}
