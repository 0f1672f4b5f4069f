using IdentityBroker.Server;
using IdentityBroker.Server.Cli;
using IdentityBroker.Server.Regions;
using Microsoft.Extensions.Options;

if (args.Length > 0 && BrokerCommands.Verbs.Contains(args[0]))
{
    return await BrokerCommands.RunAsync(args, Console.Out, Console.Error);
}

try
{
    await BrokerApp.Create(args).RunAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine("IdentityBroker cannot start: configuration error:" + Environment.NewLine + string.Join(Environment.NewLine, ex.Failures.Select(f => "  - " + f)));
    return 2;
}
catch (RegionConfigurationException ex)
{
    Console.Error.WriteLine("IdentityBroker cannot start: " + ex.Message);
    return 2;
}
