using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Consent;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using IdentityBroker.IntegrationTests.SignIn;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// ONE slice for every test of this folder (issue #12 item 1: the step-based sign-in interaction): region 38 (manual
/// linking R-MATCH-6, the chooser R-MATCH-5, parental steps R-CONSENT-3/6, data consent R-CONSENT-1), region 55 with the
/// password fallback (R-REGION-3) and the client shared by both (R-REGION-2). The tests of the folder run one after another
/// (NUnit's default here) and each starts from a known state of the persons it uses (<see cref="ForgetLinksAsync"/>,
/// <see cref="ForgetDataConsentAsync"/>). The limiter of diary password attempts is opened wide (<c>FreeAttempts</c>) so
/// that the concurrency tests measure the step's single use, not the limiter (ManualLinkTests prove the limiter).
/// </summary>
[SetUpFixture]
public sealed class InteractionSlice
{
    public const string ManualLinkPersona = "diary-without-snils"; // Фёдорова А. П., name-only match to d38-1007 (no SNILS in the diary)
    public const string ManualLinkOid = "1000000007";
    public const string ManualLinkAccount = "d38-1007";
    public const string ManualLinkLogin = "fedorova.ap";
    public const string ManualLinkPassword = "Фёдорова-шаги-1";

    public const string ChooserPersona = "several-accounts"; // Новиков Д. О.: d38-1006a and d38-1006b
    public const string ChooserOid = "1000000006";

    public const string NoticePersona = "standard-adult"; // Смирнова О. В., d38-1002: a parent account with no child (R-CONSENT-6 notice)
    public const string NoticeOid = "1000000002";
    public const string NoticeAccount = "d38-1002";

    public const string ConsentPersona = "confirmed-adult"; // Петров И. С., d38-1001 (d55-1001 in region 55)
    public const string ConsentOid = "1000000001";

    public const string FallbackAccount = "d55-t-r001"; // a staff account of region 55 (no parental step follows)
    public const string FallbackLogin = "replay.55";
    public const string FallbackPassword = "Резерв-55-шаги";

    internal static SliceEnvironment Slice { get; private set; } = null!;

    internal static EmulatorControl Emulator { get; private set; } = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Slice = await SliceEnvironment.StartAsync(
            brokerSettings: new Dictionary<string, string?> { ["IdentityBroker:ManualLink:FreeAttempts"] = "100" },
            esia: new EsiaSliceOptions { SecondRegion = true, SharedClients = true, PasswordSignIn55 = "fallback", EsiaTimeout = TimeSpan.FromSeconds(2) });
        Emulator = new EmulatorControl(Slice);
        await ConsentSteps.ImportFamilyAsync(Slice); // Морозов С. Н. (parent-two-kids) and child-10, for the parent's grant
        await EsiaFlows.ImportDirectoryRowsAsync(Slice, "38",
            ManualLinkSteps.Row(ManualLinkAccount, ManualLinkLogin, "Федорова", "Анна", "Павловна", new DateOnly(1992, 8, 8), ManualLinkPassword));
        await EsiaFlows.ImportDirectoryRowsAsync(Slice, EsiaSliceOptions.Region55,
            ManualLinkSteps.Row(FallbackAccount, FallbackLogin, "Сидоренко", "Ольга", "Ивановна", new DateOnly(1980, 1, 15), FallbackPassword),
            """{"id":"d55-1001","login":"petrov.is.55","lastName":"Петров","firstName":"Иван","middleName":"Сергеевич","birthDate":"1985-03-07","gender":"M","snils":"112-233-445 95","roles":["staff"],"schools":[{"id":"55-s-001","name":"БОУ «СОШ № 1» г. Омска"}],"activated":true}""");
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        Emulator?.Dispose();
        if (Slice is not null)
        {
            await Slice.DisposeAsync();
        }
    }

    /// <summary>
    /// Test set-up: the person's diary links in region 38 and every diary password attempt counter are removed, so that the
    /// person is offered manual linking (R-MATCH-6) again, as at their first sign-in.
    /// </summary>
    internal static async Task ForgetLinksAsync(string oid)
    {
        await using var connection = new NpgsqlConnection(Slice.ConnectionString);
        await connection.OpenAsync();
        await using var links = new NpgsqlCommand("DELETE FROM broker.account_links WHERE region_code = '38' AND esia_subject_hash = @h", connection);
        links.Parameters.AddWithValue("h", SubjectHash(oid));
        await links.ExecuteNonQueryAsync();
        await using var attempts = new NpgsqlCommand("DELETE FROM broker.link_attempts", connection);
        await attempts.ExecuteNonQueryAsync();
    }

    /// <summary>Test set-up: the person's data consent (R-CONSENT-1) in region 38 is revoked, so the consent page is shown again.</summary>
    internal static Task ForgetDataConsentAsync(string oid) =>
        Slice.BrokerServices.GetRequiredService<IDataConsentStore>().RevokeAsync("38", SubjectHash(oid), Slice.Clock.UtcNow, CancellationToken.None);

    internal static string SubjectHash(string oid) => Slice.BrokerServices.GetRequiredService<PersonalDataHasher>().HashEsiaSubject(oid);
}
