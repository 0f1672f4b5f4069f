namespace IdentityBroker.Server.Cli;

/// <summary>Minimal <c>--name value</c> parsing for the operator verbs, with clear errors.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    private CliArguments()
    {
    }

    public static CliArguments Parse(IReadOnlyList<string> args, params string[] allowed)
    {
        var result = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || !allowed.Contains(name[2..]))
            {
                throw new CliUsageException($"Unknown argument '{name}'. Allowed: {string.Join(", ", allowed.Select(a => "--" + a))}.");
            }

            if (i + 1 >= args.Count)
            {
                throw new CliUsageException($"{name} needs a value.");
            }

            result._values[name[2..]] = args[++i];
        }

        return result;
    }

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public string Required(string name, string hint) =>
        _values.GetValueOrDefault(name) ?? throw new CliUsageException($"--{name} is required: {hint}");
}

internal sealed class CliUsageException(string message) : Exception(message);
