using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>Refresh tokens (issued only for <c>access_type=offline</c>); each is single-use and replaced on refresh.</summary>
internal sealed class RefreshTokenStore(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);
    private readonly ConcurrentDictionary<string, CodeGrant> _tokens = new(StringComparer.Ordinal);

    public string Issue(CodeGrant grant)
    {
        var token = new Guid(RandomNumberGenerator.GetBytes(16)).ToString();
        _tokens[token] = grant with { ExpiresAt = time.GetUtcNow() + Lifetime };
        return token;
    }

    /// <summary>Removes the token; null when unknown, and also null (with <paramref name="expired"/>) after its lifetime.</summary>
    public CodeGrant? Consume(string token, out bool expired)
    {
        expired = false;
        if (!_tokens.TryRemove(token, out var grant))
        {
            return null;
        }

        expired = grant.ExpiresAt < time.GetUtcNow();
        return expired ? null : grant;
    }
}
