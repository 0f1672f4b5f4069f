using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace IdentityBroker.IntegrationTests.Infrastructure;

/// <summary>
/// A minimal browser for HTTP-level end-to-end tests: one cookie jar across every host, redirects followed by hand (so
/// each hop can be inspected or re-routed), HTML forms submitted the way a browser would.
/// </summary>
internal sealed class BrowserClient : IDisposable
{
    private readonly HttpClient _http;

    public BrowserClient()
    {
        Cookies = new CookieContainer();
        _http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public CookieContainer Cookies { get; }

    /// <summary>Every URL requested, in order.</summary>
    public List<Uri> History { get; } = [];

    /// <summary>Redirects matching this are not followed: the page returned carries the target URL (like an app's redirect URI).</summary>
    public Func<Uri, bool>? StopBefore { get; set; }

    /// <summary>Rewrites a redirect target before it is followed (e.g. to send ESIA's callback to another broker replica).</summary>
    public Func<Uri, Uri>? RedirectRewriter { get; set; }

    /// <summary>
    /// CSS selectors of "continue" buttons that are clicked automatically when a page the browser ends up on (status 200)
    /// contains one, so that flow tests pass through such interstitial pages without knowing them. By default the
    /// R-CONSENT-1 consent page's «Даю согласие» and the R-CONSENT-6 no_children_linked notice's «Продолжить». Clear it to
    /// see such a page yourself.
    /// </summary>
    public List<string> AutoContinue { get; } = ["#data-consent-accept", "#notice-continue"];

    /// <summary>The pages <see cref="AutoContinue"/> clicked through, in order.</summary>
    public List<Page> AutoContinued { get; } = [];

    public Task<Page> GetAsync(string url) => SendAsync(new HttpRequestMessage(HttpMethod.Get, url));

    public async Task<Page> SendAsync(HttpRequestMessage request, int maxRedirects = 15)
    {
        var page = await SendOnceAsync(request, maxRedirects);
        for (var clicks = 0; page.Status == HttpStatusCode.OK && AutoContinue.Count > 0 && page.Body.Contains("<form", StringComparison.Ordinal); clicks++)
        {
            var selector = AutoContinue.FirstOrDefault(s => page.Document.QuerySelector(s) is not null);
            if (selector is null)
            {
                break;
            }

            if (clicks >= 5)
            {
                throw new InvalidOperationException($"'{selector}' keeps coming back: " + string.Join(" -> ", History));
            }

            AutoContinued.Add(page);
            page = await SendOnceAsync(FormRequest(page, selector, null), maxRedirects);
        }

        return page;
    }

    private async Task<Page> SendOnceAsync(HttpRequestMessage request, int maxRedirects)
    {
        for (var hop = 0; ; hop++)
        {
            History.Add(request.RequestUri!);
            using var response = await _http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var location = response.Headers.Location;
            if (location is null || (int)response.StatusCode is < 300 or >= 400)
            {
                return new Page(request.RequestUri!, response.StatusCode, body, response.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value)));
            }

            if (hop >= maxRedirects)
            {
                throw new InvalidOperationException("Too many redirects: " + string.Join(" -> ", History));
            }

            var next = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            if (next.Scheme is not ("http" or "https") || StopBefore?.Invoke(next) == true)
            {
                // a custom-scheme redirect (mobile app): stop here, like a browser handing over to the app
                return new Page(next, response.StatusCode, body, new Dictionary<string, string> { ["Location"] = next.ToString() });
            }

            request = new HttpRequestMessage(HttpMethod.Get, RedirectRewriter?.Invoke(next) ?? next);
        }
    }

    /// <summary>Submits the form containing the element matched by <paramref name="submitterSelector"/>, as a click on it.</summary>
    public Task<Page> SubmitAsync(Page page, string submitterSelector, IDictionary<string, string>? fields = null) =>
        SendAsync(FormRequest(page, submitterSelector, fields));

    private static HttpRequestMessage FormRequest(Page page, string submitterSelector, IDictionary<string, string>? fields)
    {
        var document = new HtmlParser().ParseDocument(page.Body);
        var submitter = document.QuerySelector(submitterSelector)
                        ?? throw new InvalidOperationException($"No '{submitterSelector}' on {page.Url}: {Trim(page.Body)}");
        var form = submitter.Closest("form") as IHtmlFormElement ?? throw new InvalidOperationException($"'{submitterSelector}' is not inside a form.");
        var values = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when input.Type is "hidden" or "text" or "password" or "email" or "tel" || (input.Type is "radio" or "checkbox" && input.IsChecked):
                    if (!string.IsNullOrEmpty(input.Name))
                    {
                        values.Add(new(input.Name, fields is not null && fields.TryGetValue(input.Name, out var v) ? v : input.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name):
                    values.Add(new(area.Name, area.Value));
                    break;
            }
        }

        if (submitter is IHtmlButtonElement { Name: { Length: > 0 } name } button)
        {
            values.Add(new(name, button.Value));
        }
        else if (submitter is IHtmlInputElement { Name: { Length: > 0 } inputName } submitInput)
        {
            values.Add(new(inputName, submitInput.Value));
        }

        var action = new Uri(page.Url, string.IsNullOrEmpty(form.GetAttribute("action")) ? page.Url.ToString() : form.GetAttribute("action")!);
        var method = (form.GetAttribute("method") ?? "get").ToUpperInvariant();
        HttpRequestMessage request;
        if (method == "POST")
        {
            request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(values) };
        }
        else
        {
            var query = string.Join('&', values.Select(v => Uri.EscapeDataString(v.Key) + "=" + Uri.EscapeDataString(v.Value)));
            request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(action) { Query = query }.Uri);
        }

        return request;
    }

    private static string Trim(string body) => body.Length > 600 ? body[..600] : body;

    public void Dispose() => _http.Dispose();
}

/// <summary>A page as the browser ended up on it.</summary>
internal sealed record Page(Uri Url, HttpStatusCode Status, string Body, IReadOnlyDictionary<string, string> Headers)
{
    private IHtmlDocument? _document;

    public IHtmlDocument Document => _document ??= new HtmlParser().ParseDocument(Body);

    public string? Text(string selector) => Document.QuerySelector(selector)?.TextContent.Trim();
}
