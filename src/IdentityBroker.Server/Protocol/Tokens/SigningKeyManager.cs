using IdentityBroker.Core.Stores;
using IdentityBroker.Server.Configuration;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace IdentityBroker.Server.Protocol.Tokens;

/// <summary>
/// Token-signing keys, shared by every replica through PostgreSQL, rotated automatically
/// (conformance oidcc-server-rotate-keys; ../shared/docs/OIDC-CONFORMANCE.md "Key rotation drill"):
/// <list type="number">
/// <item>a successor is created <see cref="SigningOptions.PublishAhead"/> before the current key retires, and is
/// published in the JWKS from then on, but does not sign until its activation time;</item>
/// <item>the key that signs is the most recently activated one;</item>
/// <item>a key stays in the JWKS until every token it signed has expired.</item>
/// </list>
/// Creation runs under a PostgreSQL advisory lock (<see cref="ISigningKeyStore.AddIfNoneUsableAsync"/>), so replicas
/// agree on one key set; each replica re-reads the set every <see cref="SigningOptions.KeySetRefreshInterval"/>.
/// </summary>
internal sealed class SigningKeyManager(
    ISigningKeyStore store, SigningKeyFactory factory, IOptions<BrokerOptions> broker, IOptions<SigningOptions> signing, TimeProvider time, ILogger<SigningKeyManager> logger) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private KeySet? _current;

    /// <summary>At start-up and then periodically: make sure a key signs now and a successor is published ahead of rotation.</summary>
    public async Task EnsureKeysAsync(CancellationToken cancellationToken)
    {
        var s = signing.Value;
        var now = time.GetUtcNow();
        var ahead = now + s.PublishAhead;

        // Keys are generated only when the freshly read set lacks one (an RSA key costs tens of milliseconds of CPU, and
        // this runs on every replica every refresh interval); the store's check under its advisory lock stays the authority.
        var known = (await LoadAsync(cancellationToken)).Keys.Select(k => k.Record).ToList();

        // A key signs now — or a published successor takes over within PublishAhead (the old key keeps signing until it
        // activates: the signer is the most recently activated key, retired or not).
        if (!Covers(known, now, now + s.PublishAhead) &&
            await store.AddIfNoneUsableAsync(NewKey(now, now), now, cancellationToken, activatesBy: now + s.PublishAhead))
        {
            Log.SigningKeyCreated(logger, _lastCreated!, s.Algorithm);
        }

        // A successor is published PublishAhead before the current key retires. A successor already published that activates
        // a little later counts too: two replicas whose clocks were read at slightly different moments would otherwise each
        // add one.
        if (!Covers(known, ahead, ahead + s.PublishAhead) &&
            await store.AddIfNoneUsableAsync(NewKey(now, ahead), ahead, cancellationToken, activatesBy: ahead + s.PublishAhead))
        {
            Log.SigningKeyCreated(logger, _lastCreated!, s.Algorithm);
        }

        await LoadAsync(cancellationToken);
    }

    /// <summary>The pre-check of <see cref="ISigningKeyStore.AddIfNoneUsableAsync"/>'s condition on the loaded set.</summary>
    private static bool Covers(IEnumerable<SigningKeyRecord> keys, DateTimeOffset usableAt, DateTimeOffset activatesBy) =>
        keys.Any(k => k.ActivatesAt <= activatesBy && k.RetiresAt > usableAt && k.ExpiresAt > usableAt);

    public async Task<SigningCredentials> GetSigningCredentialsAsync(CancellationToken cancellationToken)
    {
        var set = await GetKeySetAsync(cancellationToken);
        var now = time.GetUtcNow();
        var active = set.Keys.Where(k => k.Record.ActivatesAt <= now).MaxBy(k => k.Record.ActivatesAt)
                     ?? throw new InvalidOperationException("No usable token-signing key. Check that the broker can write to the signing_keys table.");
        return new SigningCredentials(active.Key, active.Record.Algorithm);
    }

    public async Task<IReadOnlyList<SecurityKey>> GetValidationKeysAsync(CancellationToken cancellationToken) =>
        (await GetKeySetAsync(cancellationToken)).Keys.Select(k => (SecurityKey)k.Key).ToList();

    /// <summary>Algorithms of the keys currently published (for discovery).</summary>
    public async Task<IReadOnlyList<string>> GetAlgorithmsAsync(CancellationToken cancellationToken) =>
        (await GetKeySetAsync(cancellationToken)).Keys.Select(k => k.Record.Algorithm).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The JWKS document: every key not yet expired, public parts only.</summary>
    public async Task<string> GetJwksJsonAsync(CancellationToken cancellationToken) =>
        "{\"keys\":[" + string.Join(',', (await GetKeySetAsync(cancellationToken)).Keys.Select(k => k.Record.PublicJwk)) + "]}";

    private string? _lastCreated;

    private SigningKeyRecord NewKey(DateTimeOffset now, DateTimeOffset activatesAt)
    {
        var s = signing.Value;
        var b = broker.Value;
        var retires = activatesAt + s.RotationPeriod;
        // The key may sign until its successor activates (at most one refresh interval after it retires); tokens it signed
        // live at most the longest token lifetime after that. A day of margin covers client-specific lifetimes.
        var longest = new[] { b.AccessTokenLifetime, b.IdTokenLifetime }.Max();
        var expires = retires + s.KeySetRefreshInterval * 2 + longest + TimeSpan.FromDays(1);
        var record = factory.Create(s.Algorithm == "ES256" ? SecurityAlgorithms.EcdsaSha256 : SecurityAlgorithms.RsaSha256, now, activatesAt, retires, expires);
        _lastCreated = record.KeyId;
        return record;
    }

    private async Task<KeySet> GetKeySetAsync(CancellationToken cancellationToken)
    {
        var set = _current;
        if (set is not null && time.GetUtcNow() - set.LoadedAt < signing.Value.KeySetRefreshInterval)
        {
            return set;
        }

        return await LoadAsync(cancellationToken);
    }

    private async Task<KeySet> LoadAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken);
        try
        {
            var now = time.GetUtcNow();
            var previous = _current?.Keys.ToDictionary(k => k.Record.KeyId);
            var records = await store.GetCurrentAsync(now, cancellationToken);
            var keys = records.Select(r => previous is not null && previous.TryGetValue(r.KeyId, out var known) ? known : new LoadedKey(r, factory.Load(r))).ToList();
            _current = new KeySet(now, keys);
            return _current;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A singleton: the container disposes it at shutdown, after the rotation service has stopped using it.</summary>
    public void Dispose() => _lock.Dispose();

    private sealed record LoadedKey(SigningKeyRecord Record, AsymmetricSecurityKey Key);

    private sealed record KeySet(DateTimeOffset LoadedAt, IReadOnlyList<LoadedKey> Keys);
}
