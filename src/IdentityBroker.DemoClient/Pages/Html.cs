using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace IdentityBroker.DemoClient.Pages;

/// <summary>The page frame (inline CSS, no static files) and HTML encoding.</summary>
internal static class Html
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private const string Css = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6fa;color:#1d2433}
        header{background:#0d4cd3;color:#fff;padding:14px 24px;font-size:20px;font-weight:600}
        main{max-width:880px;margin:24px auto;padding:0 16px}
        section{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:16px;box-shadow:0 1px 3px rgba(0,0,0,.08)}
        h1{font-size:24px;margin:0 0 16px}h2{font-size:18px;margin:0 0 12px}
        table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e7ef;vertical-align:top}
        td{font-family:ui-monospace,monospace;word-break:break-all}
        pre{background:#f0f2f7;padding:12px;border-radius:6px;overflow:auto;margin:0}
        .button,button{display:inline-block;background:#0d4cd3;color:#fff;border:0;border-radius:6px;padding:10px 18px;font-size:15px;text-decoration:none;cursor:pointer}
        button.secondary{background:#e3e7ef;color:#1d2433}
        .actions{display:flex;gap:12px}.actions form{margin:0}
        .error{background:#fdecec;border:1px solid #f3b4b4;border-radius:8px;padding:12px 16px;margin-bottom:16px}
        .detail,.muted{color:#5b6476;font-size:13px}
        """;

    public static string E(string? value) => Encoder.Encode(value ?? "");

    public static IResult Page(string title, string body, int statusCode = StatusCodes.Status200OK) =>
        Results.Content($"""
            <!DOCTYPE html>
            <html lang="ru">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{E(title)}</title><style>{Css}</style></head>
            <body><header>Электронный дневник (демо)</header>
            <main>
            {body}
            </main></body></html>
            """, "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>The error box shared by the error page and the UserInfo panel.</summary>
    public static string ErrorBox(string code, string userMessage, string detail, string? description = null) => $"""
        <div id="error" class="error" role="alert">
          <p>{E(userMessage)}</p>
          <p>Код ошибки: <code id="error-code">{E(code)}</code></p>
          {(string.IsNullOrEmpty(description) ? "" : $"<p>Описание: <span id=\"error-description\">{E(description)}</span></p>")}
          <p class="detail" id="error-detail">Technical detail: {E(detail)}</p>
        </div>
        """;
}
