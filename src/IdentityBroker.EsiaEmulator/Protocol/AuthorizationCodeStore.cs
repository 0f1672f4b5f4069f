using System.Collections.Concurrent;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>What an authorization code stands for.</summary>
internal sealed record CodeGrant(
    AuthorizationRequest Request,
    long Oid,
    string SessionId,
    DateTimeOffset AuthTime,
    DateTimeOffset ExpiresAt);

/// <summary>Single-use authorization codes held in memory until redeemed or expired.</summary>
internal sealed class AuthorizationCodeStore(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, CodeGrant> _codes = new(StringComparer.Ordinal);

    public void Add(string code, CodeGrant grant)
    {
        var now = time.GetUtcNow();
        foreach (var stale in _codes.Where(c => c.Value.ExpiresAt < now))
        {
            _codes.TryRemove(stale.Key, out _);
        }

        _codes[code] = grant;
    }

    /// <summary>Looks at a code without using it up (null if unknown or expired).</summary>
    public CodeGrant? Peek(string code) =>
        _codes.TryGetValue(code, out var grant) && grant.ExpiresAt >= time.GetUtcNow() ? grant : null;

    /// <summary>Atomically removes the code; only one caller ever gets a grant back.</summary>
    public CodeGrant? Consume(string code) =>
        _codes.TryRemove(code, out var grant) && grant.ExpiresAt >= time.GetUtcNow() ? grant : null;
}
