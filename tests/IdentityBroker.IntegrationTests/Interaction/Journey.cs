using IdentityBroker.IntegrationTests.Consent;
using IdentityBroker.IntegrationTests.Esia;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// One person's sign-in in one browser (one cookie jar) for one client, stopped at the client's redirect URI so that the
/// code can be seen and redeemed. By default the browser clicks through the data consent page and the no_children_linked
/// notice like <see cref="BrowserClient"/> does; a journey that tests one of those steps stops there instead.
/// </summary>
internal sealed class Journey : IDisposable
{
    public Journey(OidcTestClient client, bool stopAtDataConsent = false, bool stopAtNotice = false)
    {
        Client = client;
        Browser = new BrowserClient { StopBefore = u => u.ToString().StartsWith(client.RedirectUri, StringComparison.Ordinal) };
        if (stopAtDataConsent)
        {
            Browser.AutoContinue.Remove(DataConsentSteps.AcceptButton);
        }

        if (stopAtNotice)
        {
            Browser.AutoContinue.Remove("#notice-continue");
        }
    }

    public OidcTestClient Client { get; }

    public BrowserClient Browser { get; }

    /// <summary>The client's authorization request: the emulator's login page, or the broker's region list for a shared client.</summary>
    public Task<Page> AuthorizeAsync() => Browser.GetAsync(Client.AuthorizeUrl());

    /// <summary>Authorization request, then ESIA as <paramref name="persona"/> (granted): the page the broker answers with.</summary>
    public async Task<Page> ThroughEsiaAsync(string persona) => await EsiaEmulatorDriver.SignInAsync(Browser, await AuthorizeAsync(), persona);

    public bool AtClient(Page page) => page.Url.ToString().StartsWith(Client.RedirectUri, StringComparison.Ordinal);

    /// <summary>The authorization code the client received on <paramref name="page"/> (its redirect URI), with the client's state.</summary>
    public string CodeOf(Page page)
    {
        Assert.That(AtClient(page), Is.True, "expected the redirect to the client with a code, got " + StepForm.Describe(page) + "\n" + page.Body);
        var query = QueryHelpers.ParseQuery(page.Url.Query);
        Assert.That(query["state"].ToString(), Is.EqualTo(Client.State));
        Assert.That(query.ContainsKey("code"), Is.True, "a code, not an error: " + page.Url);
        return query["code"].ToString();
    }

    /// <summary>Redeems the code the client received (R-TOKEN-*): the <c>sub</c> of the ID token (the diary account).</summary>
    public async Task<string> RedeemAsync(Page page)
    {
        var tokens = await Client.RedeemAsync(CodeOf(page));
        Assert.That(tokens.Status, Is.EqualTo(200), "the original sign-in's code is still good: " + tokens.Json);
        return new JsonWebToken(tokens.Get("id_token")).Subject;
    }

    public void Dispose() => Browser.Dispose();
}

/// <summary>Gets a journey to each step of the sign-in interaction, as the step's page is rendered.</summary>
internal static class Steps
{
    public const string Choose = "/signin/choose";
    public const string Link = "/signin/link";
    public const string Password = "/signin/password";
    public const string Parent = "/signin/parent";
    public const string DataConsent = "/signin/consent";
    public const string Region = "/signin/region";

    /// <summary>The staff account d38-1006a: no parental step follows (d38-1006b is a parent without children: the notice).</summary>
    public const string ChooseA = "button[value='d38-1006a']";
    public const string ChooseB = "button[value='d38-1006b']";
    public const string Accept = "button[value='accept']";
    public const string Continue = "button[value='continue']";
    public const string Region55 = "button[value='55']";
    public const string Region38 = "button[value='38']";

    private static readonly HashSet<string> Consented = [];

    private static SliceEnvironment Slice => InteractionSlice.Slice;

    /// <summary>R-MATCH-5: several-accounts at the account chooser.</summary>
    public static async Task<(Journey Journey, Page Page)> ChooserAsync(bool stopAtDataConsent = false)
    {
        var journey = new Journey(OidcTestClient.Public(Slice), stopAtDataConsent);
        var page = await journey.ThroughEsiaAsync(InteractionSlice.ChooserPersona);
        StepForm.Of(page, Choose, ChooseA); // the step's form is there
        return (journey, page);
    }

    /// <summary>R-MATCH-6: diary-without-snils at the manual-link form (links forgotten first).</summary>
    public static async Task<(Journey Journey, Page Page)> ManualLinkAsync(bool stopAtDataConsent = false)
    {
        await InteractionSlice.ForgetLinksAsync(InteractionSlice.ManualLinkOid);
        var journey = new Journey(OidcTestClient.Public(Slice), stopAtDataConsent);
        var page = await journey.ThroughEsiaAsync(InteractionSlice.ManualLinkPersona);
        StepForm.Of(page, Link);
        return (journey, page);
    }

    public static StepForm LinkForm(Page page, string password = InteractionSlice.ManualLinkPassword) =>
        StepForm.Of(page, Link, login: InteractionSlice.ManualLinkLogin, password: password);

