using System.Text;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.Store.Directory;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Esia;

/// <summary>
/// The directory import and matching end to end, through the broker and the ESIA emulator: the birth certificate of
/// R-MATCH-3 (persona child-10 holds RF_BRTH_CERT III-СТ 100001, which ESIA does not release for a child account) and the
/// removal of a linked account (R-MATCH-7).
/// Each test sets its own directory state first (removal, then the row), so the order of tests does not matter.
/// </summary>
public sealed class DirectoryMatchingTests
{
    private const string AccountId = "d38-t3010";
    private SliceEnvironment _slice = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _slice = await SliceEnvironment.StartAsync(esia: new EsiaSliceOptions());

    [OneTimeTearDown]
    public async Task StopAsync() => await _slice.DisposeAsync();

    /// <summary>
    /// ESIA releases no documents of a child account on its own profile (ESIA.md §6.2, MR 3254-3275: documents only for
    /// standard and confirmed accounts; the emulator follows it), so at a child's own sign-in ESIA's side lacks the
    /// certificate and name + birth date decide, whatever certificate the diary holds. The comparison itself (same →
    /// confirmed, different → ruled out) is proven in BirthDateMatchRuleTests and BirthCertificateReadingTests; if ESIA
    /// ever releases the certificate here, this test fails and must expect data_mismatch.
    /// </summary>
    [TestCase("III-СТ", "100001", TestName = "SignIn_Rmatch3_Child10SameCertificateInDiary_EsiaReleasesNoChildDocument_SignsInByNameAndBirthDate")]
    [TestCase("III-СТ", "999999", TestName = "SignIn_Rmatch3_Child10OtherCertificateInDiary_EsiaReleasesNoChildDocument_SignsInByNameAndBirthDate")]
    public async Task SignIn_Rmatch3_Child10CertificateInDiary(string series, string number)
    {
        await ResetAsync(series, number);
        using var browser = new BrowserClient();

        var home = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "child-10");

        Assert.That(home.Url.ToString(), Does.StartWith(_slice.DemoUrl), home.Body);
        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo(AccountId));
    }

    [Test]
    public async Task SignIn_Rmatch3_Child10WithoutBirthCertificateInTheDiary_NameAndBirthDateDecide()
    {
        await ResetAsync(null, null);
        using var browser = new BrowserClient();

        var home = await EsiaEmulatorDriver.SignInAsync(browser, await browser.GetAsync(_slice.DemoUrl + "/login"), "child-10");

        Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo(AccountId), home.Body);
    }

    [Test]
    public async Task SignIn_Rmatch7_LinkedAccountRemovedByImport_NextSignInNoLongerUsesTheLink()
    {
        await ResetAsync("III-СТ", "100001");
        using (var first = new BrowserClient())
        {
            var home = await EsiaEmulatorDriver.SignInAsync(first, await first.GetAsync(_slice.DemoUrl + "/login"), "child-10");
            Assert.That(home.Text("#claims tr[data-claim='sub'] td:last-child"), Is.EqualTo(AccountId), home.Body);
        }

        Assert.That(await CountAsync("SELECT count(*) FROM broker.account_links WHERE region_code = '38' AND diary_account_id = @id"), Is.EqualTo(1), "the first sign-in linked: " + await DumpLinksAsync());

        const string Unlinks = "SELECT count(*) FROM broker.audit_records WHERE event_type = 'unlink' AND rule_id = 'R-MATCH-7' AND diary_account_id = @id AND esia_subject_hash IS NOT NULL";
        var unlinksBefore = await CountAsync(Unlinks);

        var report = await ImportAsync($$"""{"id":"{{AccountId}}","removed":true}""");

        Assert.That((report.Removed, report.LinksRemoved), Is.EqualTo((1, 1)));
        Assert.That(await CountAsync("SELECT count(*) FROM broker.account_links WHERE region_code = '38' AND diary_account_id = @id"), Is.Zero);
        Assert.That(await CountAsync(Unlinks), Is.EqualTo(unlinksBefore + 1), "the removal of the link is audited");
        using var second = new BrowserClient();
        var page = await EsiaEmulatorDriver.SignInAsync(second, await second.GetAsync(_slice.DemoUrl + "/login"), "child-10");
        var (reason, audit, _) = await EsiaFlows.RefusalAsync(_slice, page);
        Assert.That(reason, Is.EqualTo("no_diary_account"), "a new search, not the removed link");
        Assert.That(audit.RuleId, Is.EqualTo("R-MATCH-3"));
    }

    /// <summary>No account and no link for child-10, then the row with the given certificate (or none).</summary>
    private async Task ResetAsync(string? series, string? number)
    {
        await ImportAsync($$"""{"id":"{{AccountId}}","removed":true}""");
        var birth = EsiaFlows.MoscowToday().AddYears(-10).AddDays(-45);
        var certificate = series is null ? "" : $$""","birthCertificate":{"series":"{{series}}","number":"{{number}}"}""";
        var report = await ImportAsync(
            $$"""{"id":"{{AccountId}}","login":"t.morozov.cert","lastName":"Морозов","firstName":"Артём","middleName":"Сергеевич","birthDate":"{{birth:yyyy-MM-dd}}","gender":"M"{{certificate}},"roles":["student"],"schools":[{"id":"38-s-001","name":"МБОУ «СОШ № 1» г. Иркутска"}],"activated":true}""");
        Assert.That(report.Inserted, Is.EqualTo(1));

        // R-CONSENT-2: a minor signs in only with a parent's consent; given through the store (idempotent)
        await _slice.BrokerServices.GetRequiredService<IParentalConsentStore>().GrantAsync(
            "38", AccountId, "parent-esia-hash-of-directory-tests", null, DateTimeOffset.UtcNow, [], CancellationToken.None);
    }

    private async Task<ImportReport> ImportAsync(string line)
    {
        var importer = ActivatorUtilities.CreateInstance<DirectoryImporter>(_slice.BrokerServices);
        await using var file = new MemoryStream(Encoding.UTF8.GetBytes(line + "\n"));
        var report = await importer.ImportAsync("38", file, DirectoryFileFormat.JsonLines,
            _slice.BrokerServices.GetRequiredService<PersonalDataHasher>(), CancellationToken.None);
        Assert.That(report.Rejected, Is.Empty, string.Join("; ", report.Rejected.Select(r => r.Reason)));
        return report;
    }

    private async Task<string> DumpLinksAsync()
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT string_agg(l::text, ' | ') FROM broker.account_links l", connection);
        return (await command.ExecuteScalarAsync())?.ToString() ?? "";
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_slice.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", AccountId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
