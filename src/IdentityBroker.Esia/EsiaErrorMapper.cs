using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IdentityBroker.Esia;

/// <summary>
/// Maps ESIA errors (ESIA.md §2.4 callback query, §3.5 token JSON, HTTP status) to <see cref="EsiaFailureKind"/>.
/// The ESIA code in <c>error_description</c> wins over the <c>error</c> value, which is not always the one of
/// MR's table (ESIA.md §2.4).
/// </summary>
public static partial class EsiaErrorMapper
{
    /// <summary>ESIA-007036: the account is blocked.</summary>
    public const string AccountBlockedCode = "ESIA-007036";

    /// <summary>ESIA-007055: sign-in with an unconfirmed account refused by ESIA (ESIA.md §7, §8): R-LEVEL-1, not our fault.</summary>
    public const string UnconfirmedAccountCode = "ESIA-007055";

    /// <summary>ESIA-007046: the scopes need two-factor sign-in, which the person's account cannot do (ESIA.md §8).</summary>
    public const string TwoFactorUnavailableCode = "ESIA-007046";

    /// <summary>
    /// The codes that mean OUR registration is wrong (certificate, mnemonic, scopes, client authentication, redirect URI,
    /// clock, client_secret, the system's permissions; ESIA.md §8): an operator must act, so they are <c>Misconfigured</c>
    /// (error log, the <c>kind=misconfigured</c> alert), never "invalid response". ESIA-008010 is the pre-3.39 spelling of
    /// ESIA-007010 (invalid_client).
    /// </summary>
    private static readonly HashSet<string> MisconfiguredCodes =
    [
        "ESIA-007002", "ESIA-007005", "ESIA-007006", "ESIA-007010", "ESIA-007013", "ESIA-007014", "ESIA-007015",
        "ESIA-007019", "ESIA-007023", "ESIA-007053", "ESIA-007071", "ESIA-008010",
    ];

    /// <summary>Maps the <c>error</c>/<c>error_description</c> of ESIA's redirect back to the broker (ESIA.md §2.4).</summary>
    public static EsiaException FromCallback(string error, string? description) =>
        FromError(error, description, "ESIA redirected back with an error");

    /// <summary>Maps an ESIA OAuth error pair from any endpoint.</summary>
    public static EsiaException FromError(string? error, string? description, string context)
    {
        var code = ExtractCode(description);
        var kind = Classify(error, code);
        return new EsiaException(kind, $"{context}: {SafeToken(error)} ({code ?? "no ESIA code"}).", code);
    }

    /// <summary>Maps a non-success token endpoint response (ESIA.md §3.5): JSON error body or bare HTTP status.</summary>
    public static EsiaException FromTokenResponse(HttpStatusCode status, string? body)
    {
        string? error = null;
        string? description = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    error = json.RootElement.TryGetProperty("error", out var e) ? e.GetString() : null;
                    description = json.RootElement.TryGetProperty("error_description", out var d) ? d.GetString() : null;
                }
            }
            catch (JsonException)
            {
                // not JSON: fall through to the status code
            }
        }

        if (error is null && ExtractCode(description) is null)
        {
            return FromStatus(status, "token endpoint");
        }

        return FromError(error, description, $"ESIA token endpoint answered HTTP {(int)status}");
    }

    /// <summary>Maps a bare HTTP status: 5xx/408/429 → unavailable, 401/403 → misconfigured, other → invalid response.</summary>
    public static EsiaException FromStatus(HttpStatusCode status, string operation)
    {
        var code = (int)status;
        var kind = code >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            ? EsiaFailureKind.Unavailable
            : status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
                ? EsiaFailureKind.Misconfigured
                : EsiaFailureKind.InvalidResponse;
        return new EsiaException(kind, $"ESIA {operation} answered HTTP {code}.");
    }

    /// <summary>The kind for an <c>error</c> value and an ESIA code (either may be null).</summary>
    public static EsiaFailureKind Classify(string? error, string? esiaCode)
    {
        if (esiaCode is not null)
        {
            if (esiaCode is "ESIA-007004" or AccountBlockedCode or UnconfirmedAccountCode or TwoFactorUnavailableCode)
            {
                return EsiaFailureKind.Denied;
            }

            if (esiaCode is "ESIA-007008" or "ESIA-007007")
            {
                return EsiaFailureKind.Unavailable;
            }

            if (MisconfiguredCodes.Contains(esiaCode))
            {
                return EsiaFailureKind.Misconfigured;
            }

            return EsiaFailureKind.InvalidResponse;
        }

        return error switch
        {
            "access_denied" => EsiaFailureKind.Denied,
            "temporarily_unavailable" or "server_error" => EsiaFailureKind.Unavailable,
            "unauthorized_client" or "invalid_client" or "invalid_scope" or "no_grants" or "authCanOnlyByPermissions" => EsiaFailureKind.Misconfigured,
            "authorization2faNotAvailable" => EsiaFailureKind.Denied,
            _ => EsiaFailureKind.InvalidResponse,
        };
    }

    /// <summary>Finds "ESIA-0070xx" in an <c>error_description</c>.</summary>
    public static string? ExtractCode(string? description)
    {
        if (string.IsNullOrEmpty(description))
        {
            return null;
        }

        var match = CodePattern().Match(description);
        return match.Success ? match.Value.ToUpperInvariant() : null;
    }

    // error values are short protocol tokens; anything else is not echoed into messages or logs
    private static string SafeToken(string? error) =>
        error is not null && error.Length <= 64 && SafeTokenPattern().IsMatch(error) ? error : "unrecognised error";

    [GeneratedRegex(@"ESIA-\d{6}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex("^[A-Za-z0-9_.-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeTokenPattern();
}
