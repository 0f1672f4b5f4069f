using System.Text;

namespace IdentityBroker.Store.Directory;

/// <summary>
/// RFC 4180 records: comma-separated fields, double-quoted fields may hold commas, quotes (doubled) and line breaks.
/// Reads line by line asynchronously, so it works on request streams that forbid synchronous I/O.
/// </summary>
internal sealed class CsvRecordReader(TextReader reader)
{
    private int _line;

    /// <summary>Reads the next record; null at the end of the file.</summary>
    /// <exception cref="InvalidDataException">A quoted field is never closed (the rest of the file cannot be trusted).</exception>
    public async Task<(int Line, List<string> Fields)?> ReadAsync(CancellationToken cancellationToken)
    {
        var text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
        if (text is null)
        {
            return null;
        }

        var startLine = ++_line;
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        while (true)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (inQuotes)
                {
                    if (c != '"')
                    {
                        field.Append(c);
                    }
                    else if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else if (c == ',')
                {
                    fields.Add(field.ToString());
                    field.Clear();
                }
                else if (c == '"' && field.Length == 0)
                {
                    inQuotes = true;
                }
                else
                {
                    field.Append(c);
                }
            }

            if (!inQuotes)
            {
                fields.Add(field.ToString());
                return (startLine, fields);
            }

            // a line break inside a quoted field belongs to the field
            text = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException($"line {startLine}: a quoted field is never closed");
            _line++;
            field.Append('\n');
        }
    }
}
