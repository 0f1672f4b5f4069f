using System.Net;
using IdentityBroker.Core.Directory;
using IdentityBroker.Core.Privacy;
using IdentityBroker.Core.Stores;
using IdentityBroker.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace IdentityBroker.IntegrationTests.SignIn;

/// <summary>Steps shared by the manual-linking (R-MATCH-6) and password-fallback (R-REGION-3) tests.</summary>
internal static class ManualLinkSteps
{
    public const string WrongCredentialsText = "Неверный логин или пароль";

    /// <summary>A directory row (JSON Lines) with an imported diary password hash (ASP.NET Identity v3, 1,000 rounds to stay fast).</summary>
    public static string Row(string id, string login, string lastName, string firstName, string middleName, DateOnly birthDate, string password,
        string role = "staff", bool activated = true, string? snils = null, string gender = "F") =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id, ["login"] = login, ["lastName"] = lastName, ["firstName"] = firstName, ["middleName"] = middleName,
            ["birthDate"] = birthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ["gender"] = gender,
            ["snils"] = snils, ["roles"] = new[] { role }, ["schools"] = new[] { new { id = "38-s-002", name = "МАОУ «Лицей № 2» г. Иркутска" } },
            ["activated"] = activated, ["passwordHash"] = DiaryPasswordHash.Create(password, iterations: 1_000),
        }.Where(kv => kv.Value is not null).ToDictionary());

    /// <summary>The diary links of an emulator persona (by its ESIA oid) in a region.</summary>
    public static async Task<IReadOnlyList<AccountLink>> LinksAsync(SliceEnvironment slice, string region, string oid)
    {
        var hasher = slice.BrokerServices.GetRequiredService<PersonalDataHasher>();
        return await slice.BrokerServices.GetRequiredService<IAccountLinkStore>().FindAsync(region, hasher.HashEsiaSubject(oid), CancellationToken.None);
    }

    /// <summary>The password attempts audited under the reference number of the refusal that offered the form.</summary>
    public static async Task<IReadOnlyList<AuditRecord>> AttemptsAsync(SliceEnvironment slice, string reference) =>
        (await slice.BrokerServices.GetRequiredService<IAuditLog>().FindByReferenceAsync(reference, CancellationToken.None))
        .Where(r => r.EventType == AuditEventTypes.ManualLinkAttempt)
        .OrderBy(r => r.At)
        .ToList();

    /// <summary>
    /// Posts the form of <paramref name="page"/> (hidden fields as the page has them, plus login and password) from this
    /// browser's cookies, <paramref name="count"/> times at once — as a script would, not one after the other.
    /// </summary>
    public static async Task<IReadOnlyList<(HttpStatusCode Status, string Body)>> PostInParallelAsync(
        BrowserClient browser, Page page, string formSelector, string login, string password, int count)
    {
        var form = page.Document.QuerySelector(formSelector) ?? throw new AssertionException("no " + formSelector + " on " + page.Url);
        var fields = form.QuerySelectorAll("input[type='hidden']")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .Append(new("login", login)).Append(new("password", password))
            .ToList();
        var action = new Uri(page.Url, form.GetAttribute("action"));
        using var handler = new HttpClientHandler { CookieContainer = browser.Cookies, UseCookies = true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        using var start = new ManualResetEventSlim();
        var posts = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var response = await http.PostAsync(action, new FormUrlEncodedContent(fields));
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        })).ToList();
        start.Set();
        return await Task.WhenAll(posts);
    }

    /// <summary>The message of a re-shown form and its kind (wrong_credentials, delayed, missing_fields).</summary>
    public static (string? Text, string? Kind) Message(Page page) =>
        (page.Text("#credentials-message"), page.Document.QuerySelector("#credentials-message")?.GetAttribute("data-outcome"));
}
