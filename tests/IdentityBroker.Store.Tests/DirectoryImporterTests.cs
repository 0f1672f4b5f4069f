using IdentityBroker.Store.Directory;
using static IdentityBroker.Store.Tests.DirectoryTestData;

namespace IdentityBroker.Store.Tests;

public sealed class DirectoryImporterTests
{
    private StoreTestDatabase _database = null!;
    private DirectoryImporter _importer = null!;
    private int _region;

    [OneTimeSetUp]
    public async Task SetUp()
    {
        _database = await StoreTestDatabase.CreateAsync("import");
        _importer = _database.Get<DirectoryImporter>();
    }

    [OneTimeTearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [TestCase(DirectoryFileFormat.JsonLines)]
    [TestCase(DirectoryFileFormat.Csv)]
    public async Task ImportAsync_FileWithBadRows_InsertsGoodRowsAndReportsBadOnes(DirectoryFileFormat format)
    {
        var report = await ImportAsync(NewRegion(), format == DirectoryFileFormat.Csv ? Csv : JsonLines, format);

        var birthDate = format == DirectoryFileFormat.Csv ? "birth_date" : "birthDate";
        var line = format == DirectoryFileFormat.Csv ? 1 : 0; // the CSV header, and the quoted line break on line 3
        Assert.That(report.Inserted, Is.EqualTo(3));
        Assert.That(report.Updated, Is.Zero);
        Assert.That(report.Unchanged, Is.Zero);
        Assert.That(report.Rejected, Is.EqualTo(new[]
        {
            new RejectedRow(3 + (2 * line), $"snils: checksum does not match"),
            new RejectedRow(4 + (2 * line), $"{birthDate}: expected yyyy-MM-dd"),
            new RejectedRow(5 + (2 * line), $"login: is required"),
            new RejectedRow(6 + (2 * line), $"login: duplicate of line {1 + line}"),
        }));
    }

    [TestCase(DirectoryFileFormat.JsonLines)]
    [TestCase(DirectoryFileFormat.Csv)]
    public async Task ImportAsync_SameFileTwice_SecondChangesNothing(DirectoryFileFormat format)
    {
        var region = NewRegion();
        var text = format == DirectoryFileFormat.Csv ? Csv : JsonLines;
        await ImportAsync(region, text, format);
        var before = await DirectoryTable.SnapshotAsync(_database.ConnectionString, region);

        var second = await ImportAsync(region, text, format);

        Assert.That((second.Inserted, second.Updated, second.Unchanged), Is.EqualTo((0, 0, 3)));
        Assert.That(second.Rejected, Has.Count.EqualTo(4));
        Assert.That(await DirectoryTable.SnapshotAsync(_database.ConnectionString, region), Is.EqualTo(before));
    }

    [Test]
    public async Task ImportAsync_ChangedRowAndChildren_UpdatesItAndReplacesChildren()
    {
        var region = NewRegion();
        await ImportAsync(region, JsonLines, DirectoryFileFormat.JsonLines);
        var changed = JsonLines
            .Replace("\"activated\":false,\"children\":[\"d38-2001\"]", "\"activated\":true,\"children\":[\"d38-2002\",\"d38-2003\"]", StringComparison.Ordinal)
            .Replace("\"roles\":[\"student\"]", "\"roles\":[\"student\",\"staff\"]", StringComparison.Ordinal);

        var report = await ImportAsync(region, changed, DirectoryFileFormat.JsonLines);

        Assert.That((report.Inserted, report.Updated, report.Unchanged), Is.EqualTo((0, 2, 1)));
        var directory = _database.Get<Core.Stores.IDiaryDirectory>();
        var staff = await directory.GetAsync(region, "d38-3001", CancellationToken.None);
        Assert.That(staff!.IsActivated, Is.True);
        Assert.That(staff.ChildIds, Is.EqualTo(new[] { "d38-2002", "d38-2003" }));
    }

    [Test]
    public async Task ImportAsync_CsvAndJsonLinesOfSamePeople_StoreTheSameRows()
    {
        var (jsonRegion, csvRegion) = (NewRegion(), NewRegion());
        await ImportAsync(jsonRegion, JsonLines, DirectoryFileFormat.JsonLines);
        await ImportAsync(csvRegion, Csv, DirectoryFileFormat.Csv);

        var json = await DirectoryTable.SnapshotAsync(_database.ConnectionString, jsonRegion, withTimestamps: false);
        var csv = await DirectoryTable.SnapshotAsync(_database.ConnectionString, csvRegion, withTimestamps: false);

        // only the second school name differs on purpose (the CSV one tests quoting)
        Assert.That(csv.Replace(csvRegion, "R", StringComparison.Ordinal).Replace("МБОУ СОШ № 1, г. Иркутск\\n(корпус \\\"Б\\\")", "МБОУ СОШ № 1 г. Иркутска", StringComparison.Ordinal),
            Is.EqualTo(json.Replace(jsonRegion, "R", StringComparison.Ordinal)));
    }

    [Test]
    public async Task ImportAsync_LoginHeldByAnotherStoredAccount_RejectsRow()
    {
        var region = NewRegion();
        await ImportAsync(region, JsonLines, DirectoryFileFormat.JsonLines);
        var file = """{"id":"d38-9999","login":"petrov.is","lastName":"Новиков","firstName":"Юрий","roles":["staff"],"activated":true}""";

        var report = await ImportAsync(region, file, DirectoryFileFormat.JsonLines);

        Assert.That(report.Inserted, Is.Zero);
        Assert.That(report.Rejected, Is.EqualTo(new[] { new RejectedRow(1, "login: already used by another account") }));
    }

    [Test]
    public async Task ImportAsync_JsonLinesWithMalformedLines_RejectsThemWithLineNumbers()
    {
        var file = "\uFEFF" + string.Join('\n',
            "{not json",
            "",
            "[1,2]",
            """{"id":"a","login":"a","lastName":"Б","firstName":"В","roles":"staff","activated":true}""",
            """{"id":"b","login":"b","lastName":"Б","firstName":"В","roles":["janitor"],"activated":true}""",
            """{"id":"c","login":"c","lastName":"Б","firstName":"В","roles":["staff"],"activated":"yes"}""",
            """{"id":"d","login":"d","lastName":"Б","firstName":"В","roles":["staff"],"activated":true,"snils":"12-34","gender":"M"}""",
            """{"id":"e","login":"e","lastName":"Б","firstName":"В","roles":["staff"],"activated":true,"children":["e"]}""",
            """{"id":"f","login":"f","lastName":"Б","firstName":"В","roles":["staff"],"activated":true,"birthCertificate":{"series":"II-СТ","number":"12"}}""",
            """{"id":"g","login":"g","lastName":"Б","firstName":"В","roles":["staff"],"activated":true,"gender":"X"}""",
            """{"id":"h","login":"h","lastName":"Б","firstName":"В","roles":["staff"],"activated":true}""");

        var report = await ImportAsync(NewRegion(), file, DirectoryFileFormat.JsonLines);

        Assert.That(report.Inserted, Is.EqualTo(1));
        Assert.That(report.Rejected.Select(r => r.Reason), Is.EqualTo(new[]
        {
            "not valid JSON",
            "expected a JSON object",
            "roles: expected an array of strings",
            "roles: expected student, parent or staff",
            "activated: expected true or false",
            "snils: expected 11 digits",
            "children: an account cannot be its own child",
            "birthCertificate: expected a series and a 6-digit number",
            "gender: expected M or F",
        }));
    }

    [TestCase("id,login\r\nd1,x\r\n", TestName = "ImportAsync_CsvMissingColumns_ThrowsAndWritesNothing")]
    [TestCase("id,login,last_name,first_name,middle_name,birth_date,gender,snils,birth_certificate,roles,schools,activated,children\r\n"
        + "d1,a,Б,В,,,,,,staff,,true,\r\nd2,b,Б,В,,,,,,staff,\"unclosed,true,\r\n", TestName = "ImportAsync_CsvUnclosedQuote_ThrowsAndWritesNothing")]
    public async Task ImportAsync_FatalCsvError_ThrowsAndWritesNothing(string csv)
    {
        var region = NewRegion();

        Assert.ThrowsAsync<InvalidDataException>(() => ImportAsync(region, csv, DirectoryFileFormat.Csv));

        Assert.That(await DirectoryTable.CountAsync(_database.ConnectionString, region), Is.Zero);
    }

    /// <summary>Issue #10 item 8: the operator reads "rejected line N: reason" — the reason does not say "line N" again.</summary>
    [Test]
    public async Task ImportAsync_RejectedRow_ReasonDoesNotRepeatTheLine()
    {
        var report = await ImportAsync(NewRegion(), JsonLines, DirectoryFileFormat.JsonLines);

        Assert.That(report.Rejected.Select(r => r.Reason), Has.None.Match(@"^line \d+:"));
        Assert.That(report.Rejected.Select(r => r.Line), Is.EqualTo(new[] { 3, 4, 5, 6 }));
    }

    /// <summary>
    /// Issue #10 item 8: names mixing Cyrillic and Latin letters are imported and reported by line and account id (never the
    /// name); all-Cyrillic and all-Latin names are not.
    /// </summary>
    [Test]
    public async Task ImportAsync_Rmatch4_MixedScriptNames_ReportedByLineAndIdOnly()
    {
        const string school = "\"schools\":[{\"id\":\"38-s-001\",\"name\":\"СОШ № 1\"}],\"activated\":true";
        var text = string.Join('\n',
            $$"""{"id":"m-1","login":"m1","lastName":"Петров","firstName":"Иван","roles":["parent"],{{school}}}""",
            $$"""{"id":"m-2","login":"m2","lastName":"Пeтрова","firstName":"Маша","birthDate":"2016-05-01","roles":["student"],{{school}}}""",
            $$"""{"id":"m-3","login":"m3","lastName":"Smith","firstName":"John","roles":["staff"],{{school}}}""",
            $$"""{"id":"m-4","login":"m4","lastName":"Сидорова","firstName":"Анна","middleName":"Olegovna","roles":["parent"],{{school}}}""") + "\n";

        var report = await ImportAsync(NewRegion(), text, DirectoryFileFormat.JsonLines);

        Assert.That(report.Inserted, Is.EqualTo(4), "mixed names are still imported");
        Assert.That(report.MixedScriptNames, Is.EqualTo(new[] { new MixedScriptRow(2, "m-2"), new MixedScriptRow(4, "m-4") }));
    }

    private Task<ImportReport> ImportAsync(string region, string text, DirectoryFileFormat format) =>
        _importer.ImportAsync(region, Stream(text), format, Hasher, CancellationToken.None);

    private string NewRegion() => $"t{Interlocked.Increment(ref _region)}";
}
