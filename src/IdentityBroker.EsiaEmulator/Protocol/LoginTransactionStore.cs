using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace IdentityBroker.EsiaEmulator.Protocol;

/// <summary>An in-progress login: the validated request and, after the persona is chosen, its key.</summary>
internal sealed class LoginTransaction(string id, AuthorizationRequest request, DateTimeOffset expiresAt)
{
    public string Id { get; } = id;
    public AuthorizationRequest Request { get; } = request;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public string? PersonaKey { get; set; }
    public DateTimeOffset? AuthTime { get; set; }
}

/// <summary>
/// In-memory logins keyed by a random 128-bit id (the emulator is single-instance). Entries live 15 minutes and are
/// removed when finished.
/// </summary>
internal sealed class LoginTransactionStore(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    private readonly ConcurrentDictionary<string, LoginTransaction> _items = new(StringComparer.Ordinal);

    public LoginTransaction Start(AuthorizationRequest request)
    {
        var now = time.GetUtcNow();
        foreach (var stale in _items.Values.Where(t => t.ExpiresAt < now))
        {
            _items.TryRemove(stale.Id, out _);
        }

        var id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var transaction = new LoginTransaction(id, request, now + Lifetime);
        _items[id] = transaction;
        return transaction;
    }

    public LoginTransaction? Find(string? id) =>
        id is not null && _items.TryGetValue(id, out var t) && t.ExpiresAt >= time.GetUtcNow() ? t : null;

    public void Finish(string id) => _items.TryRemove(id, out _);
}