    /// <summary>R-REGION-3: ESIA's token endpoint fails for region 55, the fallback form of the region-55 mobile client.</summary>
    public static async Task<(Journey Journey, Page Page)> PasswordFallbackAsync(bool stopAtDataConsent = false)
    {
        await InteractionSlice.Emulator.SetFaultsAsync(new { serverError = new[] { "te" }, clients = new[] { EsiaSliceOptions.EsiaClientId55 } });
        var journey = new Journey(new OidcTestClient(Slice, EsiaSliceOptions.MobileClientId55, EsiaSliceOptions.MobileRedirect55), stopAtDataConsent);
        var page = await journey.ThroughEsiaAsync("confirmed-adult");
        StepForm.Of(page, Password);
        return (journey, page);
    }

    public static StepForm PasswordForm(Page page, string password = InteractionSlice.FallbackPassword) =>
        StepForm.Of(page, Password, login: InteractionSlice.FallbackLogin, password: password);

    /// <summary>R-CONSENT-6: standard-adult (a parent account without children) at the no_children_linked notice.</summary>
    public static async Task<(Journey Journey, Page Page)> NoticeAsync(bool stopAtDataConsent = false)
    {
        var journey = new Journey(OidcTestClient.Public(Slice), stopAtDataConsent, stopAtNotice: true);
        var page = await journey.ThroughEsiaAsync(InteractionSlice.NoticePersona);
        StepForm.Of(page, Parent, Continue);
        return (journey, page);
    }

    /// <summary>R-CONSENT-1: confirmed-adult (consent revoked first) at the data consent page.</summary>
    public static async Task<(Journey Journey, Page Page)> DataConsentAsync()
    {
        await InteractionSlice.ForgetDataConsentAsync(InteractionSlice.ConsentOid);
        var journey = new Journey(OidcTestClient.Public(Slice), stopAtDataConsent: true);
        var page = await journey.ThroughEsiaAsync(InteractionSlice.ConsentPersona);
        StepForm.Of(page, DataConsent, Accept);
        return (journey, page);
    }

    /// <summary>R-REGION-2: the shared client's region list (a fresh browser remembers no region).</summary>
    public static async Task<(Journey Journey, Page Page)> RegionListAsync()
    {
        var journey = new Journey(new OidcTestClient(Slice, EsiaSliceOptions.SharedClientId, EsiaSliceOptions.SharedRedirect));
        var page = await journey.AuthorizeAsync();
        StepForm.Of(page, Region, Region55);
        return (journey, page);
    }

    /// <summary>From the emulator's login page the region choice led to: confirmed-adult grants, the broker answers the client.</summary>
    public static async Task<Page> FinishAtEsiaAsync(Journey journey, Page esiaLogin)
    {
        Assert.That(esiaLogin.Url.ToString(), Does.StartWith(Slice.EmulatorUrl), "expected ESIA's login page, got " + StepForm.Describe(esiaLogin));
        return await EsiaEmulatorDriver.SignInAsync(journey.Browser, esiaLogin, InteractionSlice.ConsentPersona);
    }

    /// <summary>
    /// Makes sure the person of <paramref name="step"/> has given data consent (R-CONSENT-1), by one whole sign-in through
    /// that step, so that the step's success is the redirect to the client (what the concurrency tests count).
    /// </summary>
    public static async Task EnsureDataConsentAsync(string step)
    {
        if (!Consented.Add(step))
        {
            return;
        }

        Page done;
        switch (step)
        {
            case Choose:
            {
                var (journey, page) = await ChooserAsync();
                using (journey)
                {
                    done = await StepForm.Of(page, Choose, ChooseA).PostAsync(journey.Browser);
                    journey.CodeOf(done);
                }

                break;
            }

            case Link:
            {
                var (journey, page) = await ManualLinkAsync();
                using (journey)
                {
                    done = await LinkForm(page).PostAsync(journey.Browser);
                    journey.CodeOf(done);
                }

                break;
            }

            case Password:
            {
                var (journey, page) = await PasswordFallbackAsync();
                using (journey)
                {
                    done = await PasswordForm(page).PostAsync(journey.Browser);
                    journey.CodeOf(done);
                }

                await InteractionSlice.Emulator.ResetAsync();
                break;
            }

            case Parent:
            {
                var (journey, page) = await NoticeAsync();
                using (journey)
                {
                    done = await StepForm.Of(page, Parent, Continue).PostAsync(journey.Browser);
                    journey.CodeOf(done);
                }

                break;
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(step));
        }
    }

    /// <summary>The data consent test persona's consent is revoked by the data consent journeys: forget that it was given.</summary>
    public static void DataConsentForgotten(string step) => Consented.Remove(step);
}

/// <summary>The base of the folder's test classes: the shared slice, and the clock and ESIA faults put back after each test.</summary>
public abstract class InteractionTest
{
    private TimeSpan _advanced;

    internal static SliceEnvironment Slice => InteractionSlice.Slice;

    /// <summary>Moves the brokers' clock ahead (<see cref="Testing.SettableClock"/>, no sleeping); moved back after the test.</summary>
    protected void AdvanceClock(TimeSpan by)
    {
        Slice.Clock.Advance(by);
        _advanced += by;
    }

    [TearDown]
    public async Task PutBackAsync()
    {
        if (_advanced != TimeSpan.Zero)
        {
            Slice.Clock.Advance(-_advanced);
            _advanced = TimeSpan.Zero;
        }

        await InteractionSlice.Emulator.ResetAsync();
    }
}
