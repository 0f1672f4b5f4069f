using System.Text.Json;
using Spectre.Console;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// Where a verb writes: plain lines (CI logs, pipes, tests: no colour, no cursor movement), a Spectre.Console terminal
/// (progress bars, tables) when standard output is a real terminal, or one JSON document with <c>--json</c> (scripts).
/// </summary>
internal sealed class CliOutput(TextWriter output, TextWriter error, bool json, bool interactive)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public TextWriter Out => output;

    public TextWriter Error => error;

    /// <summary>True with <c>--json</c>: only the JSON document goes to standard output.</summary>
    public bool Json => json;

    /// <summary>True on a terminal without <c>--json</c>: progress bars and tables.</summary>
    public bool Interactive => interactive && !json;

    /// <summary>The terminal console (only when <see cref="Interactive"/>).</summary>
    public IAnsiConsole Terminal { get; } = interactive && !json
        ? AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) })
        : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });

    /// <summary>Interactive only when the caller's writer is the process's real, unredirected standard output.</summary>
    public static CliOutput For(TextWriter output, TextWriter error, bool json) =>
        new(output, error, json, ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null);

    /// <summary>A human line (suppressed with <c>--json</c>, where only the document is written).</summary>
    public void Line(string text)
    {
        if (!json)
        {
            output.WriteLine(text);
        }
    }

    public void WriteJson(object document) => output.WriteLine(JsonSerializer.Serialize(document, document.GetType(), JsonOptions));
}
