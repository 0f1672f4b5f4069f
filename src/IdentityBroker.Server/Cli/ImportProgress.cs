using Spectre.Console;
using Spectre.Console.Rendering;

namespace IdentityBroker.Server.Cli;

/// <summary>
/// The import's progress on a terminal: a bar over the file's bytes, rows read per second and the remaining time, then
/// "merging" while the set-based merge runs (its length is not known in advance). Plain mode shows nothing here.
/// </summary>
internal static class ImportProgress
{
    public static async Task<T> RunAsync<T>(CliOutput output, CountingStream file, string label, Func<Task<T>> import)
    {
        if (!output.Interactive)
        {
            return await import();
        }

        var started = DateTime.UtcNow;
        return await output.Terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RowsPerSecondColumn(file, started), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(label, maxValue: Math.Max(1, file.Length));
                var work = import();
                while (!work.IsCompleted)
                {
                    task.Value = file.BytesRead;
                    if (file.BytesRead >= file.Length)
                    {
                        task.Description = label + " — merging";
                    }

                    await Task.WhenAny(work, Task.Delay(200));
                }

                task.Value = task.MaxValue;
                task.StopTask();
                return await work;
            });
    }

    /// <summary>Rows read per second so far (line breaks counted as they are read).</summary>
    private sealed class RowsPerSecondColumn(CountingStream file, DateTime started) : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            var seconds = Math.Max(0.001, (DateTime.UtcNow - started).TotalSeconds);
            return new Text(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{file.LinesRead / seconds,10:N0} rows/s"));
        }
    }
}
