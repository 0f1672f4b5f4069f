using IdentityBroker.Server.Protocol.Tokens;

namespace IdentityBroker.Server.Protocol.Validation;

/// <summary>
/// The <c>request_uri</c> of a pushed authorization request (RFC 9126 §2.2): a URN with 256 random bits, valid for 60 s,
/// kept only as its SHA-256 (like codes), used once.
/// </summary>
internal static class PushedRequestUri
{
    public const string Prefix = "urn:ietf:params:oauth:request_uri:";

    /// <summary>OIDC Core §3.1.2.6: the request_uri is invalid, expired, used or another client's.</summary>
    public const string InvalidRequestUri = "invalid_request_uri";

    /// <summary>RFC 9126 §2.2 suggests a short lifetime (5 to 600 s); one minute is enough for an app to open the browser.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    public static string New() => Prefix + OpaqueHandle.New();

    /// <summary>The store key of a presented value, or null if it cannot be one of ours.</summary>
    public static string? Hash(string? requestUri) =>
        requestUri is { Length: <= 200 } && requestUri.StartsWith(Prefix, StringComparison.Ordinal) ? OpaqueHandle.Hash(requestUri) : null;
}
