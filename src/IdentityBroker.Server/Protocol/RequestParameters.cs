using Microsoft.Extensions.Primitives;

namespace IdentityBroker.Server.Protocol;

/// <summary>
/// The one reader of OAuth parameters, for every protocol endpoint (authorize, PAR, token, revocation, introspection,
/// userinfo, end_session): the query (GET) or an urlencoded form body (POST). It refuses, before any endpoint logic runs
/// (issue #10 items 3–5):
/// <list type="bullet">
/// <item>a parameter that occurs more than once (RFC 6749 §3.1 and §3.2: "MUST NOT be included more than once") —
/// <see cref="ParameterProblem.Repeated"/>, so the authorize endpoint can still answer by redirect (RFC 6749 §4.1.2.1);</item>
/// <item>a name or value with a control character (RFC 6749 Appendix A allows none; a NUL would otherwise reach PostgreSQL);</item>
/// <item>more than <see cref="ParameterLimits.MaxParameters"/> parameters, a name longer than <see cref="ParameterLimits.MaxNameLength"/>,
/// a value longer than its <see cref="ParameterLimits"/> limit.</item>
/// </list>
/// The description names the parameter and the fix; it never repeats the value.
/// </summary>
internal static class RequestParameters
{
    public static async Task<ParameterRead> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        IEnumerable<KeyValuePair<string, StringValues>> source;
        if (HttpMethods.IsGet(request.Method))
        {
            source = request.Query;
        }
        else if (HttpMethods.IsPost(request.Method) && IsUrlEncoded(request))
        {
            // RequestLimits has read (and bounded) the form already; this returns the cached collection
            source = await request.ReadFormAsync(cancellationToken);
        }
        else
        {
            return ParameterRead.Unsupported;
        }

        return Check(source);
    }

    /// <summary>The parameters of a POST form only (userinfo: the token in the body, RFC 6750 §2.2); empty for other requests.</summary>
    public static async Task<ParameterRead> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken) =>
        HttpMethods.IsPost(request.Method) && IsUrlEncoded(request)
            ? Check(await request.ReadFormAsync(cancellationToken))
            : new ParameterRead(new Dictionary<string, string[]>(StringComparer.Ordinal), null, ParameterProblem.None);

    internal static ParameterRead Check(IEnumerable<KeyValuePair<string, StringValues>> source)
    {
        var values = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? repeated = null;
        var count = 0;
        foreach (var (key, value) in source)
        {
            count += Math.Max(1, value.Count);
            if (count > ParameterLimits.MaxParameters)
            {
                return Fail(ParameterProblem.Limit, $"The request has more than {ParameterLimits.MaxParameters} parameters.");
            }

            if (key.Length > ParameterLimits.MaxNameLength)
            {
                return Fail(ParameterProblem.Limit, $"A parameter name is longer than {ParameterLimits.MaxNameLength} characters.");
            }

            if (HasControlCharacter(key))
            {
                return Fail(ParameterProblem.Characters, "A parameter name contains a control character.");
            }

            var strings = value.Where(v => v is not null).Select(v => v!).ToArray();
            var limit = ParameterLimits.For(key);
            foreach (var v in strings)
            {
                if (v.Length > limit)
                {
                    return Fail(ParameterProblem.Limit, $"{key} is longer than {limit} characters; send a shorter value.");
                }

                if (HasControlCharacter(v))
                {
                    return Fail(ParameterProblem.Characters, $"{key} contains a control character; remove it.");
                }
            }

            if (strings.Length > 1)
            {
                repeated ??= key;
            }

            values[key] = strings;
        }

        return repeated is null
            ? new ParameterRead(values, null, ParameterProblem.None)
            : new ParameterRead(values, $"{repeated} is repeated; send each parameter once (RFC 6749 §3.1).", ParameterProblem.Repeated);

        static ParameterRead Fail(ParameterProblem kind, string problem) => new(null, problem, kind);
    }

    /// <summary>C0 controls, DEL and C1 controls: no OAuth parameter carries them (RFC 6749 Appendix A: VSCHAR, NQSCHAR, UNICODECHARNOCRLF).</summary>
    public static bool HasControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (c < 0x20 || (c >= 0x7F && c <= 0x9F))
            {
                return true;
            }
        }

        return false;
    }

    public static string? One(this IReadOnlyDictionary<string, string[]> p, string key) =>
        p.TryGetValue(key, out var v) && v.Length == 1 && !string.IsNullOrEmpty(v[0]) ? v[0] : null;

    private static bool IsUrlEncoded(HttpRequest request) =>
        request.HasFormContentType && request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
}

internal enum ParameterProblem
{
    None,
    Repeated,
    Characters,
    Limit,
}

/// <summary>
/// What <see cref="RequestParameters"/> read. <see cref="Parameters"/> is set unless the request could not be read safely
/// (wrong method or content type: <see cref="IsUnsupported"/>; a limit or a control character). A repeated parameter
/// leaves <see cref="Parameters"/> set together with <see cref="Problem"/>.
/// </summary>
internal sealed record ParameterRead(IReadOnlyDictionary<string, string[]>? Parameters, string? Problem, ParameterProblem Kind)
{
    public static readonly ParameterRead Unsupported = new(null, null, ParameterProblem.None);

    public bool IsUnsupported => Parameters is null && Problem is null;

    /// <summary>The parameters when the request is fully acceptable (no repeats either), else null.</summary>
    public IReadOnlyDictionary<string, string[]>? Valid => Problem is null ? Parameters : null;
}
