using System.CommandLine;
using IdentityBroker.Store;

namespace IdentityBroker.Server.Cli;

/// <summary><c>migrate</c>: applies the database migrations (a Helm Job before an upgrade).</summary>
internal static class MigrateCommand
{
    public static Command Create(Func<ParseResult, CliOutput> output)
    {
        var connection = new Option<string>("--connection") { Description = "PostgreSQL connection string (default: ConnectionStrings:Broker)", HelpName = "CS" };
        var command = new Command("migrate", "Apply database migrations (run as a Helm Job before an upgrade).") { connection };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var o = output(parse);
            var configuration = CliConfiguration.Load();
            var cs = CliConfiguration.ConnectionString(parse.GetValue(connection), configuration);
            await using var services = CliConfiguration.StoreServices(cs, configuration, o);
            await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(cancellationToken);
            o.Line("Database is up to date.");
            if (o.Json)
            {
                o.WriteJson(new { status = "up_to_date" });
            }

            return 0;
        });
        return command;
    }
}
