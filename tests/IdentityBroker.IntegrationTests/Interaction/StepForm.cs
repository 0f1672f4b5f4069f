using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using IdentityBroker.IntegrationTests.Infrastructure;

namespace IdentityBroker.IntegrationTests.Interaction;

/// <summary>
/// One step's form as a browser would send it, captured from the page as rendered so that it can be posted again later
/// (a replay, the back button, a double click), from another cookie jar or many times at once. Robust to how the broker
/// carries its state: the form is found by its action, and EVERY hidden field is posted exactly as rendered, whatever its
/// name; only what a person does is chosen: the button clicked and what they type (found by the autocomplete hints
/// <c>username</c> and <c>current-password</c>).
/// </summary>
internal sealed record StepForm(Uri Action, IReadOnlyList<KeyValuePair<string, string>> Fields, string What)
{
    /// <summary>
    /// The form of <paramref name="page"/> posting to <paramref name="actionPath"/> that contains <paramref name="button"/>
    /// (a CSS selector, e.g. <c>button[value='accept']</c>; the first submit button when null), clicked.
    /// </summary>
    public static StepForm Of(Page page, string actionPath, string? button = null, string? login = null, string? password = null)
    {
        var document = new HtmlParser().ParseDocument(page.Body);
        var forms = document.QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Where(f => new Uri(page.Url, f.GetAttribute("action") ?? page.Url.ToString()).AbsolutePath == actionPath)
            .ToList();
        var form = forms.FirstOrDefault(f => button is null || f.QuerySelector(button) is not null)
                   ?? throw new AssertionException($"No form posting to {actionPath}{(button is null ? "" : " with " + button)} on {Describe(page)}\n{Trim(page.Body)}");
        Assert.That((form.GetAttribute("method") ?? "get").ToUpperInvariant(), Is.EqualTo("POST"), actionPath + " is posted");
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var input in form.QuerySelectorAll("input").OfType<IHtmlInputElement>().Where(i => !string.IsNullOrEmpty(i.Name)))
        {
            switch (input.Type)
            {
                case "hidden":
                    fields.Add(new(input.Name!, input.Value));
                    break;
                case "password":
                case "text" or "email" when input.GetAttribute("autocomplete") == "username":
                    var typed = input.Type == "password" ? password : login;
                    fields.Add(new(input.Name!, typed ?? input.Value));
                    break;
            }
        }

        var submitter = (button is null ? form.QuerySelector("button[type='submit'], button:not([type])") : form.QuerySelector(button))
                        ?? throw new AssertionException($"No button {button} in the form posting to {actionPath}");
        if (submitter.GetAttribute("name") is { Length: > 0 } name)
        {
            fields.Add(new(name, submitter.GetAttribute("value") ?? ""));
        }

        return new StepForm(new Uri(page.Url, form.GetAttribute("action")!), fields, actionPath + (button is null ? "" : " " + button));
    }

    /// <summary>The same form with every hidden field's value replaced (garbage, padding); the typed fields and the button stay.</summary>
    public StepForm WithHidden(Func<string, string> value, IReadOnlySet<string> hiddenNames) =>
        this with { Fields = Fields.Select(f => hiddenNames.Contains(f.Key) ? new KeyValuePair<string, string>(f.Key, value(f.Value)) : f).ToList() };

    /// <summary>The names of the hidden fields as rendered (to garble them all without knowing them).</summary>
    public static IReadOnlySet<string> HiddenNames(Page page, string actionPath) =>
        new HtmlParser().ParseDocument(page.Body).QuerySelectorAll("form").OfType<IHtmlFormElement>()
            .Where(f => new Uri(page.Url, f.GetAttribute("action") ?? page.Url.ToString()).AbsolutePath == actionPath)
            .SelectMany(f => f.QuerySelectorAll("input[type='hidden']").Select(i => i.GetAttribute("name")!))
            .ToHashSet(StringComparer.Ordinal);

    public HttpRequestMessage Request() => new(HttpMethod.Post, Action) { Content = new FormUrlEncodedContent(Fields) };

    /// <summary>Posts the form from <paramref name="browser"/> (its cookies), following redirects like a browser.</summary>
    public Task<Page> PostAsync(BrowserClient browser) => browser.SendAsync(Request());

    /// <summary>
    /// Posts the form <paramref name="count"/> times at once from <paramref name="browser"/>'s cookies, as a script would,
    /// and returns the first answers (redirects are not followed: a success is a redirect, a refusal a page).
    /// </summary>
    public async Task<IReadOnlyList<Answer>> PostInParallelAsync(BrowserClient browser, int count)
    {
        using var handler = new HttpClientHandler { CookieContainer = browser.Cookies, UseCookies = true, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };
        using var start = new ManualResetEventSlim();
        var posts = Enumerable.Range(0, count).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            using var response = await http.SendAsync(Request());
            var body = await response.Content.ReadAsStringAsync();
            var location = response.Headers.Location is { } l ? new Uri(Action, l) : null;
            return new Answer(response.StatusCode, location, new Page(Action, response.StatusCode, body, new Dictionary<string, string>()));
        })).ToList();
        start.Set();
        return await Task.WhenAll(posts);
    }

    /// <summary>One answer of <see cref="PostInParallelAsync"/>.</summary>
    internal sealed record Answer(HttpStatusCode Status, Uri? Location, Page Page)
    {
        public override string ToString() => Location is not null ? $"{(int)Status} → {Location.GetLeftPart(UriPartial.Path)}" : $"{(int)Status} {Page.Text("#error-code") ?? Page.Text("h1")}";
    }

    public static string Describe(Page page) =>
        $"HTTP {(int)page.Status} at {page.Url.GetLeftPart(UriPartial.Path)} (h1: «{page.Text("h1")}», code: {page.Text("#error-code") ?? page.Text("#notice-code") ?? "-"})";

    private static string Trim(string body) => body.Length > 800 ? body[..800] : body;
}
