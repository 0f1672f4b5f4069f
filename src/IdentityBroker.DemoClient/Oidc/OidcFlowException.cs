namespace IdentityBroker.DemoClient.Oidc;

/// <summary>
/// A sign-in step that failed in a way the user should see: a stable <see cref="Code"/> (shown as #error-code),
/// a Russian <see cref="UserMessage"/>, and a one-line English <see cref="Detail"/> that never contains tokens or codes.
/// </summary>
internal sealed class OidcFlowException(string code, string userMessage, string detail, int statusCode = StatusCodes.Status400BadRequest)
    : Exception(detail)
{
    public string Code { get; } = code;

    public string UserMessage { get; } = userMessage;

    public string Detail { get; } = detail;

    public int StatusCode { get; } = statusCode;

    /// <summary>Error descriptions coming from the OP are shown to the user; keep them short and on one line.</summary>
    public static string Clip(string? value, int max = 300)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var oneLine = value.ReplaceLineEndings(" ").Replace('\t', ' ');
        return oneLine.Length <= max ? oneLine : oneLine[..max] + "…";
    }
}
