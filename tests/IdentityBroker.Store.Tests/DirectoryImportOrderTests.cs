using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using IdentityBroker.Store.Directory;
using static IdentityBroker.Store.Tests.DirectoryTestData;

namespace IdentityBroker.Store.Tests;

/// <summary>
/// Issue #11: the importer parses and validates on several cores (<see cref="OrderedParallelRows"/>); what it reports must
/// still be what a sequential read reports, in file order.
/// </summary>
public sealed class DirectoryImportOrderTests
{
    /// <summary>More rows than one chunk of the parallel parser: rejected rows, mixed-script names and counts in file order.</summary>
    [Test]
    public async Task ImportAsync_ManyChunks_ReportsInFileOrderAsASequentialReadWould()
    {
        await using var database = await StoreTestDatabase.CreateAsync("chunks");
        var importer = database.Get<DirectoryImporter>();
        var text = new StringBuilder();
        var bad = new List<RejectedRow>();
        var mixed = new List<MixedScriptRow>();
        const int rows = (OrderedParallelRows.ChunkSize * 4) + 7;
        for (var line = 1; line <= rows; line++)
        {
            var date = line % 997 == 0 ? "2010-02-30" : "2010-02-03";
            var last = line % 1500 == 0 ? "Ивaнов" : "Иванов"; // Latin "a" in the Cyrillic name
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"id":"c-{{line}}","login":"l-{{line}}","lastName":"{{last}}","firstName":"Пётр","birthDate":"{{date}}","roles":["student"],"schools":[],"activated":true}""").Append('\n');
            if (date.EndsWith("30", StringComparison.Ordinal))
            {
                bad.Add(new RejectedRow(line, "birthDate: expected yyyy-MM-dd"));
            }
            else if (last != "Иванов")
            {
                mixed.Add(new MixedScriptRow(line, $"c-{line}"));
            }
        }

        text.Append("""{"id":"c-1","login":"again","lastName":"Иванов","firstName":"Пётр","roles":["student"],"schools":[],"activated":true}""").Append('\n');
        bad.Add(new RejectedRow(rows + 1, "id: duplicate of line 1"));

        var report = await importer.ImportAsync("c1", Stream(text.ToString()), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None);

        Assert.That(report.Rows, Is.EqualTo(rows + 1));
        Assert.That(report.Inserted, Is.EqualTo(rows - (bad.Count - 1)));
        Assert.That(report.Rejected, Is.EqualTo(bad));
        Assert.That(report.MixedScriptNames, Is.EqualTo(mixed));
        Assert.That(await DirectoryTable.CountAsync(database.ConnectionString, "c1"), Is.EqualTo(report.Inserted));
    }

    /// <summary>A file that turns out not to be UTF-8 after many good lines still writes nothing and names the line.</summary>
    [Test]
    public async Task ImportAsync_InvalidUtf8AfterSeveralChunks_WritesNothingAndNamesTheLastGoodLine()
    {
        await using var database = await StoreTestDatabase.CreateAsync("utf8");
        var importer = database.Get<DirectoryImporter>();
        var good = new StringBuilder();
        const int rows = (OrderedParallelRows.ChunkSize * 3) + 1;
        for (var line = 1; line <= rows; line++)
        {
            good.Append(System.Globalization.CultureInfo.InvariantCulture, $$"""{"id":"u-{{line}}","login":"u-{{line}}","lastName":"Иванов","firstName":"Пётр","roles":["student"],"schools":[],"activated":true}""").Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(good.ToString()).Concat(new byte[] { 0xFF, 0xFE, 0x0A }).ToArray();

        var ex = Assert.ThrowsAsync<InvalidDataException>(() =>
            importer.ImportAsync("u1", new MemoryStream(bytes), DirectoryFileFormat.JsonLines, Hasher, CancellationToken.None));

        // the reader decodes a block ahead, so the line named is the last one read before the bad block: near the end,
        // not the end of the last full chunk handed to the parsers
        var named = int.Parse(Regex.Match(ex!.Message, @"after line (\d+)").Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(named, Is.InRange(rows - 16, rows));
        Assert.That(await DirectoryTable.CountAsync(database.ConnectionString, "u1"), Is.Zero);
    }
}
