using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace IdentityBroker.Server.Protocol.Responses;

/// <summary>
/// The authorization response to the client's redirect URI: query (RFC 6749 §4.1.2) or form_post (OAuth 2.0 Form Post
/// Response Mode), always with <c>iss</c> (RFC 9207) and the client's <c>state</c>.
/// </summary>
internal static class AuthorizeResponse
{
    /// <summary>The inline script of the form_post page; its hash is allowed by the page's CSP.</summary>
    private const string AutoSubmitScript = "document.forms[0].submit();";

    private static readonly string AutoSubmitHash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(AutoSubmitScript)));

    public static IResult Success(string redirectUri, string responseMode, string code, string? state, string issuer) =>
        Build(redirectUri, responseMode, [(OpenIdConnectParameterNames.Code, code), (OpenIdConnectParameterNames.State, state), (OpenIdConnectParameterNames.Iss, issuer)]);

    public static IResult Error(string redirectUri, string responseMode, string error, string description, string? state, string issuer) =>
        Build(redirectUri, responseMode, [(OpenIdConnectParameterNames.Error, error), (OpenIdConnectParameterNames.ErrorDescription, Sanitize(description)), (OpenIdConnectParameterNames.State, state), (OpenIdConnectParameterNames.Iss, issuer)]);

    /// <summary>
    /// The error response as "return to the diary" on a refusal page, in the client's response mode: a link in query mode,
    /// a form posted to the redirect URI in form_post mode (so a form_post client learns the error too).
    /// </summary>
    public static Ui.ClientReturn ErrorReturn(string redirectUri, string responseMode, string error, string description, string? state, string issuer)
    {
        (string Key, string? Value)[] parameters = [(OpenIdConnectParameterNames.Error, error), (OpenIdConnectParameterNames.ErrorDescription, Sanitize(description)), (OpenIdConnectParameterNames.State, state), (OpenIdConnectParameterNames.Iss, issuer)];
        return responseMode == OpenIdConnectResponseMode.FormPost
            ? new Ui.ClientReturn(redirectUri, parameters.Where(p => p.Value is not null).Select(p => new Ui.ClientReturnField(p.Key, p.Value!)).ToList())
            : new Ui.ClientReturn(AppendQuery(redirectUri, parameters), null);
    }

    private static string AppendQuery(string redirectUri, (string Key, string? Value)[] parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}"));
        return redirectUri + (redirectUri.Contains('?', StringComparison.Ordinal) ? '&' : '?') + query;
    }

    /// <summary>Conformance: error_description without CR, LF or TAB, and only printable ASCII (RFC 6749 §4.1.2.1).</summary>
    private static string Sanitize(string text) => new(text.Where(c => c is >= ' ' and <= '~' and not '"' and not '\\').ToArray());

    private static IResult Build(string redirectUri, string responseMode, (string Key, string? Value)[] parameters)
    {
        var present = parameters.Where(p => p.Value is not null).ToList();
        if (responseMode == OpenIdConnectResponseMode.FormPost)
        {
            var html = new StringBuilder();
            html.Append("<!DOCTYPE html><html lang=\"ru\"><head><meta charset=\"utf-8\"><title>Вход…</title></head><body>");
            html.Append("<form method=\"post\" action=\"").Append(WebUtility.HtmlEncode(redirectUri)).Append("\">");
            foreach (var (key, value) in present)
            {
                html.Append("<input type=\"hidden\" name=\"").Append(key).Append("\" value=\"").Append(WebUtility.HtmlEncode(value)).Append("\">");
            }

            html.Append("<noscript><button type=\"submit\">Продолжить</button></noscript></form>");
            html.Append("<script>").Append(AutoSubmitScript).Append("</script></body></html>");
            return new FormPostResult(html.ToString(), $"default-src 'none'; script-src 'sha256-{AutoSubmitHash}'; frame-ancestors 'none'; base-uri 'none'");
        }

        return new NoStoreRedirect(AppendQuery(redirectUri, parameters));
    }

    private sealed class FormPostResult(string html, string csp) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var h = httpContext.Response.Headers;
            h.CacheControl = "no-store";
            h.Pragma = "no-cache";
            h.ContentSecurityPolicy = csp;
            httpContext.Response.ContentType = "text/html; charset=utf-8";
            return httpContext.Response.WriteAsync(html);
        }
    }
}

/// <summary>A 302 that no cache may keep (it carries a code or an error).</summary>
internal sealed class NoStoreRedirect(string location) : IResult
{
    public string Location { get; } = location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.CacheControl = "no-store";
        httpContext.Response.Headers.Pragma = "no-cache";
        httpContext.Response.Redirect(Location);
        return Task.CompletedTask;
    }
}
